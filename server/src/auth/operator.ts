import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { apiError } from '../http/errors.ts'

/**
 * The operator key manages tenants and nothing else: it is not any tenant's admin key, and no admin key or
 * token is an operator key. Kept only as a SHA-256 digest and compared in constant time.
 */
export class OperatorKey {
  private readonly digest: Buffer

  constructor(key: string) {
    this.digest = sha256(key)
  }

  matches(candidate: string): boolean {
    return timingSafeEqual(this.digest, sha256(candidate))
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

/** `hl_op_` and 32 random bytes; the random part starts early so failed-sign-in prefixes stay distinct. */
export function generateOperatorKey(): string {
  return `hl_op_${randomBytes(32).toString('base64url')}`
}

/**
 * Lets only the operator key through (`Authorization: Bearer <operator key>`). Anything else, a tenant admin
 * key included, is refused with 401 before any tenant is looked up, so the answer says nothing about which
 * tenants exist. `onFailure` counts the refusal (failed sign-in rate limit; it may throw 429).
 */
export function operatorOnly(operator: OperatorKey, onFailure: (c: Context) => void) {
  return createMiddleware(async (c, next) => {
    const credential = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1]
    if (!credential) throw apiError(401, 'unauthorized', 'Send Authorization: Bearer <operator key>.')
    if (!operator.matches(credential)) {
      onFailure(c)
      throw apiError(401, 'unauthorized', 'The operator key is not valid (a tenant admin key does not manage tenants).')
    }
    await next()
  })
}
