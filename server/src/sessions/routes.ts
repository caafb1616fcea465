import { createRoute } from '@hono/zod-openapi'
import {
  createSessionBody,
  mintTokenBody,
  mintedToken,
  session,
  sessionIdParam,
  sessionList,
  sessionListQuery,
  type Session,
} from '@hilink/protocol'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { TokenService } from '../auth/tokens.ts'
import type { ParticipantsRepo } from '../db/participants-repo.ts'
import type { PrincipalEnv } from '../auth/principal.ts'
import { authorize } from '../auth/authorize.ts'
import { apiError } from '../http/errors.ts'
import { bearerSecurity, conflictResponse, createSubApp, errorResponses, jsonBody, jsonResponse } from '../http/openapi.ts'
import { requireSession } from './require-session.ts'

export interface SessionsDeps {
  sessions: SessionsRepo
  tokens: TokenService
  /** Minting a token invites the person: the roster that attendance and recaps are built on. */
  participants: ParticipantsRepo
  /** Called after creation and each lifecycle change, so the room document reflects the session. */
  onStateChange: (tenantId: string, session: Session) => void
}


const createSession = createRoute({
  method: 'post',
  path: '/',
  summary: 'Create a session (admin key)',
  security: bearerSecurity,
  request: { body: jsonBody(createSessionBody) },
  responses: { 201: jsonResponse(session, 'The new session'), ...errorResponses },
})

const listSessions = createRoute({
  method: 'get',
  path: '/',
  summary: 'List the tenant’s sessions, newest scheduled first, a page at a time (admin key)',
  security: bearerSecurity,
  request: { query: sessionListQuery },
  responses: { 200: jsonResponse(sessionList, 'Sessions'), ...errorResponses },
})

const getSession = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'One session and its state (admin key, or a token of that session)',
  security: bearerSecurity,
  request: { params: sessionIdParam },
  responses: { 200: jsonResponse(session, 'The session'), ...errorResponses },
})

const mintToken = createRoute({
  method: 'post',
  path: '/{id}/tokens',
  summary: 'Mint a participant token (admin key)',
  security: bearerSecurity,
  request: { params: sessionIdParam, body: jsonBody(mintTokenBody) },
  responses: { 201: jsonResponse(mintedToken, 'A token scoped to this session'), ...errorResponses, ...conflictResponse },
})

const lifecycle = (verb: 'start' | 'end') =>
  createRoute({
    method: 'post',
    path: `/{id}/${verb}`,
    summary: `${verb === 'start' ? 'Start' : 'End'} the session (instructor token)`,
    security: bearerSecurity,
    request: { params: sessionIdParam },
    responses: { 200: jsonResponse(session, 'The session in its new state'), ...errorResponses, ...conflictResponse },
  })

/** `/api/v1/sessions`: creation, reads, participant tokens and the lifecycle. */
export function sessionsApp({ sessions, tokens, participants, onStateChange }: SessionsDeps) {

  return createSubApp<PrincipalEnv>()
    .openapi(createSession, (c) => {
      const principal = c.get('principal')
      authorize(principal, 'session.create')
      const created = sessions.create(principal.tenantId, c.req.valid('json'))
      onStateChange(principal.tenantId, created)
      return c.json(created, 201)
    })
    .openapi(listSessions, (c) => {
      const principal = c.get('principal')
      authorize(principal, 'session.list')
      const { limit, cursor } = c.req.valid('query')
      const after = cursor === undefined ? undefined : decodeCursor(cursor)
      // Asks for one more than the page: its presence says whether there is a next page.
      const page = sessions.list(principal.tenantId, limit + 1, after)
      const more = page.length > limit
      const shown = page.slice(0, limit)
      const last = shown.at(-1)
      return c.json({ sessions: shown, nextCursor: more && last ? encodeCursor(last) : null }, 200)
    })
    .openapi(getSession, (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'session.read', id)
      return c.json(requireSession(sessions, principal.tenantId, id), 200)
    })
    .openapi(mintToken, async (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'session.mintToken', id)
      const s = requireSession(sessions, principal.tenantId, id)
      if (s.state === 'ended') throw apiError(409, 'conflict', 'The session has ended; no new tokens are minted for it.')
      const body = c.req.valid('json')
      const minted = await tokens.mint({ ...body, sessionId: id, tenantId: principal.tenantId })
      participants.invite(principal.tenantId, id, body)
      return c.json(minted, 201)
    })
    .openapi(lifecycle('start'), (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'session.start', id)
      requireSession(sessions, principal.tenantId, id)
      const started = sessions.transition(principal.tenantId, id, 'scheduled', 'live')
      if (!started) throw apiError(409, 'conflict', 'Only a scheduled session can be started.')
      onStateChange(principal.tenantId, started)
      return c.json(started, 200)
    })
    .openapi(lifecycle('end'), (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'session.end', id)
      requireSession(sessions, principal.tenantId, id)
      const ended = sessions.transition(principal.tenantId, id, 'live', 'ended')
      if (!ended) throw apiError(409, 'conflict', 'Only a live session can be ended.')
      onStateChange(principal.tenantId, ended)
      return c.json(ended, 200)
    })
}

/** Paging cursors are opaque to clients: the last session's scheduled start and id, base64url. */
function encodeCursor(s: Session): string {
  return Buffer.from(JSON.stringify([s.scheduledStart, s.id])).toString('base64url')
}

function decodeCursor(cursor: string): { scheduledStart: string; id: string } {
  try {
    const [scheduledStart, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[]
    if (typeof scheduledStart === 'string' && typeof id === 'string') return { scheduledStart, id }
  } catch {
    // answered below
  }
  throw apiError(400, 'invalid_request', 'cursor: not a cursor this API gave out.')
}
