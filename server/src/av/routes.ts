import { createRoute } from '@hono/zod-openapi'
import { avLearnersBody, avLearnersState, avToken, sessionIdParam } from '@hilink/protocol'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { PrincipalEnv } from '../auth/principal.ts'
import { authorize } from '../auth/authorize.ts'
import { requireSession } from '../sessions/require-session.ts'
import { apiError } from '../http/errors.ts'
import { bearerSecurity, conflictResponse, createSubApp, errorResponses, jsonBody, jsonResponse } from '../http/openapi.ts'
import type { AvService } from './av-service.ts'

export interface AvDeps {
  sessions: SessionsRepo
  av: AvService
}

const issueToken = createRoute({
  method: 'post',
  path: '/{id}/av-token',
  summary: 'A short-lived LiveKit token for the session’s audio/video room (participants); 404 av_not_configured when AV is off',
  security: bearerSecurity,
  request: { params: sessionIdParam },
  responses: { 200: jsonResponse(avToken, 'Where and how to join the AV room'), ...errorResponses, ...conflictResponse },
})

const setLearners = createRoute({
  method: 'put',
  path: '/{id}/av/learners',
  summary: 'Allow or stop learners’ cameras and microphones (instructor); applies at once to learners already connected',
  security: bearerSecurity,
  request: { params: sessionIdParam, body: jsonBody(avLearnersBody) },
  responses: { 200: jsonResponse(avLearnersState, 'The setting now in force'), ...errorResponses, ...conflictResponse },
})

const notConfigured = () =>
  apiError(404, 'av_not_configured', 'Audio/video is not set up on this server (run npm run setup, or set LIVEKIT_URL; see docs/av.md).')
const ended = () => apiError(409, 'conflict', 'The session has ended; its audio/video room is closed.')

/** The host name the caller used to reach HiLink (from the Host header), without port. */
function requestHost(url: string): string | undefined {
  try {
    return new URL(url).hostname
  } catch {
    return undefined
  }
}

/** `/api/v1/sessions/:id/av-token` and `/av/learners`: audio/video through LiveKit. */
export function avApp({ sessions, av }: AvDeps) {
  return createSubApp<PrincipalEnv>()
    .openapi(issueToken, async (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'av.join', id)
      if (principal.kind !== 'participant') throw apiError(403, 'forbidden', 'Only a participant joins audio/video.')
      const session = requireSession(sessions, principal.tenantId, id)
      const outcome = await av.token(principal.claims, session, requestHost(c.req.url))
      if (!outcome.ok) throw outcome.reason === 'ended' ? ended() : notConfigured()
      return c.json(outcome.token, 200)
    })
    .openapi(setLearners, async (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'av.allowLearners', id)
      const session = requireSession(sessions, principal.tenantId, id)
      const outcome = await av.setLearnersPublish(principal.tenantId, session, c.req.valid('json').publish)
      if (!outcome.ok) throw outcome.reason === 'ended' ? ended() : notConfigured()
      return c.json({ publish: outcome.publish }, 200)
    })
}
