import type { Context, MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { getConnInfo } from '@hono/node-server/conninfo'
import { MemoryStore } from 'hono-rate-limiter'
import type { ErrorBody } from '@hilink/protocol'

const windowMs = 60_000

/** A 429 in the API's error body, with `Retry-After` in whole seconds. */
export function tooManyRequests(message: string, retryAfterSeconds: number): HTTPException {
  const body: ErrorBody = { error: { code: 'rate_limited', message } }
  const res = Response.json(body, { status: 429, headers: { 'Retry-After': String(Math.max(1, retryAfterSeconds)) } })
  return new HTTPException(429, { res, message })
}

/** The caller's network address; `unknown` for callers without a socket (in-process `app.request`). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/**
 * Counts failed authentications per client address and per credential prefix (a guesser rotating addresses
 * still hits the prefix counter; one rotating guesses still hits the address counter). Once either counter
 * reaches `limitPerMinute`, every request from that address or with that prefix is answered 429 until the
 * window resets, before any key lookup or signature check is spent on it.
 */
export class FailedAuthLimiter {
  private readonly store = new MemoryStore()

  constructor(private readonly limitPerMinute: number) {
    this.store.init({ windowMs } as Parameters<MemoryStore['init']>[0])
  }

  /** Middleware that refuses blocked callers; put it before authentication. */
  guard(): MiddlewareHandler {
    return async (c, next) => {
      const retryAfter = this.blockedFor(this.keys(c))
      if (retryAfter !== undefined) {
        throw tooManyRequests('Too many failed sign-ins from here; wait before trying again.', retryAfter)
      }
      await next()
    }
  }

  /** Records a refused credential (called by the authentication middleware). */
  recordFailure(c: Context): void {
    for (const key of this.keys(c)) this.store.increment(key)
  }

  private keys(c: Context): string[] {
    const credential = c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? ''
    // A prefix, never the whole credential: the store must not become a list of working secrets.
    return [`addr:${clientAddress(c)}`, `prefix:${credential.slice(0, 12)}`]
  }

  private blockedFor(keys: string[]): number | undefined {
    const now = Date.now()
    for (const key of keys) {
      const info = this.store.get(key)
      if (info && info.totalHits >= this.limitPerMinute && info.resetTime && info.resetTime.getTime() > now) {
        return Math.ceil((info.resetTime.getTime() - now) / 1000)
      }
    }
    return undefined
  }
}

/**
 * Limits writes (POST, PUT, PATCH, DELETE) per participant (`participantKey` answers undefined for callers it
 * does not limit: a tenant's back end with its admin key mints a whole class's tokens at once). Reads are not
 * limited here. Routes with tighter limits of their own (signals, chat) keep them.
 */
export function writeRateLimit(limitPerMinute: number, participantKey: (c: Context) => string | undefined): MiddlewareHandler {
  const store = new MemoryStore()
  store.init({ windowMs } as Parameters<MemoryStore['init']>[0])
  return async (c, next) => {
    const key = c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS' ? undefined : participantKey(c)
    if (key === undefined) return next()
    const info = store.increment(key)
    if (info.totalHits > limitPerMinute) {
      const retryAfter = Math.ceil(((info.resetTime?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000)
      throw tooManyRequests(`At most ${limitPerMinute} changes a minute; try again shortly.`, retryAfter)
    }
    await next()
  }
}
