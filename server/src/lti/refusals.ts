import { errors as joseErrors } from 'jose'
import type { LtiPlatformRecord } from '../db/lti-platforms-repo.ts'

/** A launch refused: the page says what was wrong in plain words. */
export interface Refusal {
  status: 400 | 401 | 403 | 404
  title: string
  detail: string
  /** The user's language from a verified launch (launch_presentation.locale); else the page goes by Accept-Language. */
  locale?: string | undefined
}

export const refuse = (status: Refusal['status'], title: string, detail: string): { refused: Refusal } => ({ refused: { status, title, detail } })

/** Why jose refused an id_token, in the words of the page the user sees. */
export function verifyRefusal(err: unknown, platform: LtiPlatformRecord, kid: string): { refused: Refusal } {
  if (err instanceof joseErrors.JWTExpired) return refuse(401, 'The launch token has expired', 'The id_token\'s "exp" time has passed. Start again from the LMS.')
  if (err instanceof joseErrors.JWKSNoMatchingKey) {
    return refuse(401, 'The launch token is signed with an unknown key', `The platform's JWKS (${platform.jwksUrl}) has no key with kid "${kid}".`)
  }
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return refuse(401, 'The launch token\'s signature is wrong', 'The id_token\'s signature does not match the platform\'s key: it was altered or signed by someone else.')
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid) {
    return refuse(401, 'The LMS\'s keys could not be read', `HiLink could not fetch a valid JWKS from ${platform.jwksUrl}.`)
  }
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    const what: Record<string, string> = {
      aud: `The id_token is not meant for HiLink: its audience ("aud") does not include HiLink's client id ${platform.clientId}.`,
      iss: `The id_token's issuer ("iss") is not ${platform.issuer}, the issuer registered for this LMS.`,
      iat: 'The id_token\'s issue time ("iat") is in the future or more than 10 minutes ago.',
      nbf: 'The id_token is not valid yet ("nbf").',
    }
    return refuse(401, 'The launch token was refused', what[err.claim] ?? `The id_token's "${err.claim}" claim is missing or not valid (${err.reason}).`)
  }
  if (err instanceof joseErrors.JOSEError || err instanceof TypeError) return refuse(401, 'The launch token was refused', `The id_token could not be verified (${(err as Error).message}).`)
  throw err
}
