import { randomUUID } from 'node:crypto'
import type { Recap, Summary, SummaryContent } from '@hilink/protocol'
import type { Db } from './connection.ts'

export type RecapToStore = Omit<Recap, 'id' | 'createdAt'> & { email: string | null }

interface SummaryRow {
  session_id: string
  status: 'draft' | 'approved'
  content: string
  updated_at: string
  approved_at: string | null
  approved_by: string | null
}

/** Lesson summaries (draft → approved) and the parent recaps that approval produces. */
export class SummariesRepo {
  constructor(private readonly db: Db) {}

  get(tenantId: string, sessionId: string): Summary | undefined {
    const row = this.db
      .prepare<[string, string], SummaryRow>('SELECT * FROM summaries WHERE tenant_id = ? AND session_id = ?')
      .get(tenantId, sessionId)
    return row && toSummary(row)
  }

  /** Writes a draft; never overwrites an approved summary. Answers whether it wrote. */
  saveDraft(tenantId: string, sessionId: string, content: SummaryContent): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO summaries (tenant_id, session_id, status, content, updated_at) VALUES (?, ?, 'draft', ?, ?)
           ON CONFLICT (tenant_id, session_id) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at
           WHERE summaries.status = 'draft'`,
        )
        .run(tenantId, sessionId, JSON.stringify(content), new Date().toISOString()).changes === 1
    )
  }

  /**
   * Approves the draft and stores the recaps in one transaction: no recap without approval, none lost. A
   * recap with an e-mail address is also the outbox entry of its delivery.
   */
  approve(tenantId: string, sessionId: string, approvedBy: string, recaps: Array<RecapToStore>): boolean {
    return this.db.transaction(() => {
      const now = new Date().toISOString()
      const changed = this.db
        .prepare(
          `UPDATE summaries SET status = 'approved', approved_at = ?, approved_by = ?, updated_at = ?
           WHERE tenant_id = ? AND session_id = ? AND status = 'draft'`,
        )
        .run(now, approvedBy, now, tenantId, sessionId).changes
      if (changed !== 1) return false
      const insert = this.db.prepare(
        'INSERT INTO recaps (id, tenant_id, session_id, learner_id, body, created_at, email) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      for (const { email, ...r } of recaps) insert.run(randomUUID(), tenantId, sessionId, r.learnerId, JSON.stringify(r), now, email ?? null)
      return true
    })()
  }

  recaps(tenantId: string, sessionId: string): Recap[] {
    return this.db
      .prepare<[string, string], { id: string; body: string; created_at: string }>(
        'SELECT id, body, created_at FROM recaps WHERE tenant_id = ? AND session_id = ? ORDER BY rowid',
      )
      .all(tenantId, sessionId)
      .map((r) => ({ ...(JSON.parse(r.body) as Omit<Recap, 'id' | 'createdAt'>), id: r.id, createdAt: r.created_at }))
  }

  /** Recaps waiting to be e-mailed, oldest first, skipping those that failed too often. */
  undelivered(limit = 50, maxAttempts = 10): Array<{ id: string; tenantId: string; email: string; title: string; recap: Recap }> {
    return this.db
      .prepare<[number, number], { id: string; tenant_id: string; email: string; body: string; created_at: string; title: string }>(
        `SELECT recaps.id, recaps.tenant_id, recaps.email, recaps.body, recaps.created_at, sessions.title FROM recaps
         JOIN sessions ON sessions.id = recaps.session_id
         WHERE recaps.email IS NOT NULL AND recaps.emailed_at IS NULL AND recaps.email_attempts < ?
         ORDER BY recaps.rowid LIMIT ?`,
      )
      .all(maxAttempts, limit)
      .map((r) => ({
        id: r.id,
        tenantId: r.tenant_id,
        email: r.email,
        title: r.title,
        recap: { ...(JSON.parse(r.body) as Omit<Recap, 'id' | 'createdAt'>), id: r.id, createdAt: r.created_at },
      }))
  }

  markEmailed(id: string): void {
    this.db.prepare('UPDATE recaps SET emailed_at = ? WHERE id = ?').run(new Date().toISOString(), id)
  }

  markEmailFailed(id: string): void {
    this.db.prepare('UPDATE recaps SET email_attempts = email_attempts + 1 WHERE id = ?').run(id)
  }

  /** Approved summaries of a course's sessions, newest first. */
  approvedForCourse(tenantId: string, courseId: string, limit = 3): Array<Summary & { title: string; endedAt: string | null }> {
    return this.db
      .prepare<[string, string, number], SummaryRow & { title: string; ended_at: string | null }>(
        `SELECT summaries.*, sessions.title, sessions.ended_at FROM summaries
         JOIN sessions ON sessions.id = summaries.session_id AND sessions.tenant_id = summaries.tenant_id
         WHERE summaries.tenant_id = ? AND sessions.course_id = ? AND summaries.status = 'approved'
         ORDER BY sessions.ended_at DESC LIMIT ?`,
      )
      .all(tenantId, courseId, limit)
      .map((r) => ({ ...toSummary(r), title: r.title, endedAt: r.ended_at }))
  }
}

function toSummary(r: SummaryRow): Summary {
  return {
    sessionId: r.session_id,
    status: r.status,
    content: JSON.parse(r.content) as SummaryContent,
    updatedAt: r.updated_at,
    approvedAt: r.approved_at,
    approvedBy: r.approved_by,
  }
}
