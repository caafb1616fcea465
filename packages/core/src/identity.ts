import { decodeJwt } from 'jose'
import { participantClaims, type ParticipantClaims } from '@hilink/protocol'

/**
 * Reads who the token says we are, for display only: the server verifies the signature on every request
 * and socket, so nothing here is trusted for access.
 */
export function readIdentity(token: string): ParticipantClaims {
  const parsed = participantClaims.safeParse(decodeJwt(token))
  if (!parsed.success) throw new Error('This is not a HiLink participant token.')
  return parsed.data
}
