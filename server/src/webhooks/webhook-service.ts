import { PollingWorker } from '../events/polling-worker.ts'
import { randomBytes } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import type { CreateWebhookBody } from '@hilink/protocol'
import type { Db } from '../db/connection.ts'
import type { OutboxRepo, OutboxRow } from '../db/outbox-repo.ts'
import type { WebhookRow, WebhooksRepo } from '../db/webhooks-repo.ts'
import type { DeliveryRow, WebhookDeliveriesRepo } from '../db/webhook-deliveries-repo.ts'
import { stableUuid } from '../events/statements.ts'
import { webhookEventTypes } from '../events/event-types.ts'
import { backoffMs, postOnce } from './http-post.ts'
import { refuseUrl } from './ssrf.ts'

export interface WebhookOptions {
  allowPrivate: boolean
  /** The first retry's delay; each next one doubles (capped at an hour). */
  retryBaseMs: number
  /** How often the worker looks for new outbox rows and due deliveries. */
  pollMs: number
  /** After this long without success a message is marked failed (Standard Webhooks: about a day). */
  maxAgeMs?: number
  timeoutMs?: number
  now?: () => number
}

export type CreateOutcome = { created: WebhookRow } | { refused: string }
export type RedeliverOutcome = 'queued' | 'not_found'

const consumer = 'webhooks'
const eventTypes = new Set<string>(webhookEventTypes)

/**
 * Webhooks on the Standard Webhooks spec. Events come from the outbox: the worker fans each new row out to
 * the tenant's matching subscriptions (one message per webhook and event, id `msg_…` derived from both, so a
 * fan-out replayed after a crash adds nothing), then sends due messages, signed with the subscription's
 * secret, retrying with exponential backoff until a 2xx or until the message is a day old. A crash between
 * sending and noting success sends the message again with the same `webhook-id`: at least once, and
 * recognisably so.
 */
export class WebhookService {
  private readonly worker: PollingWorker
  private readonly maxAgeMs: number
  private readonly now: () => number

  constructor(
    private readonly db: Db,
    private readonly outbox: OutboxRepo,
    private readonly webhooks: WebhooksRepo,
    private readonly deliveries: WebhookDeliveriesRepo,
    private readonly options: WebhookOptions,
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 24 * 3600_000
    this.now = options.now ?? Date.now
    this.worker = new PollingWorker(() => this.runOnce(), options.pollMs, 'webhook worker')
  }

  async create(tenantId: string, body: CreateWebhookBody): Promise<CreateOutcome> {
    const refused = await refuseUrl(body.url, this.options.allowPrivate)
    if (refused) return { refused }
    const events = body.events.includes('*') ? ['*'] : [...new Set(body.events)]
    const secret = `whsec_${randomBytes(32).toString('base64')}`
    return { created: this.webhooks.create({ id: `wh_${randomBytes(12).toString('base64url')}`, tenantId, url: body.url, events, secret }) }
  }

  list(tenantId: string): WebhookRow[] {
    return this.webhooks.list(tenantId)
  }

  get(tenantId: string, id: string): WebhookRow | undefined {
    return this.webhooks.get(tenantId, id)
  }

  delete(tenantId: string, id: string): boolean {
    return this.webhooks.delete(tenantId, id)
  }

  deliveriesOf(tenantId: string, id: string): DeliveryRow[] | undefined {
    return this.webhooks.get(tenantId, id) ? this.deliveries.forWebhook(tenantId, id, 100) : undefined
  }

  redeliver(tenantId: string, id: string, deliveryId: string): RedeliverOutcome {
    if (!this.webhooks.get(tenantId, id) || !this.deliveries.get(tenantId, id, deliveryId)) return 'not_found'
    this.deliveries.redeliver(tenantId, deliveryId, new Date(this.now()).toISOString())
    this.kick()
    return 'queued'
  }

  /** Starts the in-process worker. */
  start(): void {
    this.worker.start()
  }

  /** Runs the worker soon (e.g. after a redelivery was asked for). */
  kick(): void {
    this.worker.kick()
  }

  close(): Promise<void> {
    return this.worker.close()
  }

  /** One pass: fan out what is new in the outbox, then send what is due. Tests call it to step the worker. */
  async runOnce(): Promise<void> {
    this.fanOut()
    const due = this.deliveries.due(new Date(this.now()).toISOString(), 20)
    await Promise.all(due.map((d) => this.send(d)))
  }

  private fanOut(): void {
    for (;;) {
      const rows = this.outbox.after(consumer, 200)
      if (rows.length === 0) return
      this.db.transaction(() => {
        for (const row of rows) if (eventTypes.has(row.type)) this.queue(row)
        this.outbox.advance(consumer, rows.at(-1)!.seq)
      })()
    }
  }

  private queue(row: OutboxRow): void {
    const now = new Date(this.now()).toISOString()
    for (const w of this.webhooks.list(row.tenantId)) {
      if (!w.events.includes('*') && !w.events.includes(row.type)) continue
      // The body is fixed when queued: every attempt signs and sends the very same bytes.
      const payload = JSON.stringify({ type: row.type, timestamp: row.createdAt, data: { id: row.id, ...(row.payload as object) } })
      const id = `msg_${stableUuid(`${w.id}:${row.id}`).replaceAll('-', '')}`
      this.deliveries.add({ id, webhookId: w.id, tenantId: row.tenantId, eventId: row.id, eventType: row.type, payload }, now)
    }
  }

  private async send(d: DeliveryRow): Promise<void> {
    const w = this.webhooks.byId(d.webhookId)
    if (!w || w.deleted) return this.deliveries.drop(d.id, 'the webhook was deleted')
    const at = new Date(this.now())
    const signature = new Webhook(w.secret).sign(d.id, at, d.payload)
    const headers = { 'webhook-id': d.id, 'webhook-timestamp': Math.floor(at.getTime() / 1000).toString(), 'webhook-signature': signature }
    const outcome = await postOnce(w.url, d.payload, headers, { allowPrivate: this.options.allowPrivate, timeoutMs: this.options.timeoutMs ?? 15_000 })
    if (this.worker.closed && !this.db.open) return
    const ok = 'status' in outcome && outcome.status >= 200 && outcome.status < 300
    const httpStatus = 'status' in outcome ? outcome.status : null
    const error = ok ? null : 'error' in outcome ? outcome.error : `HTTP ${outcome.status}: ${outcome.body.slice(0, 200)}`
    const next = this.now() + backoffMs(d.attempts + 1, this.options.retryBaseMs)
    const expired = next - Date.parse(d.createdAt) > this.maxAgeMs
    this.deliveries.attempted(d.id, {
      at: at.toISOString(),
      status: ok ? 'succeeded' : expired ? 'failed' : 'pending',
      httpStatus,
      error,
      nextAttemptAt: new Date(next).toISOString(),
    })
  }
}
