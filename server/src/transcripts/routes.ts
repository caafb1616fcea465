import { createRoute } from '@hono/zod-openapi'
import { sessionIdParam, session, transcript, transcriptQuery, transcriptionSettingsBody, type Session } from '@hilink/protocol'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { TranscriptRepo } from '../db/transcript-repo.ts'
import type { PrincipalEnv } from '../auth/principal.ts'
import { authorize } from '../auth/authorize.ts'
import { requireSession } from '../sessions/require-session.ts'
import { bearerSecurity, createSubApp, errorResponses, jsonBody, jsonResponse } from '../http/openapi.ts'
import { toWebVtt } from './vtt.ts'

export interface TranscriptsDeps {
  sessions: SessionsRepo
  transcripts: TranscriptRepo
  onSettingsChange: (tenantId: string, session: Session) => void
}

const getTranscript = createRoute({
  method: 'get',
  path: '/{id}/transcript',
  summary: 'The session’s transcript (admin, instructor, TA); ?format=vtt for WebVTT',
  security: bearerSecurity,
  request: { params: sessionIdParam, query: transcriptQuery },
  responses: {
    200: {
      description: 'Segments in time order',
      content: { 'application/json': { schema: transcript }, 'text/vtt': { schema: { type: 'string' } } },
    },
    ...errorResponses,
  },
})

const putTranscription = createRoute({
  method: 'put',
  path: '/{id}/transcription',
  summary: 'Switch transcription on or off for the session, and for learners (instructor)',
  security: bearerSecurity,
  request: { params: sessionIdParam, body: jsonBody(transcriptionSettingsBody) },
  responses: { 200: jsonResponse(session, 'The session with its new settings'), ...errorResponses },
})

/** `/api/v1/sessions/:id/transcript` and `/transcription`. */
export function transcriptsApp({ sessions, transcripts, onSettingsChange }: TranscriptsDeps) {
  return createSubApp<PrincipalEnv>()
    .openapi(getTranscript, (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'transcript.read', id)
      requireSession(sessions, principal.tenantId, id)
      const segments = transcripts.list(principal.tenantId, id)
      if (c.req.valid('query').format === 'vtt') {
        return c.body(toWebVtt(segments), 200, { 'content-type': 'text/vtt; charset=utf-8' })
      }
      return c.json({ sessionId: id, segments }, 200)
    })
    .openapi(putTranscription, (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'transcription.configure', id)
      const current = requireSession(sessions, principal.tenantId, id)
      const body = c.req.valid('json')
      const updated = sessions.setTranscription(principal.tenantId, id, {
        enabled: body.enabled,
        learners: body.learners ?? current.transcription.learners,
      }) as Session
      onSettingsChange(principal.tenantId, updated)
      return c.json(updated, 200)
    })
}
