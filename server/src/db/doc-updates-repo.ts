import type { Db } from './connection.ts'

/**
 * Yjs document updates, appended one row per update and compacted into one row when a document grows or
 * unloads. Appends are synchronous: when `append` returns, the update is in the WAL.
 */
export class DocUpdatesRepo {
  private readonly insert
  private readonly selectAll
  private readonly countRows
  private readonly deleteAll

  constructor(private readonly db: Db) {
    this.insert = db.prepare<[string, Uint8Array]>('INSERT INTO doc_updates (doc_name, update_data) VALUES (?, ?)')
    this.selectAll = db.prepare<[string], { update_data: Buffer }>(
      'SELECT update_data FROM doc_updates WHERE doc_name = ? ORDER BY seq',
    )
    this.countRows = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM doc_updates WHERE doc_name = ?')
    this.deleteAll = db.prepare<[string]>('DELETE FROM doc_updates WHERE doc_name = ?')
  }

  append(docName: string, update: Uint8Array): void {
    this.insert.run(docName, update)
  }

  load(docName: string): Uint8Array[] {
    return this.selectAll.all(docName).map((r) => new Uint8Array(r.update_data))
  }

  count(docName: string): number {
    return this.countRows.get(docName)?.n ?? 0
  }

  /** Replaces every stored update of a document with one merged state, atomically. */
  replaceAll(docName: string, state: Uint8Array): void {
    this.db.transaction(() => {
      this.deleteAll.run(docName)
      this.insert.run(docName, state)
    })()
  }
}
