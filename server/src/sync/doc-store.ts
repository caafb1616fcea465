import * as Y from 'yjs'
import type { DocUpdatesRepo } from '../db/doc-updates-repo.ts'

/** Transaction origin of updates that are already stored (loaded from SQLite, or stored before applying). */
export const storedOrigin = Symbol('hilink:stored')

/** After this many stored rows, a loaded document is merged back into one row. */
const compactAfterRows = 500

/**
 * The bind/write adapter between live Yjs documents and the doc_updates table.
 * - `bind` loads every stored update synchronously, so the document is whole before any client sees it, then
 *   stores every later update that was not stored already.
 * - `storeBeforeApply` is for client updates: stored first, then applied, so an update another client saw
 *   (or that was acknowledged) is always on disk.
 * - `unload` compacts the document into one row when its room empties.
 */
export class DocStore {
  private readonly rowCounts = new Map<string, number>()
  /** Stored bytes per loaded document (the sum of its rows), for the per-room size limit. */
  private readonly byteCounts = new Map<string, number>()

  constructor(private readonly repo: DocUpdatesRepo) {}

  bind(key: string, doc: Y.Doc): void {
    const rows = this.repo.load(key)
    applyStored(doc, rows)
    this.rowCounts.set(key, rows.length)
    this.byteCounts.set(key, rows.reduce((sum, row) => sum + row.byteLength, 0))
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== storedOrigin && !isStoredOrigin(origin)) this.append(key, update)
      if ((this.rowCounts.get(key) ?? 0) > compactAfterRows) this.compact(key, doc)
    })
  }

  storeBeforeApply(key: string, update: Uint8Array): void {
    this.append(key, update)
  }

  /** What a loaded document takes on disk now (compaction shrinks it when deletions freed content). */
  bytesOf(key: string): number {
    return this.byteCounts.get(key) ?? 0
  }

  unload(key: string, doc: Y.Doc): void {
    if ((this.rowCounts.get(key) ?? 0) > 1) this.compact(key, doc)
    this.rowCounts.delete(key)
    this.byteCounts.delete(key)
  }

  /** Changes a document that may not be loaded: loads a temporary copy, applies `change`, stores the difference. */
  changeUnloaded(key: string, change: (doc: Y.Doc) => void): void {
    const doc = new Y.Doc()
    applyStored(doc, this.repo.load(key))
    let update: Uint8Array | undefined
    doc.on('update', (u: Uint8Array) => {
      update = update ? Y.mergeUpdates([update, u]) : u
    })
    doc.transact(() => change(doc))
    if (update) this.repo.append(key, update)
    doc.destroy()
  }

  private append(key: string, update: Uint8Array): void {
    this.repo.append(key, update)
    this.rowCounts.set(key, (this.rowCounts.get(key) ?? 0) + 1)
    if (this.byteCounts.has(key)) this.byteCounts.set(key, (this.byteCounts.get(key) ?? 0) + update.byteLength)
  }

  private compact(key: string, doc: Y.Doc): void {
    const state = Y.encodeStateAsUpdate(doc)
    this.repo.replaceAll(key, state)
    this.rowCounts.set(key, 1)
    this.byteCounts.set(key, state.byteLength)
  }
}

/** Origins that mark a client update the guard stored before applying it. */
const storedOrigins = new WeakSet<object>()
export function markStoredOrigin(origin: object): void {
  storedOrigins.add(origin)
}
function isStoredOrigin(origin: unknown): boolean {
  return typeof origin === 'object' && origin !== null && storedOrigins.has(origin)
}

function applyStored(doc: Y.Doc, rows: Uint8Array[]): void {
  if (rows.length === 0) return
  try {
    Y.applyUpdate(doc, Y.mergeUpdates(rows), storedOrigin)
  } catch {
    // One unreadable row must not make the whole document unreadable: apply the rest one by one.
    for (const row of rows) {
      try {
        Y.applyUpdate(doc, row, storedOrigin)
      } catch (err) {
        console.warn(`hilink: skipped an unreadable stored update: ${(err as Error).message}`)
      }
    }
  }
}
