import { createRoute } from '@hono/zod-openapi'
import { sessionIdParam } from '@hilink/protocol'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { PrincipalEnv } from '../auth/principal.ts'
import { authorize } from '../auth/authorize.ts'
import { requireSession } from '../sessions/require-session.ts'
import { bearerSecurity, createSubApp, errorResponses, jsonBody, jsonResponse } from '../http/openapi.ts'
import { whiteboardLockBody, whiteboardLockState, whiteboardRecords, type WhiteboardService } from './whiteboard-service.ts'

export interface WhiteboardDeps {
  sessions: SessionsRepo
  whiteboard: WhiteboardService
}

const putLock = createRoute({
  method: 'put',
  path: '/{id}/whiteboard/lock',
  summary: 'Lock or unlock the whiteboard for learners (instructor, TA)',
  security: bearerSecurity,
  request: { params: sessionIdParam, body: jsonBody(whiteboardLockBody) },
  responses: { 200: jsonResponse(whiteboardLockState, 'Whether the board is locked now'), ...errorResponses },
})

const getBoard = createRoute({
  method: 'get',
  path: '/{id}/whiteboard',
  summary: 'The whiteboard’s tldraw records as JSON, for archives and replay (instructor, TA, admin)',
  security: bearerSecurity,
  request: { params: sessionIdParam },
  responses: { 200: jsonResponse(whiteboardRecords, 'The board'), ...errorResponses },
})

/** `/api/v1/sessions/:id/whiteboard` and `/whiteboard/lock`. */
export function whiteboardApp({ sessions, whiteboard }: WhiteboardDeps) {
  return createSubApp<PrincipalEnv>()
    .openapi(putLock, (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'whiteboard.lock', id)
      const session = requireSession(sessions, principal.tenantId, id)
      return c.json(whiteboard.setLocked(principal.tenantId, session, c.req.valid('json').locked), 200)
    })
    .openapi(getBoard, (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'whiteboard.read', id)
      const session = requireSession(sessions, principal.tenantId, id)
      return c.json(whiteboard.records(principal.tenantId, session), 200)
    })
}
