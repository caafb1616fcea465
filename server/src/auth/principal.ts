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

function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i)
  return match?.[1]
}

/**
 * Authenticates every request of the API: `Authorization: Bearer <admin key | participant token>`.
 * Admin keys and tokens look different (`hl_admin_` prefix), so one header serves both.
 */
export function authenticate(tenants: TenantsRepo, tokens: TokenService) {
  return createMiddleware<PrincipalEnv>(async (c, next) => {
    const credential = bearer(c.req.header('authorization'))
    if (!credential) throw apiError(401, 'unauthorized', 'Send Authorization: Bearer <admin key or participant token>.')
    if (credential.startsWith('hl_admin_')) {
      const tenant = tenants.byAdminKey(credential)
      if (!tenant) throw apiError(401, 'unauthorized', 'The admin key is not valid.')
      c.set('principal', { kind: 'admin', tenantId: tenant.id })
    } else {
      const claims = await tokens.verify(credential)
      if (!claims) throw apiError(401, 'unauthorized', 'The token is invalid or has expired.')
      c.set('principal', { kind: 'participant', tenantId: claims.tenant, claims })
    }
    await next()
  })
}
