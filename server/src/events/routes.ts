import { createRoute } from '@hono/zod-openapi'
import { rateLimiter } from 'hono-rate-limiter'
import { clientSignalAccepted, clientSignalBody, errorBody } from '@hilink/protocol'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { PrincipalEnv } from '../auth/principal.ts'
import { authorize } from '../auth/authorize.ts'
import { requireSession } from '../sessions/require-session.ts'
import { apiError } from '../http/errors.ts'
import { bearerSecurity, createSubApp, errorResponses, jsonBody, jsonResponse } from '../http/openapi.ts'
import type { SignalService } from './signal-service.ts'

export interface EventsDeps {
  sessions: SessionsRepo
  signals: SignalService
  /** Signals one participant may send per minute; a tab flipping faster than this is not a person. */
  signalsPerMinute: number
}

const postSignal = createRoute({
  method: 'post',
  path: '/',
  summary: 'Record a client-side signal (tab hidden or visible); actor and session come from the token',
  security: bearerSecurity,
  request: { body: jsonBody(clientSignalBody) },
  responses: {
    202: jsonResponse(clientSignalAccepted, 'Stored (recorded: false when this signal id was stored before)'),
    ...errorResponses,
    429: { description: 'Too many signals', content: { 'application/json': { schema: errorBody } } },
  },
})

/** `/api/v1/events`: signals only a browser can see. Every other learning event is produced on the server. */
export function eventsApp({ sessions, signals, signalsPerMinute }: EventsDeps) {
  const app = createSubApp<PrincipalEnv>()
  app.use(
    rateLimiter<PrincipalEnv>({
      windowMs: 60_000,
      limit: signalsPerMinute,
      standardHeaders: 'draft-6',
      keyGenerator: (c) => {
        const p = c.get('principal')
        return p.kind === 'participant' ? `${p.tenantId}:${p.claims.session}:${p.claims.sub}` : `${p.tenantId}:admin`
      },
      handler: () => {
        throw apiError(429, 'rate_limited', `At most ${signalsPerMinute} signals a minute; try again shortly.`)
      },
    }),
  )
  return app.openapi(postSignal, (c) => {
    const principal = c.get('principal')
    authorize(principal, 'signals.send')
    if (principal.kind !== 'participant') throw apiError(403, 'forbidden', 'Signals come from participants.')
    const session = requireSession(sessions, principal.tenantId, principal.claims.session)
    const outcome = signals.record(principal.tenantId, session, { id: principal.claims.sub, name: principal.claims.name }, c.req.valid('json'))
    if ('invalid' in outcome) throw apiError(400, 'invalid_request', outcome.invalid)
    return c.json({ id: c.req.valid('json').id, recorded: outcome.recorded }, 202)
  })
}
