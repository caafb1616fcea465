import { z } from 'zod'

const httpsOrLoopbackUrl = z.url({ protocol: /^https?$/ }).max(2000)

/** `POST /api/v1/lti/platforms`: an LMS registered as an LTI 1.3 platform of the admin's tenant. */
export const registerLtiPlatformBody = z.strictObject({
  /** The platform's issuer (`iss` of its id_tokens), e.g. https://canvas.instructure.com. */
  issuer: z.string().trim().min(1).max(500),
  /** The client id the platform gave this tool. */
  clientId: z.string().trim().min(1).max(500),
  /** Where the OIDC login continues (the platform's authentication request URL). */
  authLoginUrl: httpsOrLoopbackUrl,
  /** The platform's public keys (JWKS) for its id_tokens. */
  jwksUrl: httpsOrLoopbackUrl,
  /** OAuth 2 token endpoint for the client-credentials grant (roster and grades); optional without them. */
  accessTokenUrl: httpsOrLoopbackUrl.optional(),
  /** Deployment ids of the tool in this platform; a launch of any other deployment is refused. */
  deploymentIds: z.array(z.string().trim().min(1).max(500)).min(1).max(50),
})
export type RegisterLtiPlatformBody = z.infer<typeof registerLtiPlatformBody>

export const ltiPlatform = z.object({
  id: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  authLoginUrl: z.string(),
  jwksUrl: z.string(),
  accessTokenUrl: z.string().nullable(),
  deploymentIds: z.array(z.string()),
  createdAt: z.string(),
})
export type LtiPlatform = z.infer<typeof ltiPlatform>

export const ltiPlatformList = z.object({ platforms: z.array(ltiPlatform) })
export const ltiPlatformIdParam = z.object({ id: z.string().regex(/^lti_[0-9a-f]{12}$/) })
