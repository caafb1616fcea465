import type { LaunchPoll, LiveMessage, PollDetail, PollResults, PollView, Session } from '@hilink/protocol'
import { rootNames } from '@hilink/protocol'
import type { PollAnswer, PollRecord, PollsRepo } from '../db/polls-repo.ts'
import type { EventsRepo } from '../db/events-repo.ts'
import type { SyncServer } from '../sync/sync-server.ts'
import { activityTypes, statement, systemActor, verbs } from '../events/statements.ts'

export interface Actor {
  id: string
  name: string
}

export type AnswerOutcome = PollAnswer | 'not_found' | 'closed' | 'no_such_option'
export type CloseOutcome = PollRecord | 'not_found' | 'already_closed'

const pollActivity = (poll: PollRecord) => ({ id: `urn:hilink:poll:${poll.id}`, name: poll.question, type: activityTypes.interaction })

/**
 * Polls and comprehension checks. SQLite holds them and their answers; the document's `polls` map mirrors
 * what the room may see. Each change, its learning event and its document update are one transaction, so
 * an acknowledged answer is stored, counted and recorded, or none of these.
 */
export class PollService {
  constructor(
    private readonly polls: PollsRepo,
    private readonly events: EventsRepo,
    private readonly sync: SyncServer,
    private readonly transaction: <T>(work: () => T) => T,
  ) {}

  launch(tenantId: string, session: Session, actor: Actor, body: LaunchPoll): PollRecord {
    return this.transaction(() => {
      const poll = this.polls.create(tenantId, session.id, {
        kind: body.kind,
        question: body.question,
        options: body.options,
        correctOption: body.correctOption ?? null,
        launchedBy: actor.id,
      })
      this.events.record(tenantId, session.id, statement({
        tenantId,
        sessionId: session.id,
        actor,
        verb: verbs.asked,
        object: pollActivity(poll),
        extensions: { 'urn:hilink:xapi:poll-kind': poll.kind, 'urn:hilink:xapi:choices': poll.options },
      }))
      this.mirror(tenantId, poll, [])
      return poll
    })
  }

  answer(tenantId: string, session: Session, actor: Actor, pollId: string, option: number): AnswerOutcome {
    return this.transaction(() => {
      const poll = this.polls.get(tenantId, session.id, pollId)
      if (!poll) return 'not_found'
      if (poll.state !== 'open') return 'closed'
      if (option >= poll.options.length) return 'no_such_option'
      const answer = this.polls.answer(poll.id, actor.id, option)
      this.events.record(tenantId, session.id, statement({
        tenantId,
        sessionId: session.id,
        actor,
        verb: verbs.answered,
        object: pollActivity(poll),
        result: {
          response: poll.options[option] as string,
          ...(poll.correctOption === null ? {} : { success: option === poll.correctOption }),
          extensions: { 'urn:hilink:xapi:option': option },
        },
      }))
      this.mirror(tenantId, poll, this.polls.answers(poll.id))
      return answer
    })
  }

  close(tenantId: string, session: Session, actor: Actor, pollId: string): CloseOutcome {
    return this.transaction(() => {
      const poll = this.polls.get(tenantId, session.id, pollId)
      if (!poll) return 'not_found'
      if (!this.polls.close(poll.id)) return 'already_closed'
      const closed = this.polls.get(tenantId, session.id, pollId) as PollRecord
      const answers = this.polls.answers(poll.id)
      this.events.record(tenantId, session.id, statement({
        tenantId,
        sessionId: session.id,
        actor,
        verb: verbs.closed,
        object: pollActivity(closed),
        result: { extensions: { 'urn:hilink:xapi:results': results(closed, answers) } },
      }))
      this.mirror(tenantId, closed, answers)
      return closed
    })
  }

  /** When a session ends, its open polls close: their results are final and go into the summary. */
  closeAllOpen(tenantId: string, session: Session): void {
    for (const poll of this.polls.list(tenantId, session.id)) {
      if (poll.state === 'open') this.close(tenantId, session, systemActor, poll.id)
    }
  }

  /** Every poll of a session with its answers, oldest first (for the summary). */
  withAnswers(tenantId: string, sessionId: string): Array<{ poll: PollRecord; answers: PollAnswer[] }> {
    return this.polls.list(tenantId, sessionId).map((poll) => ({ poll, answers: this.polls.answers(poll.id) }))
  }

  /** What one caller may see: results while open only with `seesResults`; their own answer when they gave one. */
  details(tenantId: string, sessionId: string, caller: { userId: string | null; seesResults: boolean }): PollDetail[] {
    return this.withAnswers(tenantId, sessionId).map(({ poll, answers }) => {
      const view = pollView(poll, answers)
      return {
        ...view,
        results: view.results ?? (caller.seesResults ? results(poll, answers) : null),
        myAnswer: answers.find((a) => a.userId === caller.userId)?.option ?? null,
      }
    })
  }

  /** Live results of the session's open polls, for staff connections as they join. */
  liveSnapshot(tenantId: string, sessionId: string): LiveMessage[] {
    return this.polls
      .list(tenantId, sessionId)
      .filter((poll) => poll.state === 'open')
      .map((poll) => ({ topic: 'poll.results', pollId: poll.id, results: results(poll, this.polls.answers(poll.id)) }))
  }

  /**
   * The room sees the poll's view in the document; staff also get its results live on their sync connections
   * (no refetch per answer).
   */
  private mirror(tenantId: string, poll: PollRecord, answers: PollAnswer[]): void {
    this.sync.changeDoc(tenantId, poll.sessionId, (doc) => {
      doc.getMap(rootNames.polls).set(poll.id, pollView(poll, answers))
    })
    if (poll.state === 'open') {
      this.sync.sendLive(tenantId, poll.sessionId, { topic: 'poll.results', pollId: poll.id, results: results(poll, answers) })
    }
  }
}

function results(poll: PollRecord, answers: PollAnswer[]): PollResults {
  const counts = poll.options.map(() => 0)
  for (const a of answers) counts[a.option] = (counts[a.option] ?? 0) + 1
  return { counts, correctOption: poll.correctOption }
}

/** The room's view: while open, only how many answered (live counts would steer answers and give a check away). */
export function pollView(poll: PollRecord, answers: PollAnswer[]): PollView {
  return {
    id: poll.id,
    kind: poll.kind,
    question: poll.question,
    options: poll.options,
    state: poll.state,
    launchedAt: poll.launchedAt,
    closedAt: poll.closedAt,
    responses: answers.length,
    results: poll.state === 'closed' ? results(poll, answers) : null,
  }
}
