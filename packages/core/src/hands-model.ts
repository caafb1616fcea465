import type * as Y from 'yjs'
import { parseResponse } from 'hono/client'
import { rootNames, type RaisedHand } from '@hilink/protocol'
import { entries, isRaisedHand } from './readers.ts'
import type { SessionApi } from './api-client.ts'
import { CommandModel } from './command-model.ts'
import { SessionModel } from './session-model.ts'

/**
 * The hand-raise queue from the document's `hands` map (server-authored; a lowered hand is removed). Raising
 * and lowering are commands to the server, which checks who may lower whose hand.
 */
export class HandsModel extends CommandModel {
  private readonly map: Y.Map<unknown>
  private readonly lesson: SessionModel
  private lastState: string | undefined

  constructor(
    doc: Y.Doc,
    private readonly server?: SessionApi,
  ) {
    super()
    this.map = doc.getMap(rootNames.hands)
    this.lesson = new SessionModel(doc)
    this.lastState = this.lesson.state
  }

  /** Hands go up only while the lesson is live: before the start and after the end the button is not offered. */
  get open(): boolean {
    return this.lesson.state === 'live'
  }

  /** A command of ours waits for the server to be reachable again (it is sent by itself when it is back). */
  get pending(): boolean {
    return this.busy && (this.server?.pendingCommands ?? 0) > 0
  }

  /** Raised hands, first raised first. Entries that do not parse are skipped. */
  get queue(): RaisedHand[] {
    return entries(this.map.values(), isRaisedHand).sort((a, b) => a.raisedAt.localeCompare(b.raisedAt) || a.userId.localeCompare(b.userId))
  }

  isRaised(userId: string): boolean {
    return this.queue.some((h) => h.userId === userId)
  }

  /** Whether this participant's own hand is up. */
  get raised(): boolean {
    return this.server ? this.isRaised(this.server.identity.sub) : false
  }

  /** Calls `listener` when the queue or a command's state changes; answers the unsubscribe function. */
  override subscribe(listener: () => void): () => void {
    const off = super.subscribe(listener)
    this.map.observeDeep(listener)
    // A problem about the lesson's state ("only while live") no longer applies once the state changed.
    const offLesson = this.lesson.subscribe(() => {
      const state = this.lesson.state
      if (state !== this.lastState) {
        this.lastState = state
        this.problem = undefined
      }
      listener()
    })
    return () => {
      off()
      offLesson()
      this.map.unobserveDeep(listener)
    }
  }

  /** Raises this participant's own hand. */
  raise(): Promise<boolean> {
    return this.setOwn(true)
  }

  /** Lowers this participant's own hand. */
  lowerOwn(): Promise<boolean> {
    return this.setOwn(false)
  }

  /** Lowers someone's hand (instructors and TAs; a learner only their own). */
  async lower(userId: string): Promise<boolean> {
    const server = this.requireServer()
    return this.run(() => parseResponse(server.client.sessions[':id'].hands[':userId'].$delete({ param: { id: server.sessionId, userId: encodeURIComponent(userId) } })))
  }

  private async setOwn(raised: boolean): Promise<boolean> {
    const server = this.requireServer()
    return this.run(() => parseResponse(server.client.sessions[':id'].hand.$put({ param: { id: server.sessionId }, json: { raised } })))
  }

  private requireServer(): SessionApi {
    if (!this.server) throw new Error('HandsModel needs the session API for commands.')
    return this.server
  }
}
