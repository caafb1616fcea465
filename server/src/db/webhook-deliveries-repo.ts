import type { Db } from './connection.ts'

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed'

export interface DeliveryRow {
  /** The `webhook-id` of every attempt: receivers recognise a re-delivery by it. */
  id: string
  webhookId: string
  tenantId: string
  eventId: string
  eventType: string
  /** The exact JSON body that is signed and sent. */
  payload: string
  status: DeliveryStatus
  attempts: number
  nextAttemptAt: string | null
  lastAttemptAt: string | null
  lastStatus: number | null
  lastError: string | null
  createdAt: string
}

interface Raw {
  id: string
  webhook_id: string
  tenant_id: string
  event_id: string
  event_type: string
  payload: string
  status: DeliveryStatus
  attempts: number
  next_attempt_at: string
  last_attempt_at: string | null
  last_status: number | null
  last_error: string | null
  created_at: string
}
const toRow = (r: Raw): DeliveryRow => ({
  id: r.id,
  webhookId: r.webhook_id,
  tenantId: r.tenant_id,
  eventId: r.event_id,
  eventType: r.event_type,
  payload: r.payload,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
  lastAttemptAt: r.last_attempt_at,
  lastStatus: r.last_status,
  lastError: r.last_error,
  createdAt: r.created_at,
})

/** One message per (webhook, event), with its attempts: the delivery log and the retry queue. */
export class WebhookDeliveriesRepo {
  constructor(private readonly db: Db) {}

  /** Queues a message unless this webhook already has one for this event. */
  add(d: { id: string; webhookId: string; tenantId: string; eventId: string; eventType: string; payload: string }, now: string): void {
    this.db
      .prepare(
        `INSERT INTO webhook_deliveries (id, webhook_id, tenant_id, event_id, event_type, payload, status, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(d.id, d.webhookId, d.tenantId, d.eventId, d.eventType, d.payload, now, now)
  }

  due(now: string, limit: number): DeliveryRow[] {
    return this.db
      .prepare<[string, number], Raw>(
        "SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?",
      )
      .all(now, limit)
      .map(toRow)
  }

  /** Notes an attempt's outcome: succeeded, failed for good, or pending until `nextAttemptAt`. */
  attempted(id: string, o: { at: string; status: DeliveryStatus; httpStatus: number | null; error: string | null; nextAttemptAt: string }): void {
    this.db
      .prepare(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, status = ?, last_attempt_at = ?, last_status = ?, last_error = ?,
           next_attempt_at = ? WHERE id = ?`,
      )
      .run(o.status, o.at, o.httpStatus, o.error, o.nextAttemptAt, id)
  }

  forWebhook(tenantId: string, webhookId: string, limit: number): DeliveryRow[] {
    return this.db
      .prepare<[string, string, number], Raw>(
        'SELECT * FROM webhook_deliveries WHERE tenant_id = ? AND webhook_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
      )
      .all(tenantId, webhookId, limit)
      .map(toRow)
  }

  get(tenantId: string, webhookId: string, id: string): DeliveryRow | undefined {
    const r = this.db
      .prepare<[string, string, string], Raw>('SELECT * FROM webhook_deliveries WHERE tenant_id = ? AND webhook_id = ? AND id = ?')
      .get(tenantId, webhookId, id)
    return r && toRow(r)
  }

  /** Queues a message again now (same webhook-id); its age for the 24 h limit counts from now. */
  redeliver(tenantId: string, id: string, now: string): void {
    this.db
      .prepare("UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, created_at = ? WHERE tenant_id = ? AND id = ?")
      .run(now, now, tenantId, id)
  }

  drop(id: string, reason: string): void {
    this.db.prepare("UPDATE webhook_deliveries SET status = 'failed', last_error = ? WHERE id = ?").run(reason, id)
  }
}
