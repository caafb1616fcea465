import type { Db } from './connection.ts'

export interface WebhookRow {
  id: string
  tenantId: string
  url: string
  events: string[]
  secret: string
  createdAt: string
}

interface Raw {
  id: string
  tenant_id: string
  url: string
  events: string
  secret: string
  created_at: string
}
const toRow = (r: Raw): WebhookRow => ({ id: r.id, tenantId: r.tenant_id, url: r.url, events: JSON.parse(r.events) as string[], secret: r.secret, createdAt: r.created_at })

/**
 * Webhook subscriptions. The signing secret is kept as issued (HMAC needs it); it is shown once, at
 * creation. Deleting keeps the row (deliveries refer to it) and stops new deliveries.
 */
export class WebhooksRepo {
  constructor(private readonly db: Db) {}

  create(w: Omit<WebhookRow, 'createdAt'>): WebhookRow {
    const createdAt = new Date().toISOString()
    this.db
      .prepare('INSERT INTO webhooks (id, tenant_id, url, events, secret, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(w.id, w.tenantId, w.url, JSON.stringify(w.events), w.secret, createdAt)
    return { ...w, createdAt }
  }

  list(tenantId: string): WebhookRow[] {
    return this.db
      .prepare<[string], Raw>('SELECT * FROM webhooks WHERE tenant_id = ? AND deleted_at IS NULL ORDER BY created_at, id')
      .all(tenantId)
      .map(toRow)
  }

  get(tenantId: string, id: string): WebhookRow | undefined {
    const r = this.db.prepare<[string, string], Raw>('SELECT * FROM webhooks WHERE tenant_id = ? AND id = ? AND deleted_at IS NULL').get(tenantId, id)
    return r && toRow(r)
  }

  /** Including deleted ones: a pending delivery of a deleted webhook is dropped, not sent. */
  byId(id: string): (WebhookRow & { deleted: boolean }) | undefined {
    const r = this.db.prepare<[string], Raw & { deleted_at: string | null }>('SELECT * FROM webhooks WHERE id = ?').get(id)
    return r && { ...toRow(r), deleted: r.deleted_at !== null }
  }

  delete(tenantId: string, id: string): boolean {
    return (
      this.db
        .prepare('UPDATE webhooks SET deleted_at = ? WHERE tenant_id = ? AND id = ? AND deleted_at IS NULL')
        .run(new Date().toISOString(), tenantId, id).changes === 1
    )
  }
}
