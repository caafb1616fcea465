import * as Y from 'yjs'
import {
  can,
  maxPollOptions,
  pollView,
  rootNames,
  type LaunchPollBody,
  type PollDetail,
  type PollKind,
  type PollResults,
  type PollView,
} from '@hilink/protocol'
import type { SessionApi } from './api-client.ts'

export const minPollOptions = 2

/** The instructor's poll being written, before it is launched. */
export interface PollDraft {
  question: string
  options: string[]
  kind: PollKind
  /** For checks: the index of the correct option. */
  correctOption: number | undefined
}

const emptyDraft = (): PollDraft => ({ question: '', options: ['', ''], kind: 'poll', correctOption: undefined })

/**
 * Polls and comprehension checks of the session. Reads come from the document's `polls` map (server-authored:
 * question, state, how many answered, and the results once closed). Instructors and TAs get open polls' results
 * live on their sync connection (`SessionApi.live`), one message per answer, with no request. What else only the
 * server may tell a given person (one's own answer) comes from `GET /sessions/:id/polls`, fetched again only
 * when a poll is launched or closed. Intents (launch, answer, close) are commands to the server, which checks
 * the role and writes the document.
 */
export class PollsModel {
  /** The launch form, edited here until `launch()`. */
  draft: PollDraft = emptyDraft()
  busy = false
  problem: string | undefined
  private readonly map: Y.Map<unknown>
  private readonly detailsById = new Map<string, PollDetail>()
  /** Open polls' results as the server last sent them on the live channel (staff only). */
  private readonly liveById = new Map<string, PollResults>()
  private readonly listeners = new Set<() => void>()
  private fetchedFor: string | undefined
  private refreshing: Promise<void> | undefined
  private refreshAgain = false
  private refreshProblem: string | undefined
  /** Counts answers the server accepted, so a fetch that started before one cannot undo it. */
  private answersAccepted = 0
  private readonly acceptedAnswers = new Map<string, { option: number; seq: number }>()

  constructor(
    doc: Y.Doc,
    private readonly server?: SessionApi,
  ) {
    this.map = doc.getMap(rootNames.polls)
  }

  /** Every poll of the session, oldest first. Entries that do not parse are skipped. */
  get polls(): PollView[] {
    const polls: PollView[] = []
    for (const value of this.map.values()) {
      const parsed = pollView.safeParse(value instanceof Y.AbstractType ? value.toJSON() : value)
      if (parsed.success) polls.push(parsed.data)
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
    return this.poll(id)?.results ?? this.liveById.get(id) ?? this.detailsById.get(id)?.results ?? null
  }

  /** This person's own answer, as the server last told us. */
  myAnswer(id: string): number | null {
    return this.detailsById.get(id)?.myAnswer ?? null
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
  subscribe(listener: () => void): () => void {
    const live = this.liveResults ? this.server?.live : undefined
    const onDoc = () => {
      // Without a live channel (a model over the API alone), those who see live results fetch them per change.
      if (this.liveResults && !live) void this.refresh()
      else this.refreshIfStale()
      listener()
    }
    this.map.observeDeep(onDoc)
    this.listeners.add(listener)
    const stopLive = live?.subscribe('poll.results', ({ pollId, results }) => {
      this.liveById.set(pollId, results)
      this.notify()
    })
    this.refreshIfStale()
    return () => {
      this.map.unobserveDeep(onDoc)
      this.listeners.delete(listener)
      stopLive?.()
    }
  }

  setQuestion(question: string): void {
    this.draft.question = question
    this.notify()
  }

  setOption(index: number, text: string): void {
    if (index < 0 || index >= this.draft.options.length) return
    this.draft.options[index] = text
    this.notify()
  }

  addOption(): void {
    if (this.draft.options.length >= maxPollOptions) return
    this.draft.options.push('')
    this.notify()
  }

  removeOption(index: number): void {
    const { options, correctOption } = this.draft
    if (options.length <= minPollOptions || index < 0 || index >= options.length) return
    options.splice(index, 1)
    if (correctOption !== undefined) {
      this.draft.correctOption = correctOption === index ? undefined : correctOption > index ? correctOption - 1 : correctOption
    }
    this.notify()
  }

  setKind(kind: PollKind): void {
    this.draft.kind = kind
    this.notify()
  }

  setCorrectOption(index: number | undefined): void {
    this.draft.correctOption = index
    this.notify()
  }

  /** The draft as the API takes it. */
  draftBody(): LaunchPollBody {
    const { question, options, kind, correctOption } = this.draft
    return {
      question: question.trim(),
      options: options.map((o) => o.trim()),
      kind,
      ...(kind === 'check' && correctOption !== undefined ? { correctOption } : {}),
    }
  }

  /** Launches the draft (or `body`); the draft is cleared when the server accepts it. */
  async launch(body: LaunchPollBody = this.draftBody()): Promise<PollDetail | undefined> {
    return this.run(async () => {
      const poll = await this.requireServer().api<PollDetail>('POST', `${this.base}`, body)
      this.detailsById.set(poll.id, poll)
      this.draft = emptyDraft()
      return poll
    })
  }

  /** Answers (or changes the answer to) an open poll; answers whether the server took it. */
  async answer(pollId: string, option: number): Promise<boolean> {
    const done = await this.run(async () => {
      await this.requireServer().api('POST', `${this.base}/${encodeURIComponent(pollId)}/answer`, { option })
      this.acceptedAnswers.set(pollId, { option, seq: ++this.answersAccepted })
      const known = this.detailsById.get(pollId)
      const view = this.poll(pollId)
      if (known) this.detailsById.set(pollId, { ...known, myAnswer: option })
      else if (view) this.detailsById.set(pollId, { ...view, myAnswer: option })
      return true
    })
    return done === true
  }

  async close(pollId: string): Promise<PollDetail | undefined> {
    return this.run(async () => {
      const poll = await this.requireServer().api<PollDetail>('POST', `${this.base}/${encodeURIComponent(pollId)}/close`)
      this.detailsById.set(poll.id, poll)
      return poll
    })
  }

  /** `GET /sessions/:id/polls`: the polls as the server shows them to this person. */
  async details(): Promise<PollDetail[]> {
    const startedAfter = this.answersAccepted
    const { polls } = await this.requireServer().api<{ polls: PollDetail[] }>('GET', this.base)
    for (const poll of polls) {
      // An answer accepted while this fetch was under way is newer than what the fetch says.
      const accepted = this.acceptedAnswers.get(poll.id)
      if (accepted && accepted.seq > startedAfter) poll.myAnswer = accepted.option
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
          if (this.problem === this.refreshProblem) this.problem = undefined
          this.refreshProblem = undefined
        } catch (err) {
          this.problem = this.refreshProblem = (err as Error).message
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
    return JSON.stringify(this.polls.map((p) => [p.id, p.state]))
  }

  private refreshIfStale(): void {
    if (!this.server) return
    const key = this.stalenessKey()
    if (key === this.fetchedFor) return
    this.fetchedFor = key
    void this.refresh()
  }

  private get base(): string {
    return `/sessions/${this.requireServer().sessionId}/polls`
  }

  private requireServer(): SessionApi {
    if (!this.server) throw new Error('PollsModel needs the session API for commands.')
    return this.server
  }

  private async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.busy = true
    this.problem = undefined
    this.notify()
    try {
      return await work()
    } catch (err) {
      this.problem = (err as Error).message
      return undefined
    } finally {
      this.busy = false
      this.notify()
    }
  }

  private notify(): void {
    for (const l of this.listeners) l()
  }
}
