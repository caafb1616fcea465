import type { Context, MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { MemoryStore } from 'hono-rate-limiter'
import type { ErrorBody } from '@hilink/protocol'
import type { ClientAddress } from './client-address.ts'

const windowMs = 60_000

/** A 429 in the API's error body, with `Retry-After` in whole seconds. */
export function tooManyRequests(message: string, retryAfterSeconds: number): HTTPException {
  const body: ErrorBody = { error: { code: 'rate_limited', message } }
  const res = Response.json(body, { status: 429, headers: { 'Retry-After': String(Math.max(1, retryAfterSeconds)) } })
  return new HTTPException(429, { res, message })
}

/**
 * Counts failed authentications per client address and per credential prefix. A caller over the limit gets
 * 429 with `Retry-After` instead of 401 for every failed attempt until the window resets, so guessing slows to
 * the limit's pace:
 * - a prefix over the limit is refused before any lookup (one credential guessed over and over);
 * - an address over the limit is refused only for credentials that fail: a school behind one NAT address
 *   keeps working while someone there guesses (a valid token still gets in).
 * One instance serves the HTTP API and the WebSocket upgrades, so both count against the same limit. The
 * address is the client's behind the trusted proxies (client-address.ts): behind a proxy every caller would
 * otherwise share the proxy's address, and one person guessing would lock out the whole school.
 */
export class FailedAuthLimiter {
  private readonly store = new MemoryStore()

  constructor(
    private readonly limitPerMinute: number,
    private readonly addressOf: ClientAddress,
  ) {
    this.store.init({ windowMs } as Parameters<MemoryStore['init']>[0])
  }

  /** Middleware that refuses an over-limit credential prefix with 429; put it before authentication. */
  guard(): MiddlewareHandler {
    return async (c, next) => {
      const retryAfter = this.blockedFor(prefixKeys(bearerOf(c)))
      if (retryAfter !== undefined) throw tooManyRequests(tooManyMessage, retryAfter)
      await next()
    }
  }

  /** For the authentication middleware: records a refused credential, throws 429 once the caller is over the limit. */
  failed(c: Context): void {
    const retryAfter = this.recordFailure(this.addressOf(c), bearerOf(c))
    if (retryAfter !== undefined) throw tooManyRequests(tooManyMessage, retryAfter)
  }

  /** Seconds before this credential prefix may be tried again; undefined when it may be tried now. */
  prefixBlockedFor(credential: string): number | undefined {
    return this.blockedFor(prefixKeys(credential))
  }

  /** Records a refused credential; answers the seconds to wait when the caller is now over the limit. */
  recordFailure(address: string, credential: string): number | undefined {
    const keys = [`addr:${address}`, ...prefixKeys(credential)]
    for (const key of keys) this.store.increment(key)
    return this.blockedFor(keys)
  }

  /**
   * Records a refusal that carries no credential to count (an LTI login or launch: the id_token is the
   * platform's, not the caller's secret), against the address only; the seconds to wait when now over the limit.
   */
  recordAddressFailure(address: string): number | undefined {
    const key = `addr:${address}`
    this.store.increment(key)
    return this.blockedFor([key])
  }

  private blockedFor(keys: string[]): number | undefined {
    const now = Date.now()
    for (const key of keys) {
      const info = this.store.get(key)
      if (info && info.totalHits > this.limitPerMinute && info.resetTime && info.resetTime.getTime() > now) {
        return Math.ceil((info.resetTime.getTime() - now) / 1000)
      }
    }
    return undefined
  }
}

const tooManyMessage = 'Too many failed sign-ins; wait before trying again.'

function bearerOf(c: Context): string {
  return c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? ''
}

/** A prefix, never the whole credential: the store must not become a list of working secrets. */
function prefixKeys(credential: string): string[] {
  // Every participant token starts alike (the base64 of the JWT header): a prefix would put all of them in one
  // bucket, and a class of expired tokens would lock everyone out. Tokens are HMAC-signed and cannot be guessed;
  // the prefix counter is for admin keys, which an operator may choose weakly.
  if (/^[\w-]+\.[\w-]+\.[\w-]*$/.test(credential)) return []
  return [`prefix:${credential.slice(0, 12)}`]
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
