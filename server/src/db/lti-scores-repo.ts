import type { Db } from './connection.ts'

export interface LtiScore {
  id: number
  tenantId: string
  platformId: string
  sessionId: string
  lineitemUrl: string
  userSub: string
  scoreGiven: number
  scoreMaximum: number
  timestamp: string
  attempts: number
  createdAt: string
}

/** Scores queued for platforms' gradebooks (AGS), with their attempts: the grade passback queue. */
export class LtiScoresRepo {
  constructor(private readonly db: Db) {}

  /** Queues a score once per cause (the outbox row), platform and user. */
  add(s: Omit<LtiScore, 'id' | 'attempts' | 'createdAt'> & { cause: string }, now: string): void {
    this.db
      .prepare(
        `INSERT INTO lti_scores (tenant_id, platform_id, session_id, lineitem_url, cause, user_sub, score_given, score_maximum, timestamp,
           status, next_attempt_at, created_at)
         VALUES (@tenantId, @platformId, @sessionId, @lineitemUrl, @cause, @userSub, @scoreGiven, @scoreMaximum, @timestamp, 'pending', @now, @now)
         ON CONFLICT DO NOTHING`,
      )
      .run({ ...s, now })
  }

  due(now: string, limit: number): LtiScore[] {
    return this.db
      .prepare<[string, number], LtiScore>(
        `SELECT id, tenant_id AS tenantId, platform_id AS platformId, session_id AS sessionId, lineitem_url AS lineitemUrl,
           user_sub AS userSub, score_given AS scoreGiven, score_maximum AS scoreMaximum, timestamp, attempts, created_at AS createdAt
         FROM lti_scores WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?`,
      )
      .all(now, limit)
  }

  sent(id: number): void {
    this.db.prepare("UPDATE lti_scores SET status = 'sent', attempts = attempts + 1, last_error = NULL WHERE id = ?").run(id)
  }

  /** A score older than failBefore has had its day of retries: it fails for good. */
  retry(id: number, o: { error: string; nextAttemptAt: string; failBefore: string }): void {
    this.db
      .prepare(
        `UPDATE lti_scores SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
           status = CASE WHEN created_at < ? THEN 'failed' ELSE 'pending' END WHERE id = ?`,
      )
      .run(o.error, o.nextAttemptAt, o.failBefore, id)
  }

  stats(tenantId: string): { pending: number; sent: number; failed: number } {
    const counts = this.db
      .prepare<[string], { status: string; n: number }>('SELECT status, COUNT(*) AS n FROM lti_scores WHERE tenant_id = ? GROUP BY status')
      .all(tenantId)
    const n = (s: string) => counts.find((c) => c.status === s)?.n ?? 0
    return { pending: n('pending'), sent: n('sent'), failed: n('failed') }
  }
}
