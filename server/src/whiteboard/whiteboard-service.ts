import { z } from 'zod'
import { rootNames, sessionKeys, type Session } from '@hilink/protocol'
import type { SyncServer } from '../sync/sync-server.ts'
import type { ContributionTracker } from './contributions.ts'

export const whiteboardLockBody = z.object({ locked: z.boolean() }).strict()
export const whiteboardLockState = z.object({ locked: z.boolean() })
export const whiteboardRecords = z.object({
  locked: z.boolean(),
  /** The board's tldraw records (document scope), as stored: shapes, pages, assets, bindings, the document. */
  records: z.array(z.record(z.string(), z.unknown())),
})
export type WhiteboardRecordsBody = z.infer<typeof whiteboardRecords>

/** The board's server-side commands: lock it for learners, and read its records. HTTP-free. */
export class WhiteboardService {
  constructor(
    private readonly sync: SyncServer,
    /** Contributions per participant per minute, fed by the sync server's applied-change hook. */
    readonly contributions?: ContributionTracker,
  ) {}

  /** Writes `session.boardLocked` into the document (a server-authored part). */
  setLocked(tenantId: string, session: Session, locked: boolean): { locked: boolean } {
    this.sync.changeDoc(tenantId, session.id, (doc) => {
      const map = doc.getMap(rootNames.session)
      if (map.get(sessionKeys.boardLocked) !== locked) map.set(sessionKeys.boardLocked, locked)
    })
    return { locked }
  }

  /** The board's records, oldest key first, from the live room or the stored document. */
  records(tenantId: string, session: Session): WhiteboardRecordsBody {
    let body: WhiteboardRecordsBody = { locked: false, records: [] }
    // A read through changeDoc writes nothing: an unchanged transaction stores no update.
    this.sync.changeDoc(tenantId, session.id, (doc) => {
      const board = doc.getMap(rootNames.whiteboard)
      const records: Record<string, unknown>[] = []
      for (const value of board.values()) if (typeof value === 'object' && value !== null) records.push(value as Record<string, unknown>)
      body = { locked: doc.getMap(rootNames.session).get(sessionKeys.boardLocked) === true, records }
    })
    return body
  }
}
