import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { ParticipantClaims } from '@hilink/protocol'
import type { TenantsRepo } from '../db/tenants-repo.ts'
import type { TokenService } from './tokens.ts'
import { apiError } from '../http/errors.ts'

/** Who is calling: a tenant admin (admin key) or a participant (token of one session). */
export type Principal =
  | { kind: 'admin'; tenantId: string }
  | { kind: 'participant'; tenantId: string; claims: ParticipantClaims }

export interface PrincipalEnv {
  Variables: { principal: Principal }
}

/** One key per participant (of one session) for per-participant limits; undefined for an admin key. */
export function participantKey(principal: Principal): string | undefined {
  return principal.kind === 'participant' ? `${principal.tenantId}:${principal.claims.session}:${principal.claims.sub}` : undefined
}

function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i)
  return match?.[1]
}

/** A participant token is a JWT: three base64url parts. Anything else can only be an admin key. */
const jwtShape = /^[\w-]+\.[\w-]+\.[\w-]+$/

/**
 * Authenticates every request of the API: `Authorization: Bearer <admin key | participant token>`.
 * A credential is first looked up as an admin key (one hash lookup), so that an operator's own
 * `HILINK_ADMIN_KEY` works whatever its shape; only JWT-shaped credentials are then verified as tokens.
 * `onFailure` hears of every refused credential (rate limiting of failed authentication); it may throw (429).
 */
export function authenticate(tenants: TenantsRepo, tokens: TokenService, onFailure: (c: Context) => void = () => {}) {
  return createMiddleware<PrincipalEnv>(async (c, next) => {
    const credential = bearer(c.req.header('authorization'))
    if (!credential) throw apiError(401, 'unauthorized', 'Send Authorization: Bearer <admin key or participant token>.')
    const tenant = tenants.byAdminKey(credential)
    if (tenant) c.set('principal', { kind: 'admin', tenantId: tenant.id })
    else {
      const claims = jwtShape.test(credential) ? await tokens.verify(credential) : undefined
      if (!claims) {
        onFailure(c)
        throw jwtShape.test(credential)
          ? apiError(401, 'unauthorized', 'The token is invalid or has expired.')
          : apiError(401, 'unauthorized', 'The admin key is not valid.')
      }
      c.set('principal', { kind: 'participant', tenantId: claims.tenant, claims })
    }
    await next()
  })
}
