import type { Config } from '../config.ts'
import type { Db } from '../db/connection.ts'
import type { EventsRepo } from '../db/events-repo.ts'
import type { ParticipantsRepo } from '../db/participants-repo.ts'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import { SecretsRepo } from '../db/secrets-repo.ts'
import { LtiPlatformsRepo } from '../db/lti-platforms-repo.ts'
import { LtiLoginsRepo } from '../db/lti-logins-repo.ts'
import { LtiLinksRepo } from '../db/lti-links-repo.ts'
import { LtiScoresRepo } from '../db/lti-scores-repo.ts'
import type { TokenService } from '../auth/tokens.ts'
import type { AttendanceService } from '../attendance/attendance-service.ts'
import type { Session } from '@hilink/protocol'
import { ToolKeys } from './tool-keys.ts'
import { PlatformClient } from './platform-client.ts'
import { RosterSync } from './roster-sync.ts'
import { GradePassback } from './grade-passback.ts'
import { LtiService } from './lti-service.ts'

/** The tool's signing key is replaced after this long (the next key was published all that time). */
export const ltiKeyRotationMs = 90 * 24 * 3600_000

/** The LTI 1.3 tool, built in one place so services.ts holds one field for it. */
export interface Lti {
  service: LtiService
  keys: ToolKeys
  platforms: LtiPlatformsRepo
  scores: LtiScoresRepo
  roster: RosterSync
  grades: GradePassback
  start(): void
  close(): Promise<void>
}

export function createLti(
  db: Db,
  config: Config,
  deps: { sessions: SessionsRepo; participants: ParticipantsRepo; tokens: TokenService; attendance: AttendanceService; events: EventsRepo; sessionCreated(tenantId: string, session: Session): void },
): Lti {
  const secrets = new SecretsRepo(db)
  const keys = new ToolKeys(db, secrets)
  const platforms = new LtiPlatformsRepo(db)
  const links = new LtiLinksRepo(db)
  const scores = new LtiScoresRepo(db)
  const client = new PlatformClient(keys, { allowPrivate: config.delivery.allowPrivate })
  const roster = new RosterSync(client, links, deps.attendance)
  const grades = new GradePassback(db, deps.events, platforms, links, scores, client, { retryBaseMs: config.delivery.retryBaseMs, pollMs: config.delivery.pollMs })
  const service = new LtiService({
    platforms,
    logins: new LtiLoginsRepo(db),
    links,
    sessions: deps.sessions,
    participants: deps.participants,
    tokens: deps.tokens,
    keys,
    ticketSecret: secrets.getOrCreate('lti-deep-linking-ticket-key'),
    sessionCreated: deps.sessionCreated,
    syncRoster: (platform, link) => roster.request(platform, link),
  })
  let rotation: ReturnType<typeof setInterval> | undefined
  let checking: Promise<unknown> = Promise.resolve()
  // Also creates the keys on a first start, before any platform asks for the JWKS.
  const rotateIfDue = () => {
    checking = keys.rotateIfOlderThan(ltiKeyRotationMs).catch((err: unknown) => console.warn('hilink: LTI key rotation:', (err as Error).message))
  }
  return {
    service,
    keys,
    platforms,
    scores,
    roster,
    grades,
    start() {
      grades.start()
      rotateIfDue()
      rotation = setInterval(rotateIfDue, 24 * 3600_000)
      rotation.unref()
    },
    async close() {
      if (rotation) clearInterval(rotation)
      await Promise.all([grades.close(), roster.close(), checking])
    },
  }
}
