import Database from 'better-sqlite3'
import { migrations } from './migrations.ts'

export type Db = Database.Database

/**
 * Opens the SQLite file in WAL mode and brings its schema up to date.
 * synchronous=NORMAL is durable against a process crash (SIGKILL) in WAL mode; only a power loss can lose
 * the last transactions, which is the usual trade-off for an embedded server.
 */
export function openDatabase(file: string): Db {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  migrate(db)
  return db
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number
  for (const m of migrations) {
    if (m.version <= current) continue
    db.transaction(() => {
      db.exec(m.sql)
      db.pragma(`user_version = ${m.version}`)
    })()
  }
}
