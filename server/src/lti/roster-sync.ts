import type { AttendanceService } from '../attendance/attendance-service.ts'
import type { LtiPlatformRecord } from '../db/lti-platforms-repo.ts'
import type { LtiLink, LtiLinksRepo } from '../db/lti-links-repo.ts'
import { displayName, hilinkRole, participantId, scopes } from './claims.ts'
import type { PlatformClient } from './platform-client.ts'

interface Member {
  user_id?: unknown
  name?: string
  given_name?: string
  family_name?: string
  roles?: unknown
  status?: unknown
}

const membershipType = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json'
const maxPages = 50

/**
 * Names and Role Provisioning: after a launch, the course's membership is fetched (every page, following
 * `Link: rel="next"`) and becomes the session's expected roster in the attendance service, so a learner who
 * never launches shows as absent. At most once per `refreshMs` per resource link; failures are logged and
 * retried by the next launch.
 */
export class RosterSync {
  private readonly running = new Set<string>()
  private readonly pending = new Set<Promise<void>>()

  constructor(
    private readonly client: PlatformClient,
    private readonly links: LtiLinksRepo,
    private readonly attendance: AttendanceService,
    private readonly refreshMs = 10 * 60_000,
  ) {}

  request(platform: LtiPlatformRecord, link: LtiLink): void {
    const key = `${link.platformId} ${link.resourceLinkId}`
    if (this.running.has(key) || !link.nrpsUrl) return
    if (link.rosterSyncedAt && Date.now() - Date.parse(link.rosterSyncedAt) < this.refreshMs) return
    this.running.add(key)
    const run = this.sync(platform, link)
      .catch((err: unknown) => console.warn(`hilink: LTI roster of ${link.resourceLinkId}:`, (err as Error).message))
      .finally(() => {
        this.running.delete(key)
        this.pending.delete(run)
      })
    this.pending.add(run)
  }

  /** Waits for fetches under way (shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.pending])
  }

  private async sync(platform: LtiPlatformRecord, link: LtiLink): Promise<void> {
    const people: Array<{ userId: string; name: string; role: ReturnType<typeof hilinkRole> }> = []
    let url: string | undefined = link.nrpsUrl ?? undefined
    for (let page = 0; url && page < maxPages; page++) {
      const answer = await this.client.get(platform, url, scopes.membership, membershipType)
      if (!answer.ok) throw new Error(answer.error)
      if (answer.status !== 200) throw new Error(`membership answered HTTP ${answer.status}`)
      const members = (answer.body as { members?: unknown } | undefined)?.members
      if (!Array.isArray(members)) throw new Error('membership answer has no members')
      for (const m of members as Member[]) {
        if (typeof m.user_id !== 'string' || !m.user_id || (m.status !== undefined && m.status !== 'Active')) continue
        const roles = Array.isArray(m.roles) ? m.roles.filter((r): r is string => typeof r === 'string') : []
        people.push({ userId: participantId(platform.id, m.user_id), name: displayName({ ...m, sub: m.user_id }), role: hilinkRole(roles) })
      }
      url = nextLink(answer.headers.get('link'))
    }
    this.attendance.expect(link.tenantId, link.sessionId, people)
    this.links.rosterSynced(link.platformId, link.resourceLinkId, new Date().toISOString())
  }
}

/** The `rel="next"` URL of a Link header (RFC 8288), if any. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;(.*)/.exec(part.trim())
    if (match && /rel="?next"?/.test(match[2] ?? '')) return match[1]
  }
  return undefined
}
