import { createRoute } from '@hono/zod-openapi'
import { rateLimiter } from 'hono-rate-limiter'
import { chatBody, chatDeleted, chatMessage, chatParams, errorBody, sessionIdParam } from '@hilink/protocol'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { PrincipalEnv } from '../auth/principal.ts'
import { authorize } from '../auth/authorize.ts'
import { requireSession } from '../sessions/require-session.ts'
import { apiError, errorBody as errorJson } from '../http/errors.ts'
import { bearerSecurity, conflictResponse, createSubApp, errorResponses, jsonBody, jsonResponse } from '../http/openapi.ts'
import type { ChatService } from './chat-service.ts'

export interface ChatDeps {
  sessions: SessionsRepo
  chat: ChatService
  /** Messages one participant may post per minute; more is flooding. */
  messagesPerMinute: number
}

const tooMany = { 429: { description: 'Too many messages (see Retry-After)', content: { 'application/json': { schema: errorBody } } } }

const postMessage = createRoute({
  method: 'post',
  path: '/{id}/chat',
  summary: 'Post a chat message (instructor, TA, learner) while the session is live; author and time come from the token',
  security: bearerSecurity,
  request: { params: sessionIdParam, body: jsonBody(chatBody) },
  responses: { 201: jsonResponse(chatMessage, 'The message as the room sees it'), ...errorResponses, ...conflictResponse, ...tooMany },
})

const deleteMessage = createRoute({
  method: 'delete',
  path: '/{id}/chat/{messageId}',
  summary: 'Remove a chat message for everyone (instructor, TA)',
  security: bearerSecurity,
  request: { params: chatParams },
  responses: { 200: jsonResponse(chatDeleted, 'The message is gone from the room'), ...errorResponses },
})

/** `/api/v1/sessions/:id/chat`: chat as a server command into the document's `chat` root. */
export function chatApp({ sessions, chat, messagesPerMinute }: ChatDeps) {
  const app = createSubApp<PrincipalEnv>()
  app.use(
    '/:id/chat',
    rateLimiter<PrincipalEnv>({
      windowMs: 60_000,
      limit: messagesPerMinute,
      standardHeaders: 'draft-6',
      skip: (c) => c.req.method !== 'POST',
      keyGenerator: (c) => {
        const p = c.get('principal')
        return p.kind === 'participant' ? `${p.tenantId}:${p.claims.session}:${p.claims.sub}` : `${p.tenantId}:admin`
      },
      // The limiter has set Retry-After on the context; answer through it so the header goes out.
      handler: (c) => c.json(errorJson('rate_limited', `At most ${messagesPerMinute} messages a minute; wait a moment.`), 429),
    }),
  )
  return app
    .openapi(postMessage, (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'chat.post', id)
      if (principal.kind !== 'participant') throw apiError(403, 'forbidden', 'Only a participant writes in the chat.')
      const session = requireSession(sessions, principal.tenantId, id)
      const { claims } = principal
      const outcome = chat.post(principal.tenantId, session, { id: claims.sub, name: claims.name, role: claims.role }, c.req.valid('json').text)
      if ('notLive' in outcome) throw apiError(409, 'conflict', 'The chat is open only while the session is live.')
      return c.json(outcome.posted, 201)
    })
    .openapi(deleteMessage, (c) => {
      const principal = c.get('principal')
      const { id, messageId } = c.req.valid('param')
      authorize(principal, 'chat.delete', id)
      if (principal.kind !== 'participant') throw apiError(403, 'forbidden', 'Only a participant moderates the chat.')
      const session = requireSession(sessions, principal.tenantId, id)
      const { claims } = principal
      const outcome = chat.delete(principal.tenantId, session, { id: claims.sub, name: claims.name, role: claims.role }, messageId)
      if ('notFound' in outcome) throw apiError(404, 'not_found', 'No such message (it may have been deleted already).')
      return c.json({ id: messageId, deleted: true }, 200)
    })
}
