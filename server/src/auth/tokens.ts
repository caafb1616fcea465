import { SignJWT, jwtVerify, errors as joseErrors } from 'jose'
import { participantClaims, type ParticipantClaims, type ParticipantRole } from '@hilink/protocol'

const issuer = 'hilink'
const audience = 'hilink-room'
export const defaultTokenTtlSeconds = 2 * 3600

export interface TokenRequest {
  userId: string
  name: string
  role: ParticipantRole
  sessionId: string
  tenantId: string
  ttlSeconds?: number | undefined
}

/** Mints and verifies participant tokens: HS256 JWTs scoped to one session of one tenant. */
export class TokenService {
  constructor(private readonly secret: Uint8Array) {}

  async mint(req: TokenRequest, now = Date.now()): Promise<{ token: string; expiresAt: string }> {
    const exp = Math.floor(now / 1000) + (req.ttlSeconds ?? defaultTokenTtlSeconds)
    const token = await new SignJWT({ name: req.name, role: req.role, session: req.sessionId, tenant: req.tenantId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(req.userId)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(exp)
      .sign(this.secret)
    return { token, expiresAt: new Date(exp * 1000).toISOString() }
  }

  /** Answers the claims, or undefined for any token that is malformed, forged, expired or of another issuer. */
  async verify(token: string): Promise<ParticipantClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.secret, { issuer, audience, algorithms: ['HS256'] })
      const parsed = participantClaims.safeParse(payload)
      return parsed.success ? parsed.data : undefined
    } catch (err) {
      if (err instanceof joseErrors.JOSEError || err instanceof TypeError) return undefined
      throw err
    }
  }
}
