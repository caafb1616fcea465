import { OpenAPIHono } from '@hono/zod-openapi'
import { serveStatic } from '@hono/node-server/serve-static'
import { HTTPException } from 'hono/http-exception'
import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { authenticate, participantKey, type PrincipalEnv } from './auth/principal.ts'
import { writeRateLimit } from './http/rate-limits.ts'
import { IdempotencyRepo, idempotency } from './http/idempotency.ts'
import { withBodyErrors } from './http/openapi.ts'
import { sdkStatic } from './http/sdk-static.ts'
import { secureHeaders } from 'hono/secure-headers'
import { ApiError, apiError, errorBody } from './http/errors.ts'
import { messageLocale } from './http/locale.ts'
import { localizeErrorResponse } from './http/localize-error.ts'
import { sessionsApp } from './sessions/routes.ts'
import { healthApp } from './health/routes.ts'
import { transcriptsApp } from './transcripts/routes.ts'
import { summariesApp } from './summaries/routes.ts'
import { pollsApp } from './polls/routes.ts'
import { engagementSettingsApp } from './engagement/routes.ts'
import { handsApp } from './hands/routes.ts'
import { eventsApp } from './events/routes.ts'
import { chatApp } from './chat/routes.ts'
import { attendanceApp } from './attendance/routes.ts'
import { avApp } from './av/routes.ts'
import { whiteboardApp } from './whiteboard/routes.ts'
import { xapiApp, xapiVersionHeader } from './xapi/routes.ts'
import { webhooksApp } from './webhooks/routes.ts'
import { lrsApp } from './xapi/lrs-routes.ts'
import { analyticsApp } from './analytics/routes.ts'
import { ltiAdminApp, ltiToolApp } from './lti/routes.ts'
import { themeApp } from './tenants/theme-routes.ts'
import { sessionScope } from './sessions/session-scope.ts'
import { ownTenantApp } from './tenants/own-tenant-routes.ts'
import { tenantsApp } from './tenants/operator-routes.ts'
import { operatorOnly } from './auth/operator.ts'
import { embedApp } from './embed/routes.ts'
import { EmbedService } from './embed/embed-service.ts'
import type { Services } from './services.ts'

export const version = '0.1.0'

export interface StaticDirs {
  /** The built SDK (`npm run build`), served at /sdk/. */
  sdkDir: string
  /** The demo host pages, served at /. */
  demoDir: string
}

/** Builds the HTTP app without listening; `main.ts` alone listens. */
export function createApp(services: Services, staticDirs?: StaticDirs) {
  const api = new OpenAPIHono<PrincipalEnv>()
  // Failed sign-ins are limited per address and credential prefix; writes per participant.
  const { failedAuth } = services
  api.use(failedAuth.guard())
  api.use(authenticate(services.tenants, services.tokens, (c) => failedAuth.failed(c)))
  api.use(writeRateLimit(services.config.rateLimits.writesPerMinute, (c) => participantKey(c.get('principal'))))
  // After authentication (keys are per participant) and the rate limit (a replay still counts as a request).
  api.use(idempotency(new IdempotencyRepo(services.db)))
  api.use('/sessions/:id', sessionScope(services.sessions))
  api.use('/sessions/:id/*', sessionScope(services.sessions))
  api.use('/sessions/:id/*', services.lifecycle.actorFromToken)
  const apiRoutes = api.route(
      '/sessions',
      sessionsApp({
        // Transitions record session started/ended in their own transaction; the lifecycle service runs what follows.
        sessions: services.lifecycle.sessions,
        tokens: services.tokens,
        participants: services.participants,
        onStateChange: services.lifecycle.changed,
      }),
    )
    .route(
      '/sessions',
      transcriptsApp({
        sessions: services.sessions,
        transcripts: services.transcripts,
        onSettingsChange: services.publishSession,
      }),
    )
    .route(
      '/',
      summariesApp({
        sessions: services.sessions,
        summaries: services.summaries,
        service: services.summaryService,
        recapDelivery: services.config.smtp ? 'email' : 'stored',
      }),
    )
    .route('/sessions', pollsApp({ sessions: services.sessions, polls: services.polls, library: services.pollLibrary }))
    .route('/engagement-settings', engagementSettingsApp({ settings: services.engagementSettings, changed: (tenantId) => services.engagement.settingsChanged(tenantId) }))
    .route('/sessions', handsApp({ sessions: services.sessions, hands: services.hands }))
    .route('/sessions', chatApp({ sessions: services.sessions, chat: services.chat, messagesPerMinute: 30 }))
    .route('/sessions', attendanceApp({ sessions: services.sessions, attendance: services.attendance }))
    .route('/sessions', avApp({ sessions: services.sessions, av: services.av }))
    .route('/sessions', whiteboardApp({ sessions: services.sessions, whiteboard: services.whiteboard }))
    .route('/events', eventsApp({ sessions: services.sessions, signals: services.signals, signalsPerMinute: 120 }))
    .route('/webhooks', webhooksApp({ webhooks: services.record.webhooks }))
    .route('/lrs', lrsApp({ lrs: services.record.lrs }))
    .route('/', analyticsApp({ sessions: services.sessions, analytics: services.record.analytics }))
    .route('/lti', ltiAdminApp({ platforms: services.lti.platforms, allowPrivate: services.config.delivery.allowPrivate }))
    .route('/theme', themeApp({ tenants: services.tenantService }))
    .route('/tenant', ownTenantApp({ tenants: services.tenantService }))

  const app = new OpenAPIHono()
  app.use(
    bodyLimit({
      maxSize: services.config.maxBodyBytes,
      onError: () => {
        throw apiError(413, 'payload_too_large', `Request bodies are limited to ${services.config.maxBodyBytes} bytes.`)
      },
    }),
  )
  // nosniff and a strict referrer policy everywhere; framing and cross-origin loading stay open because host
  // pages embed the SDK and (with the embedding issue) the classroom page from their own origins.
  app.use(
    secureHeaders({
      xFrameOptions: false,
      crossOriginResourcePolicy: false,
      crossOriginOpenerPolicy: false,
      crossOriginEmbedderPolicy: false,
      originAgentCluster: false,
      contentSecurityPolicy: undefined,
    }),
  )
  // Host pages on any origin call the API with bearer tokens (never cookies), so any origin may ask.
  app.use('/api/*', cors({ origin: '*', allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'], maxAge: 600 }))
  // xAPI sits beside the API (where an LRS client looks for it), behind the same authentication.
  const xapi = new OpenAPIHono<PrincipalEnv>()
  xapi.use(xapiVersionHeader)
  xapi.use(failedAuth.guard())
  xapi.use(authenticate(services.tenants, services.tokens, (c) => failedAuth.failed(c)))
  const xapiRoutes = xapi.route('/', xapiApp({ events: services.events }))
  // The operator's tenants API answers only to the operator key. Mounted before the tenant API, whose
  // authentication would otherwise refuse the operator key first (the two keys are never interchangeable).
  const operator = new OpenAPIHono()
  operator.use(failedAuth.guard())
  operator.use(operatorOnly(services.operator, (c) => failedAuth.failed(c)))
  const operatorRoutes = operator.route('/', tenantsApp({ tenants: services.tenantService }))
  const embed = embedApp({
    embed: new EmbedService(services.sessions, services.tenants, services.tokens),
    // Waits for an embedded SFU still starting: a page served before it is up would never be allowed to reach it.
    avOrigins: async (host) => {
      await services.av.ready
      return services.av.clientOrigins(host)
    },
  })
  const routes = app
    .route('/', healthApp(version, () => services.av.mode))
    .route('/api/v1/tenants', operatorRoutes)
    .route('/api/v1', apiRoutes)
    .route('/xapi', xapiRoutes)
    // LTI 1.3 (the LMS and the user's browser): pages and redirects; HILINK_PUBLIC_URL names the tool's URLs, else the request's origin.
    .route(
      '/lti',
      ltiToolApp({ lti: services.lti.service, keys: services.lti.keys, publicUrl: /:0\/?$/.test(services.config.publicUrl) ? undefined : services.config.publicUrl, failedAuth, clientAddress: services.clientAddress }),
    )
    .route('/', embed)

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A tenant admin key (hl_admin_…) or a participant token',
  })
  app.openAPIRegistry.registerComponent('securitySchemes', 'operator', {
    type: 'http',
    scheme: 'bearer',
    description: 'The operator key (HILINK_OPERATOR_KEY, or data/operator-key): tenants only',
  })
  app.get('/openapi.json', (c) =>
    c.json(withBodyErrors(app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'HiLink API', version } }), services.config.maxBodyBytes)),
  )

  if (staticDirs) {
    app.use('/sdk/*', ...sdkStatic(staticDirs.sdkDir))
    app.use('/*', serveStatic({ root: staticDirs.demoDir }))
  }

  // Error messages follow the caller's Accept-Language, else the tenant's default locale (known once the
  // credential is), else English; `code` stays as it is for clients that translate codes themselves.
  const locale = (c: Context) =>
    messageLocale(c, () => {
      const principal = (c.var as Partial<PrincipalEnv['Variables']>).principal
      return principal && services.tenants.withSettings(principal.tenantId)?.defaultLocale
    })
  app.notFound((c) => localizeErrorResponse(c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}.`), 404), locale(c)))
  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      const lang = locale(c)
      if (err.res) return localizeErrorResponse(err.getResponse(), lang, err instanceof ApiError ? err.translations[lang] : undefined)
      // Hono's own exceptions (e.g. the JSON validator's "Malformed JSON") get the API's error body.
      const status = err.status as ContentfulStatusCode
      const code = status === 400 ? 'malformed_json' : status === 401 ? 'unauthorized' : 'invalid_request'
      return localizeErrorResponse(c.json(errorBody(code, err.message || 'Bad request.'), status), lang)
    }
    console.error('hilink: unexpected error', err)
    return c.json({ error: { code: 'internal', message: 'Something went wrong on the server.' } }, 500)
  })
  return routes
}

/** The typed API surface, for Hono's RPC client. */
export type AppType = ReturnType<typeof createApp>
