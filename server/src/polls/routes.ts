import { createRoute } from '@hono/zod-openapi'
import { answerAccepted, answerPollBody, can, launchPollBody, pollDetail, pollList, pollParams, sessionIdParam, type PollDetail } from '@hilink/protocol'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { PrincipalEnv, Principal } from '../auth/principal.ts'
import { authorize } from '../auth/authorize.ts'
import { requireSession } from '../sessions/require-session.ts'
import { apiError } from '../http/errors.ts'
import { bearerSecurity, conflictResponse, createSubApp, errorResponses, jsonBody, jsonResponse } from '../http/openapi.ts'
import type { Actor, PollService } from './poll-service.ts'

export interface PollsDeps {
  sessions: SessionsRepo
  polls: PollService
}

const launch = createRoute({
  method: 'post',
  path: '/{id}/polls',
  summary: 'Launch a poll or comprehension check in a live session (instructor, TA)',
  security: bearerSecurity,
  request: { params: sessionIdParam, body: jsonBody(launchPollBody) },
  responses: { 201: jsonResponse(pollDetail, 'The open poll'), ...errorResponses, ...conflictResponse },
})

const list = createRoute({
  method: 'get',
  path: '/{id}/polls',
  summary: 'The session’s polls, oldest first: results for instructors, TAs and admins, else once closed; the caller’s own answer',
  security: bearerSecurity,
  request: { params: sessionIdParam },
  responses: { 200: jsonResponse(pollList, 'Polls'), ...errorResponses },
})

const answer = createRoute({
  method: 'post',
  path: '/{id}/polls/{pollId}/answer',
  summary: 'Answer an open poll, or change one’s answer while it is open (learner)',
  security: bearerSecurity,
  request: { params: pollParams, body: jsonBody(answerPollBody) },
  responses: { 200: jsonResponse(answerAccepted, 'The answer is stored'), ...errorResponses, ...conflictResponse },
})

const close = createRoute({
  method: 'post',
  path: '/{id}/polls/{pollId}/close',
  summary: 'Close a poll and reveal its results to the room (instructor, TA)',
  security: bearerSecurity,
  request: { params: pollParams },
  responses: { 200: jsonResponse(pollDetail, 'The closed poll with its results'), ...errorResponses, ...conflictResponse },
})

const actorOf = (principal: Principal): Actor =>
  principal.kind === 'participant' ? { id: principal.claims.sub, name: principal.claims.name } : { id: 'admin', name: 'Admin' }

/** Who is looking: results while a poll is open only for roles that may see them, and one's own answer. */
const viewer = (principal: Principal) =>
  principal.kind === 'admin'
    ? { userId: null, seesResults: can('admin', 'poll.results') }
    : { userId: principal.claims.sub, seesResults: can(principal.claims.role, 'poll.results') }

/** `/api/v1/sessions/:id/polls…`: polls and comprehension checks. */
export function pollsApp({ sessions, polls }: PollsDeps) {
  const detailFor = (principal: Principal, sessionId: string, pollId: string) =>
    polls.details(principal.tenantId, sessionId, viewer(principal)).find((p) => p.id === pollId) as PollDetail

  return createSubApp<PrincipalEnv>()
    .openapi(launch, (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'poll.launch', id)
      const session = requireSession(sessions, principal.tenantId, id)
      if (session.state !== 'live') throw apiError(409, 'conflict', 'Polls can be launched only while the session is live.')
      const poll = polls.launch(principal.tenantId, session, actorOf(principal), c.req.valid('json'))
      return c.json(detailFor(principal, id, poll.id), 201)
    })
    .openapi(list, (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'poll.read', id)
      requireSession(sessions, principal.tenantId, id)
      return c.json({ polls: polls.details(principal.tenantId, id, viewer(principal)) }, 200)
    })
    .openapi(answer, (c) => {
      const principal = c.get('principal')
      const { id, pollId } = c.req.valid('param')
      authorize(principal, 'poll.answer', id)
      const session = requireSession(sessions, principal.tenantId, id)
      const outcome = polls.answer(principal.tenantId, session, actorOf(principal), pollId, c.req.valid('json').option)
      if (outcome === 'not_found') throw apiError(404, 'not_found', 'No such poll in this session.')
      if (outcome === 'closed') throw apiError(409, 'conflict', 'The poll is closed; answers are no longer taken.')
      if (outcome === 'no_such_option') throw apiError(400, 'invalid_request', 'option: the poll has no such option.')
      return c.json({ pollId: outcome.pollId, option: outcome.option, answeredAt: outcome.answeredAt }, 200)
    })
    .openapi(close, (c) => {
      const principal = c.get('principal')
      const { id, pollId } = c.req.valid('param')
      authorize(principal, 'poll.close', id)
      const session = requireSession(sessions, principal.tenantId, id)
      const outcome = polls.close(principal.tenantId, session, actorOf(principal), pollId)
      if (outcome === 'not_found') throw apiError(404, 'not_found', 'No such poll in this session.')
      if (outcome === 'already_closed') throw apiError(409, 'conflict', 'The poll is already closed.')
      return c.json(detailFor(principal, id, pollId), 200)
    })
}
