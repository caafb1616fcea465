import { createMiddleware } from 'hono/factory'
import { z } from 'zod'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Db } from '../db/connection.ts'
import { participantKey, type PrincipalEnv } from '../auth/principal.ts'
import { apiError } from './errors.ts'

/** Keys are the client's own (a UUID in the SDK); anything longer or stranger is refused, not stored. */
const keySchema = z.string().regex(/^[\w.:-]{8,100}$/)

/** A stored answer is replayed for a day: long enough for any reconnect, short enough to keep the table small. */
const keepMs = 24 * 60 * 60 * 1000

export interface StoredAnswer {
  method: string
  path: string
  status: number
  body: string
}

/** Answers of commands sent with an `Idempotency-Key`, per participant (migration 10). */
export class IdempotencyRepo {
  private lastPrune = 0
  constructor(private readonly db: Db) {}

  get(owner: string, key: string): StoredAnswer | undefined {
    return this.db
      .prepare(`SELECT method, path, status, body FROM idempotency_keys WHERE owner = ? AND key = ?`)
      .get(owner, key) as StoredAnswer | undefined
  }

  put(owner: string, key: string, answer: StoredAnswer, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO idempotency_keys (owner, key, method, path, status, body, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(owner, key, answer.method, answer.path, answer.status, answer.body, now)
    if (now - this.lastPrune > 60_000) {
      this.lastPrune = now
      this.db.prepare(`DELETE FROM idempotency_keys WHERE stored_at < ?`).run(now - keepMs)
    }
  }
}

/**
 * `Idempotency-Key` on a participant's command (POST/PUT/DELETE): the first answer is stored and every retry with
 * the same key gets that answer again instead of running the command twice. The SDK retries a command whose
 * answer it never saw (the server was unreachable), so an answer or a raised hand is recorded once.
 * Refusals (4xx) are stored too: a retry of a refused command is refused the same way. Rate limits and server
 * errors are not: those may succeed later.
 */
export function idempotency(repo: IdempotencyRepo) {
  const inFlight = new Set<string>()
  return createMiddleware<PrincipalEnv>(async (c, next) => {
    const header = c.req.header('idempotency-key')
    if (header === undefined || c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next()
    const owner = participantKey(c.get('principal'))
    if (!owner) return next() // admin keys: server-to-server callers keep their own retries
    const parsed = keySchema.safeParse(header)
    if (!parsed.success) throw apiError(400, 'invalid_request', 'Idempotency-Key must be 8 to 100 letters, digits or -_.:')
    const key = parsed.data
    const path = c.req.path
    const stored = repo.get(owner, key)
    if (stored) {
      if (stored.method !== c.req.method || stored.path !== path) {
        throw apiError(409, 'conflict', 'This Idempotency-Key was already used for another command.')
      }
      c.header('idempotent-replayed', 'true')
      return c.body(stored.body, stored.status as ContentfulStatusCode, { 'content-type': 'application/json' })
    }
    const slot = `${owner}\u0000${key}`
    if (inFlight.has(slot)) throw apiError(409, 'conflict', 'This command is still running; try again in a moment.')
    inFlight.add(slot)
    try {
      await next()
      const status = c.res.status
      if (status < 500 && status !== 429 && status !== 408) {
        const body = await c.res.clone().text()
        repo.put(owner, key, { method: c.req.method, path, status, body })
      }
    } finally {
      inFlight.delete(slot)
    }
  })
}
