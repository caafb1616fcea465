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
  cacheStatements(db)
  return db
}

/**
 * Repositories write their SQL where it is used; compiling it on every call cost a third of an answer's time
 * in bench/poll-answers.ts. better-sqlite3 statements are reusable (none of ours switch to pluck/raw/expand
 * modes or iterate), so each distinct SQL text is prepared once per connection.
 */
function cacheStatements(db: Db): void {
  const prepare = db.prepare.bind(db)
  const cache = new Map<string, Database.Statement>()
  db.prepare = ((sql: string) => {
    let statement = cache.get(sql)
    if (!statement) {
      statement = prepare(sql)
      cache.set(sql, statement)
    }
    return statement
  }) as Db['prepare']
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
