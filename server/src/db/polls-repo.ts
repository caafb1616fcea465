import { randomUUID } from 'node:crypto'
import type { PollKind, PollState } from '@hilink/protocol'
import type { Db } from './connection.ts'

export interface PollRecord {
  id: string
  sessionId: string
  kind: PollKind
  question: string
  options: string[]
  correctOption: number | null
  state: PollState
  launchedBy: string
  launchedAt: string
  closedAt: string | null
}

export interface PollAnswer {
  pollId: string
  userId: string
  option: number
  answeredAt: string
}

interface PollRow {
  id: string
  session_id: string
  kind: PollKind
  question: string
  options: string
  correct_option: number | null
  state: PollState
  launched_by: string
  launched_at: string
  closed_at: string | null
}

const toPoll = (r: PollRow): PollRecord => ({
  id: r.id,
  sessionId: r.session_id,
  kind: r.kind,
  question: r.question,
  options: JSON.parse(r.options) as string[],
  correctOption: r.correct_option,
  state: r.state,
  launchedBy: r.launched_by,
  launchedAt: r.launched_at,
  closedAt: r.closed_at,
})

/** Polls and checks of a session with one answer per participant (the latest). Reads take the tenant. */
export class PollsRepo {
  constructor(private readonly db: Db) {}

  create(
    tenantId: string,
    sessionId: string,
    p: { kind: PollKind; question: string; options: string[]; correctOption: number | null; launchedBy: string },
  ): PollRecord {
    const id = randomUUID()
    this.db
      .prepare(
        `INSERT INTO polls (id, tenant_id, session_id, kind, question, options, correct_option, state, launched_by, launched_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
      )
      .run(id, tenantId, sessionId, p.kind, p.question, JSON.stringify(p.options), p.correctOption, p.launchedBy, new Date().toISOString())
    return this.get(tenantId, sessionId, id) as PollRecord
  }

  get(tenantId: string, sessionId: string, pollId: string): PollRecord | undefined {
    const row = this.db
      .prepare<[string, string, string], PollRow>('SELECT * FROM polls WHERE tenant_id = ? AND session_id = ? AND id = ?')
      .get(tenantId, sessionId, pollId)
    return row && toPoll(row)
  }

  list(tenantId: string, sessionId: string): PollRecord[] {
    return this.db
      .prepare<[string, string], PollRow>('SELECT * FROM polls WHERE tenant_id = ? AND session_id = ? ORDER BY launched_at, rowid')
      .all(tenantId, sessionId)
      .map(toPoll)
  }

  /** Closes an open poll; answers false when it was already closed. */
  close(pollId: string): boolean {
    return (
      this.db
        .prepare("UPDATE polls SET state = 'closed', closed_at = ? WHERE id = ? AND state = 'open'")
        .run(new Date().toISOString(), pollId).changes === 1
    )
  }

  /** Records (or changes) a participant's answer. */
  answer(pollId: string, userId: string, option: number): PollAnswer {
    const answeredAt = new Date().toISOString()
    this.db
      .prepare(
        `INSERT INTO poll_answers (poll_id, user_id, option, answered_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (poll_id, user_id) DO UPDATE SET option = excluded.option, answered_at = excluded.answered_at`,
      )
      .run(pollId, userId, option, answeredAt)
    return { pollId, userId, option, answeredAt }
  }

  answers(pollId: string): PollAnswer[] {
    return this.db
      .prepare<[string], { poll_id: string; user_id: string; option: number; answered_at: string }>(
        'SELECT * FROM poll_answers WHERE poll_id = ? ORDER BY answered_at, user_id',
      )
      .all(pollId)
      .map((r) => ({ pollId: r.poll_id, userId: r.user_id, option: r.option, answeredAt: r.answered_at }))
  }
}
