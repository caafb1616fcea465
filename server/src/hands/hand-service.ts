import type * as Y from 'yjs'
import { handQueue, rootNames, type RaisedHand, type Session } from '@hilink/protocol'
import type { EventsRepo } from '../db/events-repo.ts'
import type { SyncServer } from '../sync/sync-server.ts'
import { sessionActivity, statement, verbs } from '../events/statements.ts'

interface Actor {
  id: string
  name: string
}

/**
 * The hand-raise queue lives in the document's server-authored `hands` map. Raising or lowering changes the
 * map and records the learning event in one transaction; doing it twice changes nothing and records nothing.
 */
export class HandService {
  constructor(
    private readonly events: EventsRepo,
    private readonly sync: SyncServer,
    private readonly transaction: <T>(work: () => T) => T,
  ) {}

  raise(tenantId: string, session: Session, learner: Actor): RaisedHand[] {
    return this.change(tenantId, session, (hands) => {
      if (hands.has(learner.id)) return
      hands.set(learner.id, { userId: learner.id, name: learner.name, raisedAt: new Date().toISOString() })
      this.record(tenantId, session, learner, verbs.raisedHand, learner.id)
    })
  }

  /** Lowers `userId`'s hand; `by` is the learner themself or the instructor or TA who took the question. */
  lower(tenantId: string, session: Session, by: Actor, userId: string): RaisedHand[] {
    return this.change(tenantId, session, (hands) => {
      if (!hands.has(userId)) return
      hands.delete(userId)
      this.record(tenantId, session, by, verbs.loweredHand, userId)
    })
  }

  /** At the end of a session every hand goes down, without events: nobody lowered them. */
  clear(tenantId: string, sessionId: string): void {
    this.sync.changeDoc(tenantId, sessionId, (doc) => doc.getMap(rootNames.hands).clear())
  }

  private change(tenantId: string, session: Session, work: (hands: Y.Map<unknown>) => void): RaisedHand[] {
    return this.transaction(() => {
      let queue: RaisedHand[] = []
      this.sync.changeDoc(tenantId, session.id, (doc) => {
        work(doc.getMap(rootNames.hands))
        queue = handQueue(doc.getMap(rootNames.hands).values())
      })
      return queue
    })
  }

  private record(tenantId: string, session: Session, actor: Actor, verb: (typeof verbs)['raisedHand' | 'loweredHand'], learnerId: string): void {
    this.events.record(tenantId, session.id, statement({
      tenantId,
      sessionId: session.id,
      actor,
      verb,
      object: sessionActivity(session.id, session.title),
      extensions: { 'urn:hilink:xapi:learner': learnerId },
    }))
  }
}
