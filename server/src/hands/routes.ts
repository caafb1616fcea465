import { createRoute } from '@hono/zod-openapi'
import { handBody, handParams, handState, sessionIdParam } from '@hilink/protocol'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { PrincipalEnv } from '../auth/principal.ts'
import { authorize } from '../auth/authorize.ts'
import { requireSession } from '../sessions/require-session.ts'
import { apiError } from '../http/errors.ts'
import { bearerSecurity, conflictResponse, createSubApp, errorResponses, jsonBody, jsonResponse } from '../http/openapi.ts'
import type { HandService } from './hand-service.ts'

export interface HandsDeps {
  sessions: SessionsRepo
  hands: HandService
}

const putOwnHand = createRoute({
  method: 'put',
  path: '/{id}/hand',
  summary: 'Raise or lower one’s own hand (learner); raising needs a live session',
  security: bearerSecurity,
  request: { params: sessionIdParam, body: jsonBody(handBody) },
  responses: { 200: jsonResponse(handState, 'Whether the hand is up, and the queue'), ...errorResponses, ...conflictResponse },
})

const lowerHand = createRoute({
  method: 'delete',
  path: '/{id}/hands/{userId}',
  summary: 'Lower a raised hand (instructor, TA; a learner only their own)',
  security: bearerSecurity,
  request: { params: handParams },
  responses: { 200: jsonResponse(handState, 'The queue without that hand'), ...errorResponses },
})

/** `/api/v1/sessions/:id/hand` and `/hands/:userId`: the hand-raise queue. */
export function handsApp({ sessions, hands }: HandsDeps) {
  return createSubApp<PrincipalEnv>()
    .openapi(putOwnHand, (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'hand.raise', id)
      if (principal.kind !== 'participant') throw apiError(403, 'forbidden', 'Only a participant has a hand to raise.')
      const session = requireSession(sessions, principal.tenantId, id)
      const me = { id: principal.claims.sub, name: principal.claims.name }
      const { raised } = c.req.valid('json')
      if (raised && session.state !== 'live') throw apiError(409, 'conflict', 'Hands can be raised only while the session is live.')
      const queue = raised ? hands.raise(principal.tenantId, session, me) : hands.lower(principal.tenantId, session, me, me.id)
      return c.json({ raised, queue }, 200)
    })
    .openapi(lowerHand, (c) => {
      const principal = c.get('principal')
      const { id, userId } = c.req.valid('param')
      const own = principal.kind === 'participant' && principal.claims.sub === userId
      authorize(principal, own ? 'hand.raise' : 'hand.lowerOthers', id)
      if (principal.kind !== 'participant') throw apiError(403, 'forbidden', 'Only a participant lowers hands.')
      const session = requireSession(sessions, principal.tenantId, id)
      const queue = hands.lower(principal.tenantId, session, { id: principal.claims.sub, name: principal.claims.name }, userId)
      return c.json({ raised: false, queue }, 200)
    })
}
