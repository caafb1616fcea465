import { syncCloseCodes, type ParticipantClaims } from '@hilink/protocol'
import type { TokenService } from './tokens.ts'
import type { SessionsRepo } from '../db/sessions-repo.ts'

export type SocketAuth = { claims: ParticipantClaims } | { refuse: { code: number; reason: string } }

/**
 * Authenticates a WebSocket upgrade for one session: the token must be valid, unexpired and of that session,
 * and the session must exist in the token's tenant. Callers finish the upgrade, then close refused sockets
 * with the code, so browsers (which cannot read an HTTP status on a failed upgrade) learn why.
 */
export async function authenticateSocket(
  tokens: TokenService,
  sessions: SessionsRepo,
  sessionId: string,
  token: string | null,
): Promise<SocketAuth> {
  const claims = token ? await tokens.verify(token) : undefined
  if (!claims || claims.session !== sessionId) {
    return { refuse: { code: syncCloseCodes.unauthorized, reason: 'invalid, expired or other-session token' } }
  }
  if (!sessions.get(claims.tenant, sessionId)) return { refuse: { code: syncCloseCodes.notFound, reason: 'no such session' } }
  return { claims }
}
