import type { Db } from './connection.ts'
import type { XapiStatement } from '../events/statements.ts'
import { courseActivity, defaultPublicUrl, tenantHomePage } from '../events/statements.ts'
import { eventTypeOfVerb } from '../events/event-types.ts'
import { OutboxRepo } from './outbox-repo.ts'

/** Filters of `GET /xapi/statements`, already resolved to columns. */
export interface StatementQuery {
  statementId?: string
  verb?: string
  actorId?: string
  activity?: string
  registration?: string
  since?: string
  until?: string
  ascending: boolean
  limit: number
  /** Paging: the (stored, id) of the last statement of the previous page. */
  after?: { stored: string; id: string }
}

/**
 * Learning events as xAPI statements: the one hook where a domain event is recorded (ARCHITECTURE §6).
 * `record` runs inside the transaction of the change it records and writes the statement and its outbox row
 * together; webhooks, LRS forwarding and analytics read the outbox.
 */
export class EventsRepo {
  readonly outbox: OutboxRepo

  constructor(
    private readonly db: Db,
    private readonly publicUrl: string = defaultPublicUrl,
  ) {
    this.outbox = new OutboxRepo(db)
  }

  /** Records a statement (once: a second record of the same id changes nothing). Answers whether it recorded. */
  record(tenantId: string, sessionId: string | null, s: XapiStatement): boolean {
    return this.insert(tenantId, sessionId, s, null)
  }

  /**
   * Records a statement unless one with the same client key was recorded: a client re-sending a queued
   * signal must not count twice. Answers whether it recorded.
   */
  recordOnce(tenantId: string, sessionId: string, clientKey: string, s: XapiStatement): boolean {
    return this.insert(tenantId, sessionId, s, clientKey)
  }

  private insert(tenantId: string, sessionId: string | null, s: XapiStatement, clientKey: string | null): boolean {
    const write = () => {
      const stored = this.complete(tenantId, sessionId, s)
      const json = JSON.stringify(stored)
      const added =
        this.db
          .prepare(
            `INSERT INTO learning_events (id, tenant_id, session_id, actor_id, verb, statement, stored_at, client_key)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          )
          .run(stored.id, tenantId, sessionId, stored.actor.account.name, stored.verb.id, json, stored.stored, clientKey)
          .changes === 1
      if (added) this.outbox.add({ id: stored.id, tenantId, sessionId, kind: 'statement', type: eventTypeOfVerb(stored.verb.id), payload: stored }, json)
      return added
    }
    // Inside the caller's transaction the two rows commit with its change; alone, they get one of their own.
    // (Not a savepoint per statement: a batch of 500 signals is one transaction, not 500 savepoints.)
    return this.db.inTransaction ? write() : this.db.transaction(write)()
  }

  /**
   * What every statement carries whoever built it: the tenant's home page on the actor, the course as the
   * parent activity, `stored` and the version. Done here, at the one hook, so no caller can forget it.
   */
  private complete(tenantId: string, sessionId: string | null, s: XapiStatement): XapiStatement {
    const courseId = sessionId ? this.courseOf(tenantId, sessionId) : undefined
    const parent = courseId !== undefined ? [courseActivity(tenantId, courseId)] : undefined
    return {
      ...s,
      actor: { ...s.actor, account: { ...s.actor.account, homePage: tenantHomePage(this.publicUrl, tenantId) } },
      context: { ...s.context, ...(parent ? { contextActivities: { ...s.context.contextActivities, parent } } : {}) },
      stored: new Date().toISOString(),
      version: '1.0.3',
    }
  }

  /** A session's course never changes: remembered for the busiest sessions (a batch of signals asks 500 times). */
  private readonly courses = new Map<string, string>()
  private courseOf(tenantId: string, sessionId: string): string | undefined {
    const key = `${tenantId}\u0000${sessionId}`
    const known = this.courses.get(key)
    if (known !== undefined) return known
    const row = this.db.prepare<[string, string], { course_id: string }>('SELECT course_id FROM sessions WHERE tenant_id = ? AND id = ?').get(tenantId, sessionId)
    if (!row) return undefined
    if (this.courses.size >= 1000) this.courses.delete(this.courses.keys().next().value!)
    this.courses.set(key, row.course_id)
    return row.course_id
  }

  /** The home page of the tenant's account agents (what an `agent` filter must name). */
  homePage(tenantId: string): string {
    return tenantHomePage(this.publicUrl, tenantId)
  }

  forSession(tenantId: string, sessionId: string): XapiStatement[] {
    return this.db
      .prepare<[string, string], { statement: string }>(
        'SELECT statement FROM learning_events WHERE tenant_id = ? AND session_id = ? ORDER BY rowid',
      )
      .all(tenantId, sessionId)
      .map((r) => JSON.parse(r.statement) as XapiStatement)
  }

  /** The tenant's statements with these ids, in the order given (missing ones left out). */
  byIds(tenantId: string, ids: readonly string[]): XapiStatement[] {
    const get = this.db.prepare<[string, string], { statement: string }>('SELECT statement FROM learning_events WHERE tenant_id = ? AND id = ?')
    return ids.flatMap((id) => {
      const row = get.get(tenantId, id)
      return row ? [JSON.parse(row.statement) as XapiStatement] : []
    })
  }

  /** Statements of one tenant matching `q`, ordered by stored time (then id), at most `limit`. */
  query(tenantId: string, q: StatementQuery): XapiStatement[] {
    const where = ['tenant_id = ?']
    const args: Array<string | number> = [tenantId]
    const add = (sql: string, ...values: string[]) => {
      where.push(sql)
      args.push(...values)
    }
    if (q.statementId !== undefined) add('id = ?', q.statementId)
    if (q.verb !== undefined) add('verb = ?', q.verb)
    if (q.actorId !== undefined) add('actor_id = ?', q.actorId)
    if (q.activity !== undefined) add("json_extract(statement, '$.object.id') = ?", q.activity)
    if (q.registration !== undefined) add('session_id = ?', q.registration)
    // xAPI: since is exclusive, until inclusive, both on stored.
    if (q.since !== undefined) add('stored_at > ?', q.since)
    if (q.until !== undefined) add('stored_at <= ?', q.until)
    if (q.after) add(q.ascending ? '(stored_at, id) > (?, ?)' : '(stored_at, id) < (?, ?)', q.after.stored, q.after.id)
    const order = q.ascending ? 'ASC' : 'DESC'
    args.push(q.limit)
    return this.db
      .prepare<Array<string | number>, { statement: string }>(
        `SELECT statement FROM learning_events WHERE ${where.join(' AND ')} ORDER BY stored_at ${order}, id ${order} LIMIT ?`,
      )
      .all(...args)
      .map((r) => JSON.parse(r.statement) as XapiStatement)
  }
}
