import type { Db } from './connection.ts'
import type { XapiStatement } from '../events/statements.ts'

/** Learning events as xAPI statements. Writes are meant to run inside the transaction of the change they record. */
export class EventsRepo {
  constructor(private readonly db: Db) {}

  record(tenantId: string, sessionId: string | null, s: XapiStatement): void {
    this.db
      .prepare(
        'INSERT INTO learning_events (id, tenant_id, session_id, actor_id, verb, statement, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(s.id, tenantId, sessionId, s.actor.account.name, s.verb.id, JSON.stringify(s), new Date().toISOString())
  }

  /**
   * Records a statement unless one with the same client key was recorded: a client re-sending a queued
   * signal must not count twice. Answers whether it recorded.
   */
  recordOnce(tenantId: string, sessionId: string, clientKey: string, s: XapiStatement): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO learning_events (id, tenant_id, session_id, actor_id, verb, statement, stored_at, client_key)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        )
        .run(s.id, tenantId, sessionId, s.actor.account.name, s.verb.id, JSON.stringify(s), new Date().toISOString(), clientKey)
        .changes === 1
    )
  }

  forSession(tenantId: string, sessionId: string): XapiStatement[] {
    return this.db
      .prepare<[string, string], { statement: string }>(
        'SELECT statement FROM learning_events WHERE tenant_id = ? AND session_id = ? ORDER BY rowid',
      )
      .all(tenantId, sessionId)
      .map((r) => JSON.parse(r.statement) as XapiStatement)
  }
}
