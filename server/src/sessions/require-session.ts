import type { Session } from '@hilink/protocol'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import { apiError } from '../http/errors.ts'

/** The session of the caller's tenant, or a 404: another tenant's session is indistinguishable from none. */
export function requireSession(sessions: SessionsRepo, tenantId: string, id: string): Session {
  const session = sessions.get(tenantId, id)
  if (!session) throw apiError(404, 'not_found', 'No such session.')
  return session
}
