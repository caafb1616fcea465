import type { Db } from './connection.ts'

export interface LrsForward {
  statementId: string
  tenantId: string
  attempts: number
  createdAt: string
}

/** Statements queued for a tenant's LRS, with their attempts: the forwarding queue. */
export class LrsForwardsRepo {
  constructor(private readonly db: Db) {}

  add(statementId: string, tenantId: string, now: string): void {
    this.db
      .prepare(
        `INSERT INTO lrs_forwards (statement_id, tenant_id, status, next_attempt_at, created_at) VALUES (?, ?, 'pending', ?, ?)
         ON CONFLICT DO NOTHING`,
      )
      .run(statementId, tenantId, now, now)
  }

  /** Tenants with forwards due now. */
  dueTenants(now: string): string[] {
    return this.db
      .prepare<[string], { tenant_id: string }>("SELECT DISTINCT tenant_id FROM lrs_forwards WHERE status = 'pending' AND next_attempt_at <= ?")
      .all(now)
      .map((r) => r.tenant_id)
  }

  due(tenantId: string, now: string, limit: number): LrsForward[] {
    return this.db
      .prepare<[string, string, number], LrsForward>(
        `SELECT statement_id AS statementId, tenant_id AS tenantId, attempts, created_at AS createdAt FROM lrs_forwards
         WHERE tenant_id = ? AND status = 'pending' AND next_attempt_at <= ? ORDER BY created_at, statement_id LIMIT ?`,
      )
      .all(tenantId, now, limit)
  }

  sent(ids: string[]): void {
    const mark = this.db.prepare("UPDATE lrs_forwards SET status = 'sent', attempts = attempts + 1, last_error = NULL WHERE statement_id = ?")
    this.db.transaction(() => ids.forEach((id) => mark.run(id)))()
  }

  retry(ids: string[], o: { error: string; nextAttemptAt: string; failBefore: string }): void {
    // A forward older than failBefore has had its day of retries: it fails for good.
    const mark = this.db.prepare(
      `UPDATE lrs_forwards SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
         status = CASE WHEN created_at < ? THEN 'failed' ELSE 'pending' END WHERE statement_id = ?`,
    )
    this.db.transaction(() => ids.forEach((id) => mark.run(o.error, o.nextAttemptAt, o.failBefore, id)))()
  }

  stats(tenantId: string): { pending: number; failed: number; sent: number; lastError: string | null } {
    const counts = this.db
      .prepare<[string], { status: string; n: number }>('SELECT status, COUNT(*) AS n FROM lrs_forwards WHERE tenant_id = ? GROUP BY status')
      .all(tenantId)
    const n = (s: string) => counts.find((c) => c.status === s)?.n ?? 0
    const last = this.db
      .prepare<[string], { last_error: string }>(
        "SELECT last_error FROM lrs_forwards WHERE tenant_id = ? AND last_error IS NOT NULL ORDER BY next_attempt_at DESC LIMIT 1",
      )
      .get(tenantId)
    return { pending: n('pending'), failed: n('failed'), sent: n('sent'), lastError: last?.last_error ?? null }
  }
}
