import { randomBytes } from 'node:crypto'
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { getCookie, setCookie, deleteCookie } from 'hono/cookie'
import { ltiPlatform, ltiPlatformIdParam, ltiPlatformList, registerLtiPlatformBody } from '@hilink/protocol'
import type { PrincipalEnv } from '../auth/principal.ts'
import { authorize } from '../auth/authorize.ts'
import { apiError } from '../http/errors.ts'
import { bearerSecurity, conflictResponse, createSubApp, describeIssues, errorResponses, jsonBody, jsonResponse } from '../http/openapi.ts'
import type { LtiPlatformRecord, LtiPlatformsRepo } from '../db/lti-platforms-repo.ts'
import { refuseUrl } from '../webhooks/ssrf.ts'
import type { FailedAuthLimiter } from '../http/rate-limits.ts'
import type { ClientAddress } from '../http/client-address.ts'
import { pageLocale } from './page-locale.ts'
import type { LtiService, Refusal } from './lti-service.ts'
import type { ToolKeys } from './tool-keys.ts'
import { autoPostPage, deepLinkingPage, ltiPageCsp, refusalPage, tooManyRefusalsPage } from './pages.ts'

// ---------------------------------------------------------------------------------------------------------
// /api/v1/lti/platforms: the admin API

export interface LtiAdminDeps {
  platforms: LtiPlatformsRepo
  /** Loopback and private platform URLs only when deliveries may reach them (tests, a LAN LMS). */
  allowPrivate: boolean
}

const register = createRoute({
  method: 'post',
  path: '/platforms',
  summary: 'Register an LMS as an LTI 1.3 platform of the tenant (admin key)',
  security: bearerSecurity,
  request: { body: jsonBody(registerLtiPlatformBody) },
  responses: { 201: jsonResponse(ltiPlatform, 'The registration'), ...errorResponses, ...conflictResponse },
})

const list = createRoute({
  method: 'get',
  path: '/platforms',
  summary: 'The tenant’s LTI platforms (admin key)',
  security: bearerSecurity,
  responses: { 200: jsonResponse(ltiPlatformList, 'Registrations'), ...errorResponses },
})

const remove = createRoute({
  method: 'delete',
  path: '/platforms/{id}',
  summary: 'Remove an LTI platform (admin key); its launches stop, its sessions stay',
  security: bearerSecurity,
  request: { params: ltiPlatformIdParam },
  responses: { 204: { description: 'Removed' }, ...errorResponses },
})

const view = ({ tenantId: _t, ...p }: LtiPlatformRecord) => p

/** `/api/v1/lti`: platform registrations, scoped to the admin's tenant. */
export function ltiAdminApp({ platforms, allowPrivate }: LtiAdminDeps) {
  return createSubApp<PrincipalEnv>()
    .openapi(register, async (c) => {
      const principal = c.get('principal')
      authorize(principal, 'lti.manage')
      const body = c.req.valid('json')
      for (const field of ['authLoginUrl', 'jwksUrl', 'accessTokenUrl'] as const) {
        const url = body[field]
        // HiLink's server fetches the JWKS and the token URL itself: the same SSRF guard as webhooks.
        const refused = url && field !== 'authLoginUrl' ? await refuseUrl(url, allowPrivate) : undefined
        if (refused) throw apiError(400, 'invalid_request', `${field}: refused: ${refused}.`)
      }
      const created = platforms.create(principal.tenantId, body)
      // Launches find their tenant by issuer and client id, so the pair is unique on the server (the answer names no tenant).
      if (!created) throw apiError(409, 'conflict', `A platform with issuer ${body.issuer} and client id ${body.clientId} is registered already.`)
      return c.json(view(created), 201)
    })
    .openapi(list, (c) => {
      const principal = c.get('principal')
      authorize(principal, 'lti.manage')
      return c.json({ platforms: platforms.list(principal.tenantId).map(view) }, 200)
    })
    .openapi(remove, (c) => {
      const principal = c.get('principal')
      authorize(principal, 'lti.manage')
      if (!platforms.delete(principal.tenantId, c.req.valid('param').id)) throw apiError(404, 'not_found', 'No such LTI platform.')
      return c.body(null, 204)
    })
}

// ---------------------------------------------------------------------------------------------------------
// /lti/*: what the LMS and the user's browser call

export interface LtiToolDeps {
  lti: LtiService
  keys: ToolKeys
  /** HILINK_PUBLIC_URL, or undefined to answer with the request's own origin (a server on port 0 in tests). */
  publicUrl: string | undefined
  /** The API's and sockets' failed-auth limiter: refused logins and launches count toward it per address. */
  failedAuth: FailedAuthLimiter
  /** Whom a refusal counts against: the client behind the trusted proxies. */
  clientAddress: ClientAddress
}

const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } })
const text = z.string().max(4000).optional()
const loginFields = z.object({
  iss: text,
  login_hint: text,
  target_link_uri: text,
  lti_message_hint: text,
  client_id: text,
  lti_deployment_id: text,
})
const formBody = <T extends z.ZodType>(schema: T) => ({ content: { 'application/x-www-form-urlencoded': { schema } }, required: true }) as const
const refusedResponses = {
  400: html('A refusal page'),
  401: html('A refusal page'),
  403: html('A refusal page'),
  404: html('A refusal page'),
  429: html('Too many refused launches from this address (with Retry-After)'),
}

const loginGet = createRoute({
  method: 'get',
  path: '/login',
  summary: 'LTI 1.3 OIDC third-party login initiation (from the LMS); redirects to the platform with state and nonce',
  request: { query: loginFields },
  responses: { 302: { description: 'To the platform’s authentication endpoint' }, ...refusedResponses },
})
const loginPost = createRoute({
  method: 'post',
  path: '/login',
  summary: 'LTI 1.3 OIDC third-party login initiation, form-posted',
  request: { body: formBody(loginFields) },
  responses: { 302: { description: 'To the platform’s authentication endpoint' }, ...refusedResponses },
})
const launch = createRoute({
  method: 'post',
  path: '/launch',
  summary: 'LTI 1.3 launch (form_post id_token and state): opens the session in the mapped role, or the deep linking page',
  request: { body: formBody(z.object({ id_token: z.string().max(20_000).optional(), state: text, error: text, error_description: text })) },
  responses: { 200: html('The deep linking page'), 303: { description: 'To /embed/{sessionId} with the hilink_embed cookie' }, ...refusedResponses },
})
const deepLink = createRoute({
  method: 'post',
  path: '/deep-link',
  summary: 'The instructor’s deep linking choice: answers a page that posts the signed LtiDeepLinkingResponse to the LMS',
  // `locale`: the language the choice page was shown in (from the launch), so the answer speaks it too.
  request: { body: formBody(z.object({ ticket: z.string().max(4000), choice: z.string().max(100), title: z.string().max(400).optional(), locale: z.enum(['en', 'es']).optional() })) },
  responses: { 200: html('Posts the response to the LMS'), ...refusedResponses },
})
const jwks = createRoute({
  method: 'get',
  path: '/jwks',
  summary: 'The tool’s public keys (current and next) for LMSs to verify its signatures',
  responses: { 200: jsonResponse(z.object({ keys: z.array(z.record(z.string(), z.unknown())) }), 'JWKS') },
})

const stateCookie = (state: string) => `hilink_lti_${state}`

/** `/lti/*`: the tool's endpoints, answering pages and redirects (never the API's JSON errors). */
export function ltiToolApp({ lti, keys, publicUrl, failedAuth, clientAddress }: LtiToolDeps) {
  const base = (c: Context) => publicUrl?.replace(/\/+$/, '') ?? new URL(c.req.url).origin
  /**
   * A refusal page. Logins and launches are unauthenticated and each refusal may cost HiLink a JWKS fetch, so
   * refusals count per address like failed API sign-ins (one limiter); over the limit the answer is 429.
   */
  const refused = (c: Context, r: Refusal, counts = true) => {
    c.header('content-security-policy', ltiPageCsp(randomBytes(16).toString('base64')))
    const locale = pageLocale(c, r.locale)
    const retryAfter = counts ? failedAuth.recordAddressFailure(clientAddress(c)) : undefined
    if (retryAfter !== undefined) {
      c.header('retry-after', String(Math.max(1, retryAfter)))
      return c.html(tooManyRefusalsPage(locale, Math.max(1, retryAfter)), 429)
    }
    return c.html(refusalPage(locale, r.title, r.detail), r.status)
  }
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) return refused(c, { status: 400, title: 'The LMS sent a request HiLink cannot read', detail: describeIssues(result.error) })
    },
  })
  const startLogin = (c: Context, params: z.infer<typeof loginFields>) => {
    const outcome = lti.login(params, base(c))
    if ('refused' in outcome) return refused(c, outcome.refused)
    // Binds the state to this browser; SameSite=None because the launch is a cross-site form post from the LMS.
    setCookie(c, stateCookie(outcome.state), '1', { path: '/lti/launch', httpOnly: true, secure: true, sameSite: 'None', maxAge: 600 })
    return c.redirect(outcome.redirect, 302)
  }
  return app
    .openapi(loginGet, (c) => startLogin(c, c.req.valid('query')))
    .openapi(loginPost, (c) => startLogin(c, c.req.valid('form')))
    .openapi(launch, async (c) => {
      const form = c.req.valid('form')
      const hasCookie = form.state !== undefined && getCookie(c, stateCookie(form.state)) === '1'
      const outcome = await lti.launch(form, hasCookie, `${base(c)}/lti/launch`)
      if (form.state) deleteCookie(c, stateCookie(form.state), { path: '/lti/launch', secure: true, sameSite: 'None' })
      if ('refused' in outcome) return refused(c, outcome.refused)
      if (outcome.kind === 'deepLinking') {
        c.header('content-security-policy', ltiPageCsp(randomBytes(16).toString('base64')))
        return c.html(deepLinkingPage(pageLocale(c, outcome.locale), outcome), 200)
      }
      // The hand-over to the embed page (contract with /embed): the token in a cookie only that page receives.
      setCookie(c, 'hilink_embed', outcome.token, {
        path: `/embed/${outcome.sessionId}`,
        httpOnly: true,
        secure: true,
        sameSite: 'None',
        maxAge: outcome.ttlSeconds,
      })
      return c.redirect(`/embed/${outcome.sessionId}`, 303)
    })
    .openapi(deepLink, async (c) => {
      const form = c.req.valid('form')
      const outcome = await lti.deepLinkResponse(form.ticket, form.choice === 'new' ? { title: form.title } : { sessionId: form.choice })
      // A forged or expired ticket counts like a refused launch; a choice the instructor can correct does not.
      if ('refused' in outcome) return refused(c, { ...outcome.refused, locale: form.locale }, outcome.refused.status === 401)
      const nonce = randomBytes(16).toString('base64')
      c.header('content-security-policy', ltiPageCsp(nonce, outcome.returnUrl))
      return c.html(autoPostPage(pageLocale(c, form.locale), outcome.returnUrl, { JWT: outcome.jwt }, 'Adding the session to your course…', nonce), 200)
    })
    .openapi(jwks, async (c) => c.json(await keys.jwks(), 200))
}
