import { createMiddleware } from 'hono/factory'
import { sessionIdParam } from '@hilink/protocol'
import type { PrincipalEnv } from '../auth/principal.ts'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import { apiError } from '../http/errors.ts'

/**
 * For every route under `/sessions/:id`: a session that is not the caller's answers 404 before any role is
 * checked. Another tenant's session (or, for a token, another session) is then indistinguishable from none,
 * whatever the route, and a role refusal (403) is only ever given about the caller's own session.
 */
export function sessionScope(sessions: SessionsRepo) {
  return createMiddleware<PrincipalEnv>(async (c, next) => {
    const principal = c.get('principal')
    const id = c.req.param('id')
    // A malformed id is left to the route's validator (400 names the field).
    if (id !== undefined && sessionIdParam.safeParse({ id }).success) {
      const foreign = principal.kind === 'participant' && principal.claims.session !== id
      if (foreign || !sessions.get(principal.tenantId, id)) throw apiError(404, 'not_found', 'No such session.')
    }
    await next()
  })
}
