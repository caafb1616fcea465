import type { Db } from './connection.ts'

/** A domain event as the outbox holds it. `kind: 'statement'` rows carry an xAPI statement as payload. */
export interface OutboxRow {
  seq: number
  id: string
  tenantId: string
  sessionId: string | null
  kind: 'statement' | 'event'
  /** A webhook event type (`session.started`…) or `xapi.statement` for statements no webhook names. */
  type: string
  payload: unknown
  createdAt: string
}

interface RawRow {
  seq: number
  id: string
  tenant_id: string
  session_id: string | null
  kind: 'statement' | 'event'
  type: string
  payload: string
  created_at: string
}

// The payload is parsed when read: consumers skip most rows (the LRS fan-out only looks at kind and tenant).
const toRow = (r: RawRow): OutboxRow => ({
  seq: r.seq,
  id: r.id,
  tenantId: r.tenant_id,
  sessionId: r.session_id,
  kind: r.kind,
  type: r.type,
  get payload(): unknown {
    return JSON.parse(r.payload)
  },
  createdAt: r.created_at,
})

/**
 * The transactional outbox (ARCHITECTURE §6): a row is added in the transaction of the change it reports, and
 * consumers (webhook fan-out, LRS fan-out) read it in order from their own cursor. Nothing is ever lost
 * between a change and its delivery: a crash either keeps both or neither.
 */
export class OutboxRepo {
  constructor(private readonly db: Db) {}

  /** Adds an event unless one with this id exists (the same cause never writes twice). Answers whether it added. */
  add(e: { id: string; tenantId: string; sessionId: string | null; kind: 'statement' | 'event'; type: string; payload: unknown }, payloadJson?: string): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO outbox (id, tenant_id, session_id, kind, type, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(id) DO NOTHING`,
        )
        .run(e.id, e.tenantId, e.sessionId, e.kind, e.type, payloadJson ?? JSON.stringify(e.payload), new Date().toISOString()).changes === 1
    )
  }

  /** Rows after `consumer`'s cursor, oldest first. */
  after(consumer: string, limit: number): OutboxRow[] {
    return this.db
      .prepare<[string, number], RawRow>(
        `SELECT * FROM outbox WHERE seq > COALESCE((SELECT seq FROM outbox_cursors WHERE consumer = ?), 0) ORDER BY seq LIMIT ?`,
      )
      .all(consumer, limit)
      .map(toRow)
  }

  /** Moves `consumer`'s cursor; call it in the transaction that handled the rows up to `seq`. */
  advance(consumer: string, seq: number): void {
    this.db
      .prepare('INSERT INTO outbox_cursors (consumer, seq) VALUES (?, ?) ON CONFLICT(consumer) DO UPDATE SET seq = MAX(seq, excluded.seq)')
      .run(consumer, seq)
  }

  forTenant(tenantId: string, type?: string): OutboxRow[] {
    return (
      type === undefined
        ? this.db.prepare<[string], RawRow>('SELECT * FROM outbox WHERE tenant_id = ? ORDER BY seq').all(tenantId)
        : this.db.prepare<[string, string], RawRow>('SELECT * FROM outbox WHERE tenant_id = ? AND type = ? ORDER BY seq').all(tenantId, type)
    ).map(toRow)
  }
}
