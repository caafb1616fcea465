import { PollingWorker } from '../events/polling-worker.ts'
import type { LrsConfigBody } from '@hilink/protocol'
import type { Db } from '../db/connection.ts'
import type { EventsRepo } from '../db/events-repo.ts'
import type { LrsEndpointsRepo } from '../db/lrs-endpoints-repo.ts'
import type { LrsForwardsRepo } from '../db/lrs-forwards-repo.ts'
import { backoffMs, postOnce } from '../webhooks/http-post.ts'
import { refuseUrl } from '../webhooks/ssrf.ts'

export interface LrsOptions {
  allowPrivate: boolean
  retryBaseMs: number
  pollMs: number
  maxAgeMs?: number
  timeoutMs?: number
  /** Statements per POST. */
  batch?: number
  /** The clock (tests give one to live through a day of retries in a moment). */
  now?: () => number
}

export type LrsStatus = { endpoint: string; username: string; pending: number; failed: number; lastError: string | null }

const consumer = 'lrs'

/**
 * Forwards every statement to the tenant's external LRS (xAPI `POST /statements`, Basic authentication),
 * from the outbox: statements recorded while the LRS was unset or down are sent once it answers, in
 * batches, retried with exponential backoff and given up after a day. Statement ids are stable, so an LRS
 * that already has a statement from a batch sent twice keeps one (xAPI: same id, same statement).
 */
export class LrsForwarder {
  private readonly worker: PollingWorker
  private readonly now: () => number

  constructor(
    private readonly db: Db,
    private readonly events: EventsRepo,
    private readonly endpoints: LrsEndpointsRepo,
    private readonly forwards: LrsForwardsRepo,
    private readonly options: LrsOptions,
  ) {
    this.worker = new PollingWorker(() => this.runOnce(), options.pollMs, 'LRS forwarding')
    this.now = options.now ?? Date.now
  }

  async configure(tenantId: string, body: LrsConfigBody): Promise<{ refused: string } | { configured: true }> {
    const refused = await refuseUrl(body.endpoint, this.options.allowPrivate)
    if (refused) return { refused }
    this.endpoints.put({ tenantId, ...body })
    this.kick()
    return { configured: true }
  }

  status(tenantId: string): LrsStatus | undefined {
    const e = this.endpoints.get(tenantId)
    if (!e) return undefined
    const { pending, failed, lastError } = this.forwards.stats(tenantId)
    return { endpoint: e.endpoint, username: e.username, pending, failed, lastError }
  }

  remove(tenantId: string): boolean {
    return this.endpoints.delete(tenantId)
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

  async runOnce(): Promise<void> {
    this.fanOut()
    const now = new Date(this.now()).toISOString()
    for (const tenantId of this.forwards.dueTenants(now)) await this.sendDue(tenantId, now)
  }

  private fanOut(): void {
    for (;;) {
      const rows = this.events.outbox.after(consumer, 500)
      if (rows.length === 0) return
      const now = new Date(this.now()).toISOString()
      this.db.transaction(() => {
        for (const row of rows) {
          // Only tenants with an LRS forward; a tenant that sets one later gets what is recorded from then on.
          if (row.kind === 'statement' && this.endpoints.get(row.tenantId)) this.forwards.add(row.id, row.tenantId, now)
        }
        this.events.outbox.advance(consumer, rows.at(-1)!.seq)
      })()
    }
  }

  private async sendDue(tenantId: string, now: string): Promise<void> {
    const lrs = this.endpoints.get(tenantId)
    const due = this.forwards.due(tenantId, now, this.options.batch ?? 50)
    if (due.length === 0) return
    const ids = due.map((f) => f.statementId)
    if (!lrs) return this.forwards.retry(ids, { error: 'no LRS configured', nextAttemptAt: now, failBefore: '9999' })
    const body = JSON.stringify(this.events.byIds(tenantId, ids))
    const outcome = await postOnce(`${lrs.endpoint.replace(/\/+$/, '')}/statements`, body, {
      authorization: `Basic ${Buffer.from(`${lrs.username}:${lrs.password}`).toString('base64')}`,
      'x-experience-api-version': '1.0.3',
    }, { allowPrivate: this.options.allowPrivate, timeoutMs: this.options.timeoutMs ?? 15_000 })
    if (this.worker.closed && !this.db.open) return
    if ('status' in outcome && outcome.status >= 200 && outcome.status < 300) return this.forwards.sent(ids)
    const error = 'error' in outcome ? outcome.error : `HTTP ${outcome.status}: ${outcome.body.slice(0, 200)}`
    const attempts = Math.max(...due.map((f) => f.attempts)) + 1
    this.forwards.retry(ids, {
      error,
      nextAttemptAt: new Date(this.now() + backoffMs(attempts, this.options.retryBaseMs)).toISOString(),
      failBefore: new Date(this.now() - (this.options.maxAgeMs ?? 24 * 3600_000)).toISOString(),
    })
  }
}
