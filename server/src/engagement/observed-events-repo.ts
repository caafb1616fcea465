import { EventsRepo } from '../db/events-repo.ts'
import type { XapiStatement } from '../events/statements.ts'

export type RecordedListener = (tenantId: string, sessionId: string, statement: XapiStatement) => void

/**
 * The events repository, telling listeners about each statement it records: the live engagement panel is
 * computed as learning events are recorded, from the same statements (one hook, no second bookkeeping).
 * A subclass, so `record`'s signature and its transaction stay the learning record's; a listener that
 * throws is isolated from the write. Listeners run inside the caller's transaction: a rolled-back statement
 * may have been counted live for a moment (the panel is a live view, not the record).
 */
export class ObservedEventsRepo extends EventsRepo {
  private readonly recorded = new Set<RecordedListener>()

  onRecorded(listener: RecordedListener): () => void {
    this.recorded.add(listener)
    return () => this.recorded.delete(listener)
  }

  override record(tenantId: string, sessionId: string | null, s: XapiStatement): boolean {
    const added = super.record(tenantId, sessionId, s)
    if (added && sessionId) this.tell(tenantId, sessionId, s)
    return added
  }

  override recordOnce(tenantId: string, sessionId: string, clientKey: string, s: XapiStatement): boolean {
    const added = super.recordOnce(tenantId, sessionId, clientKey, s)
    if (added) this.tell(tenantId, sessionId, s)
    return added
  }

  private tell(tenantId: string, sessionId: string, s: XapiStatement): void {
    for (const listener of this.recorded) {
      try {
        listener(tenantId, sessionId, s)
      } catch (err) {
        console.error('engagement: a listener failed', err)
      }
    }
  }
}
