import type { AnswerPollBody, LaunchPoll, LiveMessage, PollDetail, PollItem, PollResults, PollView, Session, TextModeration } from '@hilink/protocol'
import { itemsOf, rootNames } from '@hilink/protocol'
import type { PollAnswer, PollRecord, PollsRepo } from '../db/polls-repo.ts'
import type { EventsRepo } from '../db/events-repo.ts'
import type { SyncServer } from '../sync/sync-server.ts'
import { activityTypes, statement, systemActor, verbs } from '../events/statements.ts'

export interface Actor {
  id: string
  name: string
}

export type AnswerOutcome = PollAnswer | 'not_found' | 'closed' | 'no_such_option' | 'wrong_form' | 'already_answered'
export type CloseOutcome = PollRecord | 'not_found' | 'already_closed'
export type RevealOutcome = PollRecord | 'not_found' | 'still_open' | 'already_revealed'
export type ShareOutcome = PollRecord | 'not_found' | 'rejected'

const pollActivity = (poll: PollRecord) => ({ id: `urn:hilink:poll:${poll.id}`, name: poll.question, type: activityTypes.interaction })
const itemsOfRecord = (poll: PollRecord): PollItem[] => poll.items ?? [{ question: poll.question, options: poll.options, correctOption: poll.correctOption }]

/** Which answer form each kind takes (a check with several questions takes `answers`). */
function formFits(poll: PollRecord, value: AnswerPollBody): boolean {
  if (itemsOfRecord(poll).length > 1) return 'answers' in value
  if (poll.kind === 'multiple') return 'options' in value
  if (poll.kind === 'text') return 'text' in value
  return 'option' in value
}

/** Every chosen option exists (and a multiple-choice answer names each option once). */
function optionsExist(poll: PollRecord, value: AnswerPollBody): boolean {
  const items = itemsOfRecord(poll)
  const first = items[0] as PollItem
  if ('option' in value) return value.option < first.options.length
  if ('options' in value) return new Set(value.options).size === value.options.length && value.options.every((o) => o < first.options.length)
  if ('answers' in value) return value.answers.length === items.length && value.answers.every((o, i) => o < (items[i] as PollItem).options.length)
  return true
}

/** Whether an answer is right: null when the poll has no correct answer. */
function success(poll: PollRecord, value: AnswerPollBody): boolean | null {
  const items = itemsOfRecord(poll)
  if ('answers' in value) return value.answers.every((o, i) => o === items[i]?.correctOption)
  if ('option' in value && items[0]?.correctOption !== null && items[0]?.correctOption !== undefined) return value.option === items[0].correctOption
  return null
}

function responseText(poll: PollRecord, value: AnswerPollBody): string {
  const items = itemsOfRecord(poll)
  const first = items[0] as PollItem
  if ('option' in value) return first.options[value.option] as string
  if ('options' in value) return value.options.map((o) => first.options[o]).join('[,]')
  if ('answers' in value) return value.answers.map((o, i) => items[i]?.options[o]).join('[,]')
  return value.text
}

/**
 * Polls and comprehension checks. SQLite holds them and their answers; the document's `polls` map mirrors
 * what the room may see. Each change, its learning event and its document update are one transaction, so
 * an acknowledged answer is stored, counted and recorded, or none of these. Timed polls are closed by a
 * timer in this process, re-armed from SQLite at start (`rearm`), so a restart does not leave them open.
 */
export class PollService {
  private readonly timers = new Map<string, NodeJS.Timeout>()

  constructor(
    private readonly polls: PollsRepo,
    private readonly events: EventsRepo,
    private readonly sync: SyncServer,
    private readonly transaction: <T>(work: () => T) => T,
  ) {}

  launch(tenantId: string, session: Session, actor: Actor, body: LaunchPoll): PollRecord {
    const poll = this.transaction(() => {
      const poll = this.polls.create(tenantId, session.id, {
        kind: body.kind,
        question: body.question,
        items: itemsOf(body),
        launchedBy: actor.id,
        closesAt: body.durationSeconds ? new Date(Date.now() + body.durationSeconds * 1000).toISOString() : null,
        anonymous: body.anonymous === true,
        reveal: body.reveal,
      })
      this.events.record(tenantId, session.id, statement({
        tenantId,
        sessionId: session.id,
        actor,
        verb: verbs.asked,
        object: pollActivity(poll),
        extensions: {
          'urn:hilink:xapi:poll-kind': poll.kind,
          'urn:hilink:xapi:choices': poll.options,
          // Anonymous polls have no per-learner answers, so the live panel does not count them as asked.
          ...(poll.anonymous ? { 'urn:hilink:xapi:anonymous': true } : {}),
        },
      }))
      this.mirror(tenantId, poll, [])
      return poll
    })
    if (poll.closesAt) this.arm(tenantId, session.id, poll.id, poll.closesAt)
    return poll
  }

  answer(tenantId: string, session: Session, actor: Actor, pollId: string, value: AnswerPollBody): AnswerOutcome {
    return this.transaction(() => {
      const poll = this.polls.get(tenantId, session.id, pollId)
      if (!poll) return 'not_found'
      // The deadline counts even if the timer has not fired yet (a busy event loop).
      if (poll.state !== 'open' || (poll.closesAt && Date.parse(poll.closesAt) <= Date.now())) return 'closed'
      if (!formFits(poll, value)) return 'wrong_form'
      if (!optionsExist(poll, value)) return 'no_such_option'
      if (poll.anonymous) {
        // No statement per answer: it would name the learner. The close statement carries the counts.
        const answer = this.polls.answerAnonymously(tenantId, poll.id, actor.id, value)
        if (!answer) return 'already_answered'
        this.mirror(tenantId, poll, this.polls.answers(tenantId, poll.id))
        return answer
      }
      const answer = this.polls.answer(tenantId, poll.id, actor.id, value)
      const right = success(poll, value)
      this.events.record(tenantId, session.id, statement({
        tenantId,
        sessionId: session.id,
        actor,
        verb: verbs.answered,
        object: pollActivity(poll),
        result: {
          response: responseText(poll, value),
          ...(right === null ? {} : { success: right }),
          extensions: { 'urn:hilink:xapi:option': 'option' in value ? value.option : -1 },
        },
      }))
      this.mirror(tenantId, poll, this.polls.answers(tenantId, poll.id))
      return answer
    })
  }

  close(tenantId: string, session: Pick<Session, 'id'>, actor: Actor, pollId: string): CloseOutcome {
    const outcome = this.transaction((): CloseOutcome => {
      const poll = this.polls.get(tenantId, session.id, pollId)
      if (!poll) return 'not_found'
      if (!this.polls.close(tenantId, poll.id)) return 'already_closed'
      const closed = this.polls.get(tenantId, session.id, pollId) as PollRecord
      const answers = this.polls.answers(tenantId, poll.id)
      const final = results(closed, answers, 'staff')
      this.events.record(tenantId, session.id, statement({
        tenantId,
        sessionId: session.id,
        actor,
        verb: verbs.closed,
        object: pollActivity(closed),
        // Counts only: short texts stay out of the record (an anonymous one could still name its author).
        result: { extensions: { 'urn:hilink:xapi:results': { counts: final.counts, correctOption: final.correctOption, ...(final.questions ? { questions: final.questions } : {}) } } },
      }))
      this.mirror(tenantId, closed, answers)
      return closed
    })
    if (typeof outcome !== 'string') this.disarm(pollId)
    return outcome
  }

  /** Shows a closed poll's results and correct answers to the room (polls launched with `reveal: manual`). */
  reveal(tenantId: string, session: Pick<Session, 'id'>, pollId: string): RevealOutcome {
    return this.transaction(() => {
      const poll = this.polls.get(tenantId, session.id, pollId)
      if (!poll) return 'not_found'
      if (poll.state === 'open') return 'still_open'
      if (!this.polls.reveal(tenantId, poll.id)) return 'already_revealed'
      const revealed = this.polls.get(tenantId, session.id, pollId) as PollRecord
      this.mirror(tenantId, revealed, this.polls.answers(tenantId, poll.id))
      return revealed
    })
  }

  /**
   * Moderates a short-text answer after staff read it: shares it with the room, takes it back (pending), or
   * rejects it; a rejected answer is never shared ('rejected' when asked to).
   */
  moderate(tenantId: string, session: Pick<Session, 'id'>, pollId: string, answerId: string, status: TextModeration): ShareOutcome {
    return this.transaction(() => {
      const poll = this.polls.get(tenantId, session.id, pollId)
      if (!poll || poll.kind !== 'text') return 'not_found'
      const outcome = this.polls.moderate(tenantId, poll.id, answerId, status)
      if (outcome !== 'ok') return outcome
      this.mirror(tenantId, poll, this.polls.answers(tenantId, poll.id))
      return poll
    })
  }

  /** When a session ends, its open polls close: their results are final and go into the summary. */
  closeAllOpen(tenantId: string, session: Pick<Session, 'id'>): void {
    for (const poll of this.polls.list(tenantId, session.id)) {
      if (poll.state === 'open') this.close(tenantId, session, systemActor, poll.id)
    }
  }

  /** Re-arms the deadlines of open timed polls (at start, after a restart); past ones close now. */
  rearm(): void {
    for (const t of this.polls.timed()) this.arm(t.tenantId, t.sessionId, t.pollId, t.closesAt)
  }

  /** Stops every timer (shutdown); the deadlines stay in SQLite for the next start. */
  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
  }

  private arm(tenantId: string, sessionId: string, pollId: string, closesAt: string): void {
    this.disarm(pollId)
    // setTimeout takes at most ~24.8 days; polls last at most an hour.
    const timer = setTimeout(() => {
      this.timers.delete(pollId)
      this.close(tenantId, { id: sessionId }, systemActor, pollId)
    }, Math.max(0, Date.parse(closesAt) - Date.now()))
    timer.unref()
    this.timers.set(pollId, timer)
  }

  private disarm(pollId: string): void {
    clearTimeout(this.timers.get(pollId))
    this.timers.delete(pollId)
  }

  /**
   * Every poll of a session with its answers, oldest first (for the summary; checks with several questions
   * too, scored per question there). Anonymous polls come without answers, only their counts (no per-learner
   * view anywhere, the summary included); short texts are never counted into it.
   */
  withAnswers(tenantId: string, sessionId: string): Array<{ poll: PollRecord; answers: PollAnswer[]; results?: PollResults }> {
    return this.polls.list(tenantId, sessionId).map((poll) => {
      if (!poll.anonymous) return { poll, answers: this.polls.answers(tenantId, poll.id) }
      const { counts, correctOption, questions } = results(poll, this.polls.answers(tenantId, poll.id), 'staff')
      return { poll, answers: [], results: { counts, correctOption, ...(questions ? { questions } : {}) } }
    })
  }

  /** One poll with its answers, for the results export. */
  one(tenantId: string, sessionId: string, pollId: string): { poll: PollRecord; answers: PollAnswer[] } | undefined {
    const poll = this.polls.get(tenantId, sessionId, pollId)
    return poll && { poll, answers: this.polls.answers(tenantId, poll.id) }
  }

  /** What one caller may see: results while open only with `seesResults`; their own answer when they gave one. */
  details(tenantId: string, sessionId: string, caller: { userId: string | null; seesResults: boolean }): PollDetail[] {
    return this.polls.list(tenantId, sessionId).map((poll) => {
      const answers = this.polls.answers(tenantId, poll.id)
      const view = pollView(poll, answers)
      const mine = poll.anonymous ? undefined : answers.find((a) => a.userId === caller.userId)
      const voted = poll.anonymous && caller.userId !== null && this.polls.hasVoted(tenantId, poll.id, caller.userId)
      return {
        ...view,
        results: caller.seesResults ? results(poll, answers, 'staff') : view.results,
        myAnswer: mine && mine.option >= 0 ? mine.option : null,
        myResponse: mine?.value ?? (voted ? { answered: true as const } : null),
      }
    })
  }

  /** Live results of the session's open polls, for staff connections as they join. */
  liveSnapshot(tenantId: string, sessionId: string): LiveMessage[] {
    return this.polls
      .list(tenantId, sessionId)
      .filter((poll) => poll.state === 'open')
      .map((poll) => ({ topic: 'poll.results', pollId: poll.id, results: results(poll, this.polls.answers(tenantId, poll.id), 'staff') }))
  }

  /**
   * The room sees the poll's view in the document; staff also get its results live on their sync connections
   * (no refetch per answer).
   */
  private mirror(tenantId: string, poll: PollRecord, answers: PollAnswer[]): void {
    this.sync.changeDoc(tenantId, poll.sessionId, (doc) => {
      doc.getMap(rootNames.polls).set(poll.id, pollView(poll, answers))
    })
    if (poll.state === 'open' || poll.kind === 'text') {
      this.sync.sendLive(tenantId, poll.sessionId, { topic: 'poll.results', pollId: poll.id, results: results(poll, answers, 'staff') })
    }
  }
}

/** Counts per question and option; staff get every short text, the room only the shared ones. */
export function results(poll: PollRecord, answers: PollAnswer[], audience: 'staff' | 'room'): PollResults {
  const items = itemsOfRecord(poll)
  const perItem = items.map((item) => ({ counts: item.options.map(() => 0), correctOption: item.correctOption }))
  for (const a of answers) {
    const value = a.value ?? { option: a.option }
    const first = perItem[0]?.counts as number[]
    if ('option' in value) first[value.option] = (first[value.option] ?? 0) + 1
    else if ('options' in value) for (const o of value.options) first[o] = (first[o] ?? 0) + 1
    else if ('answers' in value) value.answers.forEach((o, i) => { const c = perItem[i]?.counts; if (c) c[o] = (c[o] ?? 0) + 1 })
  }
  const first = perItem[0] as { counts: number[]; correctOption: number | null }
  return {
    counts: first.counts,
    correctOption: first.correctOption,
    ...(items.length > 1 ? { questions: perItem } : {}),
    ...(poll.kind === 'text'
      ? {
          texts: answers
            .filter((a) => a.value && 'text' in a.value && (audience === 'staff' || a.shared))
            .map((a) => ({
              id: a.answerId ?? '',
              text: (a.value as { text: string }).text,
              shared: a.shared === true,
              status: a.shared === true ? ('shared' as const) : a.rejected === true ? ('rejected' as const) : ('pending' as const),
            })),
        }
      : {}),
  }
}

/**
 * The room's view: while open, only how many answered (live counts would steer answers and give a check away);
 * with `reveal: manual`, results only once staff reveal them; short texts only once shared.
 */
export function pollView(poll: PollRecord, answers: PollAnswer[]): PollView {
  const items = itemsOfRecord(poll)
  const revealed = poll.state === 'closed' && (poll.reveal !== 'manual' || Boolean(poll.revealedAt))
  const sharedTexts = poll.kind === 'text' && answers.some((a) => a.shared)
  return {
    id: poll.id,
    kind: poll.kind,
    question: poll.question,
    options: poll.options,
    ...(items.length > 1 ? { questions: items.map((i) => ({ question: i.question, options: i.options })) } : {}),
    state: poll.state,
    launchedAt: poll.launchedAt,
    closedAt: poll.closedAt,
    closesAt: poll.closesAt ?? null,
    anonymous: poll.anonymous === true,
    revealed,
    responses: answers.length,
    results: revealed || sharedTexts ? roomResults(poll, answers, revealed) : null,
  }
}

function roomResults(poll: PollRecord, answers: PollAnswer[], revealed: boolean): PollResults {
  const all = results(poll, answers, 'room')
  // Shared texts may reach the room while the poll is still open; counts and correct answers wait for the reveal.
  return revealed ? all : { counts: all.counts.map(() => 0), correctOption: null, texts: all.texts ?? [] }
}
