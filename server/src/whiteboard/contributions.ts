import type * as Y from 'yjs'
import type { ParticipantClaims } from '@hilink/protocol'
import type { EventsRepo } from '../db/events-repo.ts'
import type { ClientChange } from '../sync/sync-server.ts'
import { statement } from '../events/statements.ts'
import { boardKeysOf } from './validate.ts'

export const contributedVerb = {
  id: 'urn:hilink:xapi:verbs:contributed-to-whiteboard',
  display: { 'en-US': 'contributed to the whiteboard of' },
} as const

interface Bucket {
  claims: ParticipantClaims
  minute: number
  created: number
  changed: number
  deleted: number
}

/**
 * Whiteboard contributions summed per participant per minute (issue 9, learning events): shapes created,
 * changed and deleted, counted from the updates the sync server applied (never one event per pointer move).
 * A minute's sum is recorded once the minute is over (checked every few seconds), and at shutdown.
 */
export class ContributionTracker {
  private readonly buckets = new Map<string, Bucket>()
  private readonly timer: ReturnType<typeof setInterval>

  constructor(
    private readonly events: EventsRepo,
    private readonly sessionTitle: (tenantId: string, sessionId: string) => string,
    private readonly now: () => number = Date.now,
    flushEveryMs = 5000,
  ) {
    this.timer = setInterval(() => this.flush(false), flushEveryMs)
    this.timer.unref()
  }

  /** The sync server's applied-change hook. */
  readonly onClientChange = ({ claims, doc, update }: ClientChange): void => {
    let keys: ReturnType<typeof boardKeysOf>
    try {
      keys = boardKeysOf(doc as Y.Doc, update)
    } catch {
      return
    }
    const shapes = (ids: Iterable<string>) => [...ids].filter((id) => id.startsWith('shape:'))
    const created = shapes(keys.created)
    const changed = shapes(keys.written).filter((id) => !keys.created.has(id))
    const deleted = shapes(keys.deleted)
    if (created.length === 0 && changed.length === 0 && deleted.length === 0) return
    const minute = Math.floor(this.now() / 60_000)
    const key = `${claims.tenant}/${claims.session}/${claims.sub}/${minute}`
    let bucket = this.buckets.get(key)
    if (!bucket) this.buckets.set(key, (bucket = { claims, minute, created: 0, changed: 0, deleted: 0 }))
    bucket.created += created.length
    bucket.changed += changed.length
    bucket.deleted += deleted.length
  }

  /** Records a session's minutes so far, the current one included: the lesson ended, the summary counts them. */
  flushSession(tenantId: string, sessionId: string): void {
    this.flush(true, (b) => b.claims.tenant === tenantId && b.claims.session === sessionId)
  }

  /** Records every finished minute (or every minute, when `all`) of the buckets `which` selects. */
  flush(all = true, which: (b: Bucket) => boolean = () => true): void {
    const current = Math.floor(this.now() / 60_000)
    for (const [key, b] of this.buckets) {
      if ((!all && b.minute >= current) || !which(b)) continue
      this.buckets.delete(key)
      const { tenant, session, sub, name } = b.claims
      this.events.record(
        tenant,
        session,
        statement({
          tenantId: tenant,
          sessionId: session,
          actor: { id: sub, name },
          verb: contributedVerb,
          object: { id: `urn:hilink:session:${session}:whiteboard`, name: `Whiteboard of ${this.sessionTitle(tenant, session)}`, type: 'http://id.tincanapi.com/activitytype/whiteboard' },
          result: { extensions: { 'urn:hilink:xapi:shapes-created': b.created, 'urn:hilink:xapi:shapes-changed': b.changed, 'urn:hilink:xapi:shapes-deleted': b.deleted } },
          extensions: { 'urn:hilink:xapi:minute': new Date(b.minute * 60_000).toISOString() },
          timestamp: new Date((b.minute + 1) * 60_000 - 1).toISOString(),
        }),
      )
    }
  }

  close(): void {
    clearInterval(this.timer)
    this.flush(true)
  }
}
