import { decodeJwt } from 'jose'
import type { ParticipantClaims } from '@hilink/protocol'
import { isParticipantClaims } from './readers.ts'

/**
 * Reads who the token says we are, for display only: the server verifies the signature on every request
 * and socket, so nothing here is trusted for access.
 */
export function readIdentity(token: string): ParticipantClaims {
  const claims = decodeJwt(token)
  if (!isParticipantClaims(claims)) throw new Error('This is not a HiLink participant token.')
  return claims
}
