import * as Y from 'yjs'
import { parseResponse } from 'hono/client'
import {
  can,
  rootNames,
  type AnswerPollBody,
  type LaunchPollBody,
  type PollDetail,
  type PollResults,
  type PollView,
} from '@hilink/protocol'
import type { SessionApi } from './api-client.ts'
import { isPollView } from './readers.ts'
import { CommandModel } from './command-model.ts'

/** A poll saved in the course's library. */
export interface LibraryEntry {
  id: string
  courseId: string
  title: string
  poll: LaunchPollBody
  createdAt: string
}

/** Whole seconds until a timed poll closes (0 once past), or null when it has no timer or is closed. */
export function secondsLeft(poll: PollView, now = Date.now()): number | null {
  if (poll.state !== 'open' || !poll.closesAt) return null
  return Math.max(0, Math.ceil((Date.parse(poll.closesAt) - now) / 1000))
}

/**
 * Polls and comprehension checks of the session. Reads come from the document's `polls` map (server-authored:
 * question, state, how many answered, and the results once closed). Instructors and TAs get open polls' results
 * live on their sync connection (`SessionApi.live`), one message per answer, with no request. What else only the
 * server may tell a given person (one's own answer) comes from `GET /sessions/:id/polls`, fetched again only
 * when a poll is launched or closed. Intents (launch, answer, close) are commands to the server, which checks
 * the role and writes the document.
 */
export class PollsModel extends CommandModel {
  private readonly map: Y.Map<unknown>
  private readonly detailsById = new Map<string, PollDetail>()
  /** Open polls' results as the server last sent them on the live channel (staff only). */
  private readonly liveById = new Map<string, PollResults>()
  private fetchedFor: string | undefined
  private refreshing: Promise<void> | undefined
  private refreshAgain = false
  private refreshProblem: string | undefined
  /** Counts answers the server accepted, so a fetch that started before one cannot undo it. */
  private answersAccepted = 0
  private readonly acceptedAnswers = new Map<string, { option: number; seq: number; body: AnswerPollBody }>()

  constructor(
    doc: Y.Doc,
    private readonly server?: SessionApi,
  ) {
    super()
    this.map = doc.getMap(rootNames.polls)
  }

  /** Every poll of the session, oldest first. Entries that do not parse are skipped. */
  get polls(): PollView[] {
    const polls: PollView[] = []
    for (const value of this.map.values()) {
      const poll: unknown = value instanceof Y.AbstractType ? value.toJSON() : value
      if (isPollView(poll)) polls.push(poll)
    }
    return polls.sort((a, b) => a.launchedAt.localeCompare(b.launchedAt) || a.id.localeCompare(b.id))
  }

  get open(): PollView[] {
    return this.polls.filter((p) => p.state === 'open')
  }

  poll(id: string): PollView | undefined {
    return this.polls.find((p) => p.id === id)
  }

  /** Results: the document's once closed, else what the server told us (instructors and TAs see them live). */
  results(id: string): PollResults | null {
    const poll = this.poll(id)
    // Staff moderate every short text (pending, shared, rejected); the document holds only what the room sees.
    const staffTexts = poll?.kind === 'text' && this.liveResults ? (this.liveById.get(id) ?? this.detailsById.get(id)?.results) : undefined
    return staffTexts ?? poll?.results ?? this.liveById.get(id) ?? this.detailsById.get(id)?.results ?? null
  }

  /** This person's own answer, as the server last told us. */
  myAnswer(id: string): number | null {
    return this.detailsById.get(id)?.myAnswer ?? null
  }

  /** This person's own answer in any form (`{answered: true}` for anonymous polls), or null. */
  myResponse(id: string): PollDetail['myResponse'] {
    return this.detailsById.get(id)?.myResponse ?? null
  }

  /** Whether this person sees results while polls are open. */
  get liveResults(): boolean {
    return this.server ? can(this.server.identity.role, 'poll.results') : false
  }

  /**
   * Calls `listener` when the document's polls or what the server told us change; answers the unsubscribe
   * function. While subscribed, the server's view is re-fetched when the document changes in a way that
   * matters to this person (any change for those who see live results; a launch or close for the others).
   */
  override subscribe(listener: () => void): () => void {
    const live = this.liveResults ? this.server?.live : undefined
    const onDoc = () => {
      // Without a live channel (a model over the API alone), those who see live results fetch them per change.
      if (this.liveResults && !live) void this.refresh()
      else this.refreshIfStale()
      listener()
    }
    this.map.observeDeep(onDoc)
    const stop = super.subscribe(listener)
    const stopLive = live?.subscribe('poll.results', ({ pollId, results }) => {
      this.liveById.set(pollId, results)
      this.notify()
    })
    this.refreshIfStale()
    return () => {
      this.map.unobserveDeep(onDoc)
      stop()
      stopLive?.()
    }
  }

  /** Launches a poll (the launch form's `PollDraftModel.body()`, or a saved one); undefined if refused. */
  async launch(body: LaunchPollBody): Promise<PollDetail | undefined> {
    return this.command(async () => {
      const poll = await parseResponse(this.polls$.$post({ param: this.param, json: body }))
      this.detailsById.set(poll.id, poll)
      return poll
    })
  }

  /** Answers (or changes the answer to) an open single-choice poll; answers whether the server took it. */
  async answer(pollId: string, option: number): Promise<boolean> {
    return this.respond(pollId, { option })
  }

  /** Answers in any form: `{option}`, `{options}`, `{answers}` (a check with questions) or `{text}`. */
  async respond(pollId: string, body: AnswerPollBody): Promise<boolean> {
    const done = await this.command(async () => {
      await parseResponse(this.polls$[':pollId'].answer.$post({ param: { ...this.param, pollId: encodeURIComponent(pollId) }, json: body }))
      const option = 'option' in body ? body.option : -1
      this.acceptedAnswers.set(pollId, { option, seq: ++this.answersAccepted, body })
      const known = this.detailsById.get(pollId) ?? (this.poll(pollId) && { ...(this.poll(pollId) as PollView), myAnswer: null })
      const anonymous = this.poll(pollId)?.anonymous === true
      if (known) {
        this.detailsById.set(pollId, {
          ...known,
          myAnswer: option >= 0 && !anonymous ? option : null,
          myResponse: anonymous ? { answered: true } : body,
        })
      }
      return true
    })
    return done === true
  }

  /** Saves a poll to the library of the session's course, for reuse in a later session. */
  async saveToLibrary(title: string, body: LaunchPollBody): Promise<LibraryEntry | undefined> {
    return this.command(() => parseResponse(this.session$['poll-library'].$post({ param: this.param, json: { title, poll: body } })))
  }

  /** The course's saved polls, oldest first; launch one with `launch(entry.poll)`. */
  async library(): Promise<LibraryEntry[]> {
    const list = await this.command(() => parseResponse(this.session$['poll-library'].$get({ param: this.param })))
    return list?.entries ?? []
  }

  /** Shows a closed poll's results and correct answers to the room (polls launched to be revealed manually). */
  async reveal(pollId: string): Promise<PollDetail | undefined> {
    return this.command(async () => {
      const poll = await parseResponse(this.polls$[':pollId'].reveal.$post({ param: { ...this.param, pollId: encodeURIComponent(pollId) } }))
      this.detailsById.set(poll.id, poll)
      return poll
    })
  }

  /** Shares a short-text answer with the room (after reading it), or takes it back. */
  async share(pollId: string, answerId: string, shared: boolean): Promise<PollDetail | undefined> {
    return this.command(async () => {
      const poll = await parseResponse(
        this.polls$[':pollId'].texts[':answerId'].$put({
          param: { ...this.param, pollId: encodeURIComponent(pollId), answerId: encodeURIComponent(answerId) },
          json: { shared },
        }),
      )
      this.detailsById.set(poll.id, poll)
      return poll
    })
  }

  /** Rejects a short-text answer (moderation): it is never shared with the room, now or later. */
  async reject(pollId: string, answerId: string): Promise<PollDetail | undefined> {
    return this.command(async () => {
      const poll = await parseResponse(
        this.polls$[':pollId'].texts[':answerId'].$put({
          param: { ...this.param, pollId: encodeURIComponent(pollId), answerId: encodeURIComponent(answerId) },
          json: { status: 'rejected' },
        }),
      )
      this.detailsById.set(poll.id, poll)
      return poll
    })
  }

  async close(pollId: string): Promise<PollDetail | undefined> {
    return this.command(async () => {
      const poll = await parseResponse(this.polls$[':pollId'].close.$post({ param: { ...this.param, pollId: encodeURIComponent(pollId) } }))
      this.detailsById.set(poll.id, poll)
      return poll
    })
  }

  /** `GET /sessions/:id/polls`: the polls as the server shows them to this person. */
  async details(): Promise<PollDetail[]> {
    const startedAfter = this.answersAccepted
    const { polls } = await parseResponse(this.polls$.$get({ param: this.param }))
    for (const poll of polls) {
      // An answer accepted while this fetch was under way is newer than what the fetch says.
      const accepted = this.acceptedAnswers.get(poll.id)
      if (accepted && accepted.seq > startedAfter) {
        poll.myAnswer = accepted.option >= 0 && !poll.anonymous ? accepted.option : null
        poll.myResponse = poll.anonymous ? { answered: true } : accepted.body
      }
      this.detailsById.set(poll.id, poll)
    }
    return polls
  }

  /** Re-fetches the server's view now (one request at a time; a change meanwhile fetches once more). */
  async refresh(): Promise<void> {
    if (!this.server) return
    if (this.refreshing) {
      this.refreshAgain = true
      return this.refreshing
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false
        try {
          await this.details()
          // A failed fetch's message goes once a fetch succeeds; a command's stays until the next command.
          if (this.problem === this.refreshProblem) this.problem = this.problemCode = undefined
          this.refreshProblem = undefined
        } catch (err) {
          // Like a command's problem: the server's words with its code; a browser's TypeError said generically.
          const code = (err as { code?: unknown } | undefined)?.code
          const ours = err instanceof Error && !(err instanceof TypeError)
          this.problemCode = typeof code === 'string' ? code : ours ? undefined : 'unexpected'
          this.problem = this.refreshProblem = ours ? err.message : 'Something went wrong. Try again.'
        }
        this.notify()
      } while (this.refreshAgain)
    })().finally(() => {
      this.refreshing = undefined
    })
    return this.refreshing
  }

  /** What of the document, when it changes, makes the server's view out of date for a person without live results. */
  private stalenessKey(): string {
    return JSON.stringify(this.polls.map((p) => [p.id, p.state, p.revealed]))
  }

  private refreshIfStale(): void {
    if (!this.server) return
    const key = this.stalenessKey()
    if (key === this.fetchedFor) return
    this.fetchedFor = key
    void this.refresh()
  }

  /** This session in the typed API client, its polls, and the session as the path parameter. */
  private get session$() {
    return this.requireServer().client.sessions[':id']
  }

  private get polls$() {
    return this.session$.polls
  }

  private get param(): { id: string } {
    return { id: this.requireServer().sessionId }
  }

  private requireServer(): SessionApi {
    if (!this.server) throw new Error('PollsModel needs the session API for commands.')
    return this.server
  }

  /** A command through the shared runner (busy, problem, latest call wins), answering its value or undefined. */
  private async command<T>(work: () => Promise<T>): Promise<T | undefined> {
    let value: T | undefined
    const ok = await this.run(async () => {
      value = await work()
    })
    return ok ? value : undefined
  }
}
