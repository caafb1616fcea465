import { AccessToken, RoomServiceClient, TrackSource } from 'livekit-server-sdk'
import { avSessionKeys, can, rootNames, type AvMode, type AvToken, type ParticipantClaims, type Session } from '@hilink/protocol'
import type { SyncServer } from '../sync/sync-server.ts'
import { sfuBinaryExists, startSfu, type RunningSfu } from './sfu-process.ts'

/** Where AV tokens point and how they are signed. The secret never leaves the server nor reaches a log. */
export interface LivekitConnection {
  url: string
  apiKey: string
  apiSecret: string
}

export interface AvServiceOptions {
  mode: AvMode
  /** For `external`: the configured LiveKit. */
  external?: LivekitConnection
  /** For `embedded`. */
  embedded?: { binary: string; host: string; apiKey: string; apiSecret: string; log?: (line: string) => void; stopGraceMs?: number }
  sync: SyncServer
  /** Lifetime of a participant's AV token: only for joining (LiveKit refreshes a connected participant's own). */
  tokenTtlSeconds?: number
}

export type AvTokenOutcome =
  | { ok: true; token: AvToken }
  | { ok: false; reason: 'not_configured' | 'ended' }

export type LearnersOutcome = { ok: true; publish: boolean } | { ok: false; reason: 'not_configured' | 'ended' }

const cameraAndMic = [TrackSource.CAMERA, TrackSource.MICROPHONE]
const withScreen = [...cameraAndMic, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO]

/**
 * Audio/video through LiveKit, free of HTTP: participant tokens by role, the instructor's switch for learners'
 * cameras and microphones (kept in the document's server-authored session map and enforced on connected learners
 * through the RoomService API), and closing a room when its session ends.
 */
export class AvService {
  private sfu: RunningSfu | undefined
  private connection: LivekitConnection | undefined
  private rooms: RoomServiceClient | undefined
  private actualMode: AvMode
  private starting: Promise<void> | undefined

  constructor(private readonly opts: AvServiceOptions) {
    this.actualMode = opts.mode
    if (opts.mode === 'external' && opts.external) this.use(opts.external)
  }

  get mode(): AvMode {
    return this.actualMode
  }

  /** Whether the embedded SFU runs as our child process. */
  get embeddedSfu(): RunningSfu | undefined {
    return this.sfu
  }

  /**
   * Starts the embedded SFU (if that is the mode); without its binary, or if it fails, AV is off. HiLink serves
   * meanwhile: AV requests wait for it (`ready`).
   */
  start(): Promise<void> {
    this.starting ??= this.startEmbedded()
    return this.starting
  }

  /** Resolves once AV is set up (or known to be off). */
  get ready(): Promise<void> {
    return this.starting ?? Promise.resolve()
  }

  private async startEmbedded(): Promise<void> {
    const e = this.opts.embedded
    if (this.opts.mode !== 'embedded' || this.sfu) return
    if (!e || !sfuBinaryExists(e.binary)) {
      console.warn(`hilink: no LiveKit SFU at ${e?.binary ?? '(none)'}; audio/video is off (npm run setup builds it, or set LIVEKIT_URL)`)
      this.actualMode = 'off'
      return
    }
    try {
      this.sfu = await startSfu({ binary: e.binary, host: e.host, apiKey: e.apiKey, apiSecret: e.apiSecret, log: e.log, stopGraceMs: e.stopGraceMs })
      this.use({ url: this.sfu.url, apiKey: e.apiKey, apiSecret: e.apiSecret })
      console.log(`hilink: LiveKit SFU (audio/video) on ${this.sfu.url}`)
      const sfu = this.sfu
      void sfu.exited.then(() => {
        if (this.sfu !== sfu) return // stopped by close()
        // The SFU died under us: say so, and answer av_not_configured rather than tokens for a dead server.
        console.warn('hilink: the LiveKit SFU exited; audio/video is off until the server restarts')
        this.sfu = undefined
        this.connection = undefined
        this.rooms = undefined
        this.actualMode = 'off'
      })
    } catch (err) {
      console.warn(`hilink: the LiveKit SFU did not start (${err instanceof Error ? err.message : String(err)}); audio/video is off`)
      this.actualMode = 'off'
    }
  }

  private use(connection: LivekitConnection): void {
    this.connection = connection
    this.rooms = new RoomServiceClient(connection.url.replace(/^ws/, 'http'), connection.apiKey, connection.apiSecret)
  }

  roomName(tenantId: string, sessionId: string): string {
    return `${tenantId}__${sessionId}`
  }

  /**
   * A participant token for the session's room. `publicHost` (the host name the caller reached HiLink by)
   * replaces a loopback or wildcard SFU address, so a browser on another address reaches the embedded SFU too.
   */
  async token(claims: ParticipantClaims, session: Session, publicHost?: string): Promise<AvTokenOutcome> {
    await this.ready
    if (!this.connection) return { ok: false, reason: 'not_configured' }
    if (session.state === 'ended') return { ok: false, reason: 'ended' }
    const room = this.roomName(claims.tenant, session.id)
    const ttl = this.opts.tokenTtlSeconds ?? 600
    const learnersPublish = this.learnersPublish(claims.tenant, session.id)
    const canPublish = can(claims.role, 'av.publish') || (claims.role === 'learner' && learnersPublish)
    const canPublishScreen = can(claims.role, 'av.publishScreen')
    const at = new AccessToken(this.connection.apiKey, this.connection.apiSecret, {
      identity: claims.sub,
      name: claims.name,
      ttl,
      attributes: { role: claims.role },
    })
    at.addGrant({
      roomJoin: true,
      room,
      canSubscribe: true,
      canPublish,
      canPublishSources: canPublish ? (canPublishScreen ? withScreen : cameraAndMic) : [],
      canPublishData: false,
      canUpdateOwnMetadata: false,
      hidden: claims.role === 'observer',
    })
    return {
      ok: true,
      token: {
        url: this.clientUrl(publicHost),
        token: await at.toJwt(),
        room,
        identity: claims.sub,
        canPublish,
        canPublishScreen,
        expiresAt: new Date(Date.now() + ttl * 1000).toISOString(),
      },
    }
  }

  /**
   * The origins a browser reaching HiLink by `publicHost` connects to for AV (the signalling WebSocket and its
   * HTTP twin that livekit-client validates with), for the embed page's `connect-src`; none while AV is off.
   */
  clientOrigins(publicHost: string | undefined): string[] {
    const url = this.connection && this.clientUrl(publicHost)
    if (!url) return []
    return [new URL(url).origin, new URL(url.replace(/^ws/, 'http')).origin]
  }

  private clientUrl(publicHost: string | undefined): string {
    const url = this.connection?.url ?? ''
    if (!this.sfu || !publicHost) return url
    const parsed = new URL(url)
    // Only for our own SFU: it listens where HiLink listens, so the host the browser used reaches it (with
    // HOST=0.0.0.0 too). A loopback-only SFU is reachable from loopback alone, whatever name was used.
    if (this.sfu.loopbackOnly && !/^(127\.|localhost$|\[?::1\]?$)/.test(publicHost)) return url
    parsed.hostname = publicHost
    return parsed.toString().replace(/\/$/, '')
  }

  learnersPublish(tenantId: string, sessionId: string): boolean {
    let value: unknown
    this.opts.sync.changeDoc(tenantId, sessionId, (doc) => {
      value = doc.getMap(rootNames.session).get(avSessionKeys.learnersPublish)
    })
    return value === true
  }

  /**
   * The instructor allows or stops learners' cameras and microphones: the setting goes into the document (every
   * client sees it), then each connected learner's permissions change in LiveKit (stopping unpublishes their tracks).
   */
  async setLearnersPublish(tenantId: string, session: Session, publish: boolean): Promise<LearnersOutcome> {
    await this.ready
    if (!this.connection || !this.rooms) return { ok: false, reason: 'not_configured' }
    if (session.state === 'ended') return { ok: false, reason: 'ended' }
    this.opts.sync.changeDoc(tenantId, session.id, (doc) => {
      const map = doc.getMap(rootNames.session)
      if (map.get(avSessionKeys.learnersPublish) !== publish) map.set(avSessionKeys.learnersPublish, publish)
    })
    await this.applyToLearners(tenantId, session.id, publish)
    return { ok: true, publish }
  }

  private async applyToLearners(tenantId: string, sessionId: string, publish: boolean): Promise<void> {
    const rooms = this.rooms
    if (!rooms) return
    const room = this.roomName(tenantId, sessionId)
    let participants
    try {
      participants = await rooms.listParticipants(room)
    } catch {
      return // no room yet: tokens issued from now on carry the setting
    }
    await Promise.all(
      participants
        .filter((p) => p.attributes?.role === 'learner')
        .map((p) =>
          rooms
            .updateParticipant(room, p.identity, {
              permission: {
                canSubscribe: true,
                canPublish: publish,
                canPublishSources: publish ? cameraAndMic : [],
                canPublishData: false,
                hidden: false,
              },
            })
            .catch((err: unknown) => {
              console.warn(`hilink: could not update AV permissions in ${sessionId}: ${err instanceof Error ? err.message : String(err)}`)
            }),
        ),
    )
  }

  /** When a session ends everyone leaves its AV room. */
  async endSession(tenantId: string, sessionId: string): Promise<void> {
    await this.ready
    if (!this.rooms) return
    try {
      await this.rooms.deleteRoom(this.roomName(tenantId, sessionId))
    } catch {
      // no such room: nobody had joined AV
    }
  }

  async close(): Promise<void> {
    await this.ready // a start under way would leave its SFU behind
    const sfu = this.sfu
    this.sfu = undefined
    await sfu?.stop()
  }
}

/** Whether an embedded SFU is possible with this binary (for messages at start). */
export function embeddedPossible(binary: string): boolean {
  return sfuBinaryExists(binary)
}
