import { randomUUID } from 'node:crypto'
import type { AnswerPollBody, LaunchPoll, PollItem, PollKind, PollState, TextModeration } from '@hilink/protocol'
import type { Db } from './connection.ts'

export interface PollRecord {
  id: string
  sessionId: string
  kind: PollKind
  question: string
  /** The first question's options (the only one unless `items` holds several). */
  options: string[]
  correctOption: number | null
  state: PollState
  launchedBy: string
  launchedAt: string
  closedAt: string | null
  /** Every question; absent on rows older than migration 9 (then one question from the fields above). */
  items?: PollItem[]
  closesAt?: string | null
  anonymous?: boolean
  reveal?: 'onClose' | 'manual'
  revealedAt?: string | null
}

export interface PollAnswer {
  pollId: string
  /** The learner; for anonymous polls a random id that names no one. */
  userId: string
  /** The single-choice option, or -1 when the answer is not one option (see `value`). */
  option: number
  answeredAt: string
  value?: AnswerPollBody
  answerId?: string
  shared?: boolean
  /** Staff rejected this short text: it is never shared. */
  rejected?: boolean
}

interface PollRow {
  id: string
  session_id: string
  kind: 'poll' | 'check'
  format: PollKind | null
  question: string
  options: string
  correct_option: number | null
  items: string | null
  state: PollState
  launched_by: string
  launched_at: string
  closed_at: string | null
  closes_at: string | null
  anonymous: number
  reveal: 'onClose' | 'manual'
  revealed_at: string | null
}

interface AnswerRow {
  poll_id: string
  user_id: string
  option: number
  answered_at: string
  value: string | null
  answer_id: string | null
  shared: number
}

const toPoll = (r: PollRow): PollRecord => {
  const options = JSON.parse(r.options) as string[]
  return {
    id: r.id,
    sessionId: r.session_id,
    kind: r.format ?? r.kind,
    question: r.question,
    options,
    correctOption: r.correct_option,
    state: r.state,
    launchedBy: r.launched_by,
    launchedAt: r.launched_at,
    closedAt: r.closed_at,
    items: r.items ? (JSON.parse(r.items) as PollItem[]) : [{ question: r.question, options, correctOption: r.correct_option }],
    closesAt: r.closes_at,
    anonymous: r.anonymous === 1,
    reveal: r.reveal,
    revealedAt: r.revealed_at,
  }
}

const toAnswer = (r: AnswerRow): PollAnswer => ({
  pollId: r.poll_id,
  userId: r.user_id,
  option: r.option,
  answeredAt: r.answered_at,
  value: r.value ? (JSON.parse(r.value) as AnswerPollBody) : { option: r.option },
  ...(r.answer_id ? { answerId: r.answer_id } : {}),
  // `shared` holds the moderation: 0 pending, 1 shared, -1 rejected (one column, so the two can never both be set).
  shared: r.shared === 1,
  rejected: r.shared === -1,
})

/** Polls and checks of a session with one answer per participant (the latest). Reads take the tenant. */
export class PollsRepo {
  constructor(private readonly db: Db) {}

  create(
    tenantId: string,
    sessionId: string,
    p: {
      kind: PollKind
      question: string
      items: PollItem[]
      launchedBy: string
      closesAt?: string | null
      anonymous?: boolean
      reveal?: 'onClose' | 'manual'
    },
  ): PollRecord {
    const id = randomUUID()
    const first = p.items[0] as PollItem
    // The old kind column keeps its CHECK: 'check' for scored polls, else 'poll'; format holds the kind itself.
    const scored = p.items.some((i) => i.correctOption !== null)
    this.db
      .prepare(
        `INSERT INTO polls (id, tenant_id, session_id, kind, format, question, options, correct_option, items, state, launched_by,
                            launched_at, closes_at, anonymous, reveal)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)`,
      )
      .run(
        id, tenantId, sessionId, scored ? 'check' : 'poll', p.kind, p.question, JSON.stringify(first.options), first.correctOption,
        JSON.stringify(p.items), p.launchedBy, new Date().toISOString(), p.closesAt ?? null, p.anonymous ? 1 : 0, p.reveal ?? 'onClose',
      )
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

  /** Open polls with a deadline, every tenant (to re-arm the timers after a restart). */
  timed(): Array<{ tenantId: string; sessionId: string; pollId: string; closesAt: string }> {
    return this.db
      .prepare<[], { tenant_id: string; session_id: string; id: string; closes_at: string }>(
        "SELECT tenant_id, session_id, id, closes_at FROM polls WHERE state = 'open' AND closes_at IS NOT NULL",
      )
      .all()
      .map((r) => ({ tenantId: r.tenant_id, sessionId: r.session_id, pollId: r.id, closesAt: r.closes_at }))
  }

  /** Closes an open poll; answers false when it was already closed. */
  close(tenantId: string, pollId: string): boolean {
    return (
      this.db
        .prepare("UPDATE polls SET state = 'closed', closed_at = ? WHERE tenant_id = ? AND id = ? AND state = 'open'")
        .run(new Date().toISOString(), tenantId, pollId).changes === 1
    )
  }

  /** Marks a closed poll's results revealed; false when already revealed. */
  reveal(tenantId: string, pollId: string): boolean {
    return (
      this.db
        .prepare('UPDATE polls SET revealed_at = ? WHERE tenant_id = ? AND id = ? AND revealed_at IS NULL')
        .run(new Date().toISOString(), tenantId, pollId).changes === 1
    )
  }

  /** Records (or changes) a participant's answer. `option` is -1 when the answer is not one option. */
  answer(tenantId: string, pollId: string, userId: string, value: AnswerPollBody): PollAnswer {
    const answeredAt = new Date().toISOString()
    const option = 'option' in value ? value.option : -1
    this.db
      .prepare(
        `INSERT INTO poll_answers (poll_id, user_id, option, answered_at, value, answer_id, tenant_id) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (poll_id, user_id) DO UPDATE SET option = excluded.option, answered_at = excluded.answered_at,
           value = excluded.value, shared = 0`,
      )
      .run(pollId, userId, option, answeredAt, JSON.stringify(value), randomUUID(), tenantId)
    return { pollId, userId, option, answeredAt, value }
  }

  /**
   * An anonymous answer: the voter is noted apart from the answer (so each answers once), and the answer row
   * carries a random id instead of the learner. False when this learner has answered already.
   */
  answerAnonymously(tenantId: string, pollId: string, userId: string, value: AnswerPollBody): PollAnswer | false {
    const voted = this.db
      .prepare('INSERT INTO poll_voters (poll_id, user_id, tenant_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
      .run(pollId, userId, tenantId)
    if (voted.changes === 0) return false
    return this.answer(tenantId, pollId, `anonymous:${randomUUID()}`, value)
  }

  hasVoted(tenantId: string, pollId: string, userId: string): boolean {
    return this.db.prepare('SELECT 1 FROM poll_voters WHERE tenant_id = ? AND poll_id = ? AND user_id = ?').get(tenantId, pollId, userId) !== undefined
  }

  /**
   * Moderates one short-text answer: shares it with the room, takes it back (pending), or rejects it. A rejected
   * answer stays rejected (never shared); 'not_found' when there is no such answer.
   */
  moderate(tenantId: string, pollId: string, answerId: string, status: TextModeration): 'ok' | 'not_found' | 'rejected' {
    const value = status === 'shared' ? 1 : status === 'rejected' ? -1 : 0
    const changed = this.db
      .prepare('UPDATE poll_answers SET shared = ? WHERE tenant_id = ? AND poll_id = ? AND answer_id = ? AND shared != -1')
      .run(value, tenantId, pollId, answerId).changes
    if (changed === 1) return 'ok'
    const row = this.db
      .prepare<[string, string, string], { shared: number }>('SELECT shared FROM poll_answers WHERE tenant_id = ? AND poll_id = ? AND answer_id = ?')
      .get(tenantId, pollId, answerId)
    if (!row) return 'not_found'
    return status === 'rejected' ? 'ok' : 'rejected'
  }

  answers(tenantId: string, pollId: string): PollAnswer[] {
    return this.db
      .prepare<[string, string], AnswerRow>('SELECT * FROM poll_answers WHERE tenant_id = ? AND poll_id = ? ORDER BY answered_at, user_id')
      .all(tenantId, pollId)
      .map(toAnswer)
  }
}

export interface LibraryRecord {
  id: string
  courseId: string
  title: string
  poll: LaunchPoll
  createdAt: string
}

/** The poll library: launch bodies saved per course, for reuse in later sessions. */
export class PollLibraryRepo {
  constructor(private readonly db: Db) {}

  save(tenantId: string, courseId: string, title: string, poll: LaunchPoll, createdBy: string): LibraryRecord {
    const entry = { id: randomUUID(), courseId, title, poll, createdAt: new Date().toISOString() }
    this.db
      .prepare('INSERT INTO poll_library (id, tenant_id, course_id, title, body, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(entry.id, tenantId, courseId, title, JSON.stringify(poll), createdBy, entry.createdAt)
    return entry
  }

  list(tenantId: string, courseId: string): LibraryRecord[] {
    return this.db
      .prepare<[string, string], { id: string; course_id: string; title: string; body: string; created_at: string }>(
        'SELECT * FROM poll_library WHERE tenant_id = ? AND course_id = ? ORDER BY created_at, rowid',
      )
      .all(tenantId, courseId)
      .map((r) => ({ id: r.id, courseId: r.course_id, title: r.title, poll: JSON.parse(r.body) as LaunchPoll /* validated as a launch body when saved */, createdAt: r.created_at }))
  }

  remove(tenantId: string, courseId: string, id: string): boolean {
    return this.db.prepare('DELETE FROM poll_library WHERE tenant_id = ? AND course_id = ? AND id = ?').run(tenantId, courseId, id).changes === 1
  }
}
