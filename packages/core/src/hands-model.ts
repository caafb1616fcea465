import type * as Y from 'yjs'
import { handQueue, rootNames, type RaisedHand } from '@hilink/protocol'
import type { SessionApi } from './api-client.ts'

interface HandState {
  raised: boolean
  queue: RaisedHand[]
}

/**
 * The hand-raise queue from the document's `hands` map (server-authored; a lowered hand is removed). Raising
 * and lowering are commands to the server, which checks who may lower whose hand.
 */
export class HandsModel {
  busy = false
  problem: string | undefined
  private readonly map: Y.Map<unknown>
  private readonly listeners = new Set<() => void>()

  constructor(
    doc: Y.Doc,
    private readonly server?: SessionApi,
  ) {
    this.map = doc.getMap(rootNames.hands)
  }

  /** Raised hands, first raised first. Entries that do not parse are skipped. */
  get queue(): RaisedHand[] {
    return handQueue(this.map.values())
  }

  isRaised(userId: string): boolean {
    return this.queue.some((h) => h.userId === userId)
  }

  /** Whether this participant's own hand is up. */
  get raised(): boolean {
    return this.server ? this.isRaised(this.server.identity.sub) : false
  }

  /** Calls `listener` when the queue or a command's state changes; answers the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.map.observeDeep(listener)
    this.listeners.add(listener)
    return () => {
      this.map.unobserveDeep(listener)
      this.listeners.delete(listener)
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
    return this.run(() => server.api<HandState>('DELETE', `/sessions/${server.sessionId}/hands/${encodeURIComponent(userId)}`))
  }

  private async setOwn(raised: boolean): Promise<boolean> {
    const server = this.requireServer()
    return this.run(() => server.api<HandState>('PUT', `/sessions/${server.sessionId}/hand`, { raised }))
  }

  private requireServer(): SessionApi {
    if (!this.server) throw new Error('HandsModel needs the session API for commands.')
    return this.server
  }

  private async run(work: () => Promise<unknown>): Promise<boolean> {
    this.busy = true
    this.problem = undefined
    this.notify()
    try {
      await work()
      return true
    } catch (err) {
      this.problem = (err as Error).message
      return false
    } finally {
      this.busy = false
      this.notify()
    }
  }

  private notify(): void {
    for (const l of this.listeners) l()
  }
}
