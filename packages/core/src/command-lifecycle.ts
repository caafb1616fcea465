import type * as Y from 'yjs'
import { parseResponse } from 'hono/client'
import { can, type SessionState } from '@hilink/protocol'
import type { SessionApi } from './api-client.ts'
import { CommandModel } from './command-model.ts'
import { SessionModel } from './session-model.ts'

export type LessonCommand = 'start' | 'end'

/**
 * The lesson's lifecycle as the classroom shows it: the state the server writes into the document (scheduled,
 * live, ended), the scheduled times (read once from the API: they are not in the document), and the start and
 * end commands with their busy/problem state. What a person sees follows from it: `waiting` (a lobby before the
 * start), `live`, `ended`.
 */
export class LifecycleModel extends CommandModel {
  scheduledStart: string | undefined
  scheduledEnd: string | undefined
  /** The instructor pressed End lesson and is asked to confirm (the end cannot be undone). */
  confirmingEnd = false
  private readonly lesson: SessionModel
  private loading: Promise<void> | undefined

  constructor(
    doc: Y.Doc,
    private readonly server?: SessionApi,
  ) {
    super()
    this.lesson = new SessionModel(doc)
  }

  get title(): string | undefined {
    return this.lesson.title
  }

  get state(): SessionState | undefined {
    return this.lesson.state
  }

  /** The command this participant may give now, if any: start a scheduled lesson, end a live one. */
  get availableCommand(): LessonCommand | undefined {
    const role = this.server?.identity.role
    if (!role) return undefined
    if (this.state === 'scheduled' && can(role, 'session.start')) return 'start'
    if (this.state === 'live' && can(role, 'session.end')) return 'end'
    return undefined
  }

  /** Instructors and TAs prepare the room before the start and review it after the end. */
  get staff(): boolean {
    const role = this.server?.identity.role
    return role === 'instructor' || role === 'ta'
  }

  /** Whether this participant waits in the lobby: the lesson has not started and they are not staff. */
  get waiting(): boolean {
    return this.state === 'scheduled' && !this.staff
  }

  /** Whether this participant sees the lesson as over (staff go on to the review). */
  get over(): boolean {
    return this.state === 'ended' && !this.staff
  }

  override subscribe(listener: () => void): () => void {
    const off = super.subscribe(listener)
    let lastState = this.state
    const offLesson = this.lesson.subscribe(() => {
      // A problem about the previous state (e.g. "already started" from another tab) no longer applies.
      if (this.state !== lastState) {
        lastState = this.state
        this.problem = undefined
        this.problemCode = undefined
        this.confirmingEnd = false
      }
      listener()
    })
    return () => {
      off()
      offLesson()
    }
  }

  /** Reads the scheduled times once (the lobby shows when the lesson starts). Failures leave them unknown. */
  load(): Promise<void> {
    const server = this.server
    if (!server) return Promise.resolve()
    this.loading ??= parseResponse(server.client.sessions[':id'].$get({ param: { id: server.sessionId } }))
      .then((session) => {
        this.scheduledStart = session.scheduledStart
        this.scheduledEnd = session.scheduledEnd
        this.notify()
      })
      .catch(() => {
        this.loading = undefined // try again on the next load()
      })
    return this.loading
  }

  start(): Promise<boolean> {
    return this.command('start')
  }

  /** First step of ending: ask for a confirmation instead of ending on one click. */
  askToEnd(): void {
    if (this.availableCommand !== 'end') return
    this.confirmingEnd = true
    this.notify()
  }

  cancelEnd(): void {
    if (!this.confirmingEnd) return
    this.confirmingEnd = false
    this.notify()
  }

  end(): Promise<boolean> {
    this.confirmingEnd = false
    return this.command('end')
  }

  private command(name: LessonCommand): Promise<boolean> {
    const server = this.server
    if (!server) throw new Error('LifecycleModel needs the session API for commands.')
    return this.run(() => parseResponse(server.client.sessions[':id'][name].$post({ param: { id: server.sessionId } })))
  }
}
