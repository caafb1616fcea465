import { createRoute } from '@hono/zod-openapi'
import { rateLimiter } from 'hono-rate-limiter'
import { clientSignalAccepted, clientSignalBatch, clientSignalBatchAccepted, clientSignalBody, errorBody } from '@hilink/protocol'
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
  summary:
    'Record a client-side signal (tab hidden or visible), or a batch `{signals: [...]}` of up to 500 in one transaction; actor and session come from the token',
  security: bearerSecurity,
  request: { body: jsonBody(clientSignalBody.or(clientSignalBatch)) },
  responses: {
    202: jsonResponse(
      clientSignalAccepted.or(clientSignalBatchAccepted),
      'Stored (recorded: false when this signal id was stored before); for a batch, one result per signal in order',
    ),
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
    const actor = { id: principal.claims.sub, name: principal.claims.name }
    const body = c.req.valid('json')
    // A batch (an offline queue flushing) is judged per signal: one stale signal does not refuse the rest.
    if ('signals' in body) return c.json({ results: signals.recordBatch(principal.tenantId, session, actor, body.signals) }, 202)
    const outcome = signals.record(principal.tenantId, session, actor, body)
    if ('invalid' in outcome) throw apiError(400, 'invalid_request', outcome.invalid)
    return c.json({ id: body.id, recorded: outcome.recorded }, 202)
  })
}
