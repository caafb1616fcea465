import type { HilinkException } from '@hilink/protocol'
import type { Db } from './connection.ts'

interface Raw {
  id: string
  kind: HilinkException['kind']
  session_id: string | null
  user_id: string | null
  details: string
  raised_at: string
}

/** Exceptions the scheduler raised; each id is stable per cause, so a cause is raised once. */
export class ExceptionsRepo {
  constructor(private readonly db: Db) {}

  /** Answers whether it was new. */
  add(tenantId: string, e: HilinkException): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO exceptions (id, tenant_id, session_id, kind, user_id, details, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(id) DO NOTHING`,
        )
        .run(e.id, tenantId, e.sessionId, e.kind, e.userId, JSON.stringify(e.details), e.raisedAt).changes === 1
    )
  }

  list(tenantId: string, limit: number): HilinkException[] {
    return this.db
      .prepare<[string, number], Raw>('SELECT * FROM exceptions WHERE tenant_id = ? ORDER BY raised_at DESC, id LIMIT ?')
      .all(tenantId, limit)
      .map((r) => ({ id: r.id, kind: r.kind, sessionId: r.session_id, userId: r.user_id, details: JSON.parse(r.details) as Record<string, unknown>, raisedAt: r.raised_at }))
  }

  /**
   * The scheduler's work list across tenants: sessions still scheduled after their start, and sessions ended
   * since `endedSince`. (A read of the sessions table; SessionsRepo's queries are per tenant.)
   */
  candidates(now: string, endedSince: string): Array<{ tenantId: string; id: string }> {
    return this.db
      .prepare<[string, string], { tenant_id: string; id: string }>(
        `SELECT tenant_id, id FROM sessions WHERE (state = 'scheduled' AND scheduled_start < ?) OR (state = 'ended' AND ended_at >= ?)`,
      )
      .all(now, endedSince)
      .map((r) => ({ tenantId: r.tenant_id, id: r.id }))
  }
}
