import fs from 'node:fs'
import path from 'node:path'
import { sessionKeys, rootNames, type Session } from '@hilink/protocol'
import type { Config } from './config.ts'
import { openDatabase, type Db } from './db/connection.ts'
import { ensurePrivateDir, makePrivate } from './db/private-files.ts'
import { FailedAuthLimiter } from './http/rate-limits.ts'
import { clientAddressBehind, type ClientAddress } from './http/client-address.ts'
import { TenantsRepo, generateAdminKey } from './db/tenants-repo.ts'
import { TenantService } from './tenants/tenant-service.ts'
import { OperatorKey, generateOperatorKey } from './auth/operator.ts'
import { SessionsRepo } from './db/sessions-repo.ts'
import { DocUpdatesRepo } from './db/doc-updates-repo.ts'
import { SecretsRepo } from './db/secrets-repo.ts'
import { TokenService } from './auth/tokens.ts'
import { DocStore } from './sync/doc-store.ts'
import { SyncServer } from './sync/sync-server.ts'
import { TranscriptRepo } from './db/transcript-repo.ts'
import { Transcriber } from './ai/transcriber.ts'
import { TranscriptionService } from './transcripts/transcription-service.ts'
import { AudioServer } from './transcripts/audio-server.ts'
import { ParticipantsRepo } from './db/participants-repo.ts'
import { SummariesRepo } from './db/summaries-repo.ts'
import { SummaryService } from './summaries/summary-service.ts'
import { RecapMailer } from './summaries/recap-mailer.ts'
import { EventsRepo } from './db/events-repo.ts'
import { PollLibraryRepo, PollsRepo } from './db/polls-repo.ts'
import { ObservedEventsRepo } from './engagement/observed-events-repo.ts'
import { EngagementService } from './engagement/engagement-service.ts'
import { EngagementSettingsRepo } from './db/engagement-settings-repo.ts'
import { PollService } from './polls/poll-service.ts'
import { HandService } from './hands/hand-service.ts'
import { SignalService } from './events/signal-service.ts'
import { ChatService } from './chat/chat-service.ts'
import { AttendanceRepo } from './db/attendance-repo.ts'
import { AttendanceService } from './attendance/attendance-service.ts'
import { AvService } from './av/av-service.ts'
import { WhiteboardService } from './whiteboard/whiteboard-service.ts'
import { ContributionTracker } from './whiteboard/contributions.ts'
import { LifecycleService } from './events/lifecycle-service.ts'
import { createLearningRecord, type LearningRecord } from './events/learning-record.ts'
import { createLti, type Lti } from './lti/lti-module.ts'

export const defaultTenantId = 'default'

/** Everything the app needs, built from the configuration. Tests build it on a temp data dir. */
export interface Services {
  config: Config
  db: Db
  tenants: TenantsRepo
  /** Tenants and their settings (operator API, a tenant's own settings, the theme). */
  tenantService: TenantService
  sessions: SessionsRepo
  tokens: TokenService
  /** Failed sign-ins per address and credential prefix, shared by the HTTP API and the WebSocket upgrades. */
  failedAuth: FailedAuthLimiter
  /** The client's address behind the trusted proxies (HILINK_TRUSTED_PROXIES), for HTTP and WebSocket upgrades. */
  clientAddress: ClientAddress
  sync: SyncServer
  transcripts: TranscriptRepo
  participants: ParticipantsRepo
  summaries: SummariesRepo
  summaryService: SummaryService
  events: EventsRepo
  polls: PollService
  /** Saved polls per course. */
  pollLibrary: PollLibraryRepo
  engagementSettings: EngagementSettingsRepo
  engagement: EngagementService
  hands: HandService
  chat: ChatService
  /** Board lock and records; contributions per minute are tracked from applied sync updates. */
  whiteboard: WhiteboardService
  attendance: AttendanceService
  /** Session start/end as domain events (statements in the transition's transaction) and their side effects. */
  lifecycle: LifecycleService
  /** What reads the outbox: webhooks, LRS forwarding, analytics, exceptions. */
  record: LearningRecord
  /** The LTI 1.3 tool: platforms, launches, the roster (NRPS) and grades (AGS) from the outbox. */
  lti: Lti
  signals: SignalService
  /** Audio/video through LiveKit; `av.start()` starts the embedded SFU (main.ts). */
  av: AvService
  transcription: TranscriptionService
  audio: AudioServer
  /** Mirrors a session into its document (after creation and every change). */
  publishSession(tenantId: string, session: Session): void
  /** The admin key when this start generated it (so the caller can show it once). */
  generatedAdminKey: string | undefined
  adminKeyFile: string
  /** Checks the operator key (tenants API); the key itself is not kept. */
  operator: OperatorKey
  /** The operator key when this start generated it (shown once, like the admin key). */
  generatedOperatorKey: string | undefined
  operatorKeyFile: string
  /** Ends every WebSocket (sync and audio), counting presence; the HTTP server can then close. */
  closeSockets(): void
  close(): Promise<void>
}

export function createServices(config: Config): Services {
  ensurePrivateDir(config.dataDir)
  const dbFile = path.join(config.dataDir, 'hilink.sqlite')
  const db = openDatabase(dbFile)
  makePrivate(dbFile, `${dbFile}-wal`, `${dbFile}-shm`)
  const tenants = new TenantsRepo(db)
  const sessions = new SessionsRepo(db)
  const tokens = new TokenService(new SecretsRepo(db).getOrCreate('token-signing-key'))
  const participants = new ParticipantsRepo(db)
  const clientAddress = clientAddressBehind(config.trustedProxies)
  const failedAuth = new FailedAuthLimiter(config.rateLimits.authFailuresPerMinute, clientAddress)
  const sync = new SyncServer({
    tokens,
    failedAuth,
    clientAddress,
    sessions,
    participants,
    store: new DocStore(new DocUpdatesRepo(db)),
    maxMessageBytes: config.maxSyncMessageBytes,
    maxDocBytes: config.maxDocBytes,
    maxBufferedBytes: config.maxBufferedBytes,
  })
  const transcripts = new TranscriptRepo(db)
  const speechModel = config.speech.enabled && Transcriber.modelInstalled(config.speech)
  if (config.speech.enabled && !speechModel) {
    console.warn(`hilink: no speech model in ${path.join(config.speech.modelDir, config.speech.modelId)}; transcription is off (npm run setup installs it)`)
  }
  const transcriber = speechModel ? new Transcriber({ ...config.speech, maxQueued: 64 }) : undefined
  const transcription = new TranscriptionService(transcriber, transcripts, sessions, sync)
  const audio = new AudioServer(tokens, sessions, transcription)
  const summaries = new SummariesRepo(db)
  // Tells the live engagement panel about each statement as it is recorded (the learning record is unchanged).
  const events = new ObservedEventsRepo(db, config.publicUrl)
  const inTransaction = <T,>(work: () => T): T => db.transaction(work)()
  // Recaps mailed are recorded as sent in the transaction that marks them e-mailed.
  const mailer = config.smtp ? new RecapMailer(summaries, config.smtp, events, inTransaction) : undefined
  void mailer?.deliverPending() // whatever a previous run could not deliver
  const polls = new PollService(new PollsRepo(db), events, sync, inTransaction)
  sync.addLiveSnapshot((tenantId, sessionId) => polls.liveSnapshot(tenantId, sessionId))
  const engagementSettings = new EngagementSettingsRepo(db)
  const engagement = new EngagementService({
    settings: (tenantId) => engagementSettings.get(tenantId),
    roleOf: (tenantId, sessionId, userId) => participants.list(tenantId, sessionId).find((p) => p.userId === userId)?.role,
    history: (tenantId, sessionId) => events.forSession(tenantId, sessionId),
    send: (tenantId, sessionId, message) => sync.sendLive(tenantId, sessionId, message),
    ended: (tenantId, sessionId) => sessions.get(tenantId, sessionId)?.state === 'ended',
    // `av` is built below; asked only when a message is built, by then it is there.
    speakingMeasured: () => av.mode !== 'off',
  })
  events.onRecorded((tenantId, sessionId, statement) => engagement.recorded(tenantId, sessionId, statement))
  sync.addLiveSnapshot((tenantId, sessionId) => [engagement.snapshot(tenantId, sessionId)])
  polls.rearm() // timed polls left open by a previous run close at their deadline (or now, when it has passed)
  const hands = new HandService(events, sync, inTransaction)
  const chat = new ChatService(events, sync, inTransaction)
  const contributions = new ContributionTracker(events, (tenantId, sessionId) => sessions.get(tenantId, sessionId)?.title ?? sessionId)
  const whiteboard = new WhiteboardService(sync, contributions)
  sync.onClientChange(contributions.onClientChange)
  const attendance = new AttendanceService(new AttendanceRepo(db), participants, sessions, events, inTransaction)
  sync.onConnection({ opened: (claims) => attendance.connected(claims), closed: (claims) => attendance.disconnected(claims) })
  const summaryService = new SummaryService(summaries, transcripts, participants, sync, transcription, events, polls, inTransaction, () => {
    void mailer?.deliverPending()
  }, mailer !== undefined)
  const secrets = new SecretsRepo(db)
  const av = new AvService({
    mode: config.av.mode,
    external: config.livekit,
    // Keys of the embedded SFU: generated per data dir and kept with the other secrets, never logged.
    embedded: {
      binary: config.av.livekitBinary,
      host: config.host,
      apiKey: `HL${Buffer.from(secrets.getOrCreate('livekit-api-key', 8)).toString('hex')}`,
      apiSecret: Buffer.from(secrets.getOrCreate('livekit-api-secret', 32)).toString('base64url'),
    },
    sync,
  })
  const lifecycle = new LifecycleService(db, events, participants, attendance, {
    publishSession: (tenantId, session) => writeSessionState(sync, tenantId, session, speechModel),
    closePolls: (tenantId, session) => polls.closeAllOpen(tenantId, session),
    clearHands: (tenantId, sessionId) => hands.clear(tenantId, sessionId),
    endAv: (tenantId, sessionId) => av.endSession(tenantId, sessionId),
    draftSummary: (tenantId, session) => {
      // The board's contributions of the last minute go on record first, so that the summary counts them.
      contributions.flushSession(tenantId, session.id)
      return summaryService.draftAtEnd(tenantId, session)
    },
  })
  const record = createLearningRecord(db, events, config, { sessions, attendance })
  record.start()
  const lti = createLti(db, config, { sessions, participants, tokens, attendance, events, sessionCreated: lifecycle.changed })
  lti.start()
  const adminKeyFile = path.join(config.dataDir, 'admin-key')
  const { key, generated } = resolveKey(config.adminKey, adminKeyFile, generateAdminKey)
  const operatorKeyFile = path.join(config.dataDir, 'operator-key')
  const operatorKey = resolveKey(config.operatorKey, operatorKeyFile, generateOperatorKey)
  // Two distinct powers: a configured key that was both would make a tenant admin the operator.
  if (operatorKey.key === key) throw new Error('HILINK_OPERATOR_KEY must differ from the admin key')
  tenants.upsert(defaultTenantId, 'Default tenant', key)
  return {
    config,
    db,
    tenants,
    tenantService: new TenantService(tenants, defaultTenantId),
    sessions,
    tokens,
    failedAuth,
    clientAddress,
    sync,
    transcripts,
    participants,
    summaries,
    summaryService,
    events,
    polls,
    pollLibrary: new PollLibraryRepo(db),
    engagementSettings,
    engagement,
    hands,
    signals: new SignalService(events, inTransaction),
    chat,
    whiteboard,
    attendance,
    lifecycle,
    record,
    lti,
    av,
    transcription,
    audio,
    publishSession: (tenantId, session) => writeSessionState(sync, tenantId, session, speechModel),
    generatedAdminKey: generated ? key : undefined,
    adminKeyFile,
    operator: new OperatorKey(operatorKey.key),
    generatedOperatorKey: operatorKey.generated ? operatorKey.key : undefined,
    operatorKeyFile,
    closeSockets() {
      polls.stop()
      engagement.stop()
      contributions.close()
      attendance.close() // before the sockets: their close events come after the database has closed
      audio.close()
      sync.close()
    },
    async close() {
      this.closeSockets()
      mailer?.close()
      await transcriber?.close()
      await av.close()
      await lti.close()
      await record.close()
      db.close()
    },
  }
}

/** The configured key, else the one stored in the data dir, else a new one stored there (mode 0600). */
function resolveKey(configured: string | undefined, file: string, generate: () => string): { key: string; generated: boolean } {
  if (configured) return { key: configured, generated: false }
  if (fs.existsSync(file)) return { key: fs.readFileSync(file, 'utf8').trim(), generated: false }
  const key = generate()
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 })
  return { key, generated: true }
}

/**
 * Mirrors a session's title, lifecycle state and transcription settings into its document, where every
 * client sees them live: that is how transcription is announced in the room.
 */
export function writeSessionState(sync: SyncServer, tenantId: string, session: Session, speechModel: boolean): void {
  sync.changeDoc(tenantId, session.id, (doc) => {
    const map = doc.getMap(rootNames.session)
    map.set(sessionKeys.title, session.title)
    map.set(sessionKeys.state, session.state)
    const transcription = !speechModel ? 'unavailable' : session.transcription.enabled ? 'on' : 'off'
    if (map.get(sessionKeys.transcription) !== transcription) map.set(sessionKeys.transcription, transcription)
    if (map.get(sessionKeys.transcribeLearners) !== session.transcription.learners) {
      map.set(sessionKeys.transcribeLearners, session.transcription.learners)
    }
  })
}
