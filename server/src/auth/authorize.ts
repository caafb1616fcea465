import { can, type Action } from '@hilink/protocol'
import type { Principal } from './principal.ts'
import { apiError } from '../http/errors.ts'

/**
 * Checks that the principal may do `action` on session `sessionId` of its tenant. A participant token is
 * scoped to one session: for any other session it answers 404, as if the session did not exist, so tokens
 * cannot probe which session ids exist. The same holds for the tenant-wide resources its role may not use
 * (webhooks, tenant settings, LTI platforms…): for a token they do not exist, whoever owns the id asked for,
 * so a 403 never tells it that another tenant's id is real. Within its own session a refusal is a 403.
 */
export function authorize(principal: Principal, action: Action, sessionId?: string): void {
  if (principal.kind === 'participant' && sessionId !== undefined && principal.claims.session !== sessionId) {
    throw apiError(404, 'not_found', 'No such session.')
  }
  const role = principal.kind === 'admin' ? 'admin' : principal.claims.role
  if (can(role, action)) return
  if (principal.kind === 'participant' && sessionId === undefined) {
    throw apiError(404, 'not_found', `Not found: a participant token reaches only its own session (the ${role} role may not ${action}).`)
  }
  throw apiError(403, 'forbidden', `The ${role} role may not ${action}.`)
}
