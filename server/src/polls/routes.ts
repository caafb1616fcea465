import { createRoute } from '@hono/zod-openapi'
import {
  answerAccepted,
  answerPollBody,
  can,
  launchPollBody,
  libraryEntry,
  libraryEntryBody,
  libraryList,
  libraryParams,
  moderateTextBody,
  pollDetail,
  pollList,
  pollParams,
  pollTextParams,
  resultsExport,
  resultsExportQuery,
  sessionIdParam,
  type PollDetail,
} from '@hilink/protocol'
import type { PollLibraryRepo } from '../db/polls-repo.ts'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { PrincipalEnv, Principal } from '../auth/principal.ts'
import { authorize } from '../auth/authorize.ts'
import { requireSession } from '../sessions/require-session.ts'
import { apiError } from '../http/errors.ts'
import { bearerSecurity, conflictResponse, createSubApp, errorResponses, jsonBody, jsonResponse } from '../http/openapi.ts'
import { results, type Actor, type PollService } from './poll-service.ts'

export interface PollsDeps {
  sessions: SessionsRepo
  polls: PollService
  library: PollLibraryRepo
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

const reveal = createRoute({
  method: 'post',
  path: '/{id}/polls/{pollId}/reveal',
  summary: 'Reveal a closed poll’s results and correct answers to the room (polls launched with reveal: manual; instructor, TA)',
  security: bearerSecurity,
  request: { params: pollParams },
  responses: { 200: jsonResponse(pollDetail, 'The revealed poll'), ...errorResponses, ...conflictResponse },
})

const shareText = createRoute({
  method: 'put',
  path: '/{id}/polls/{pollId}/texts/{answerId}',
  summary:
    'Moderate a short-text answer after reading it (instructor, TA): share it with the room (never with its author), take it back, or reject it; a rejected answer is never shared',
  security: bearerSecurity,
  request: { params: pollTextParams, body: jsonBody(moderateTextBody) },
  responses: { 200: jsonResponse(pollDetail, 'The poll'), ...errorResponses, ...conflictResponse },
})

const exportResults = createRoute({
  method: 'get',
  path: '/{id}/polls/{pollId}/results',
  summary: 'A poll’s results: counts per question and option, and short texts, never who answered (admin, instructor, TA); ?format=csv',
  security: bearerSecurity,
  request: { params: pollParams, query: resultsExportQuery },
  responses: {
    200: { description: 'Results', content: { 'application/json': { schema: resultsExport }, 'text/csv': { schema: { type: 'string' } } } },
    ...errorResponses,
  },
})

const saveToLibrary = createRoute({
  method: 'post',
  path: '/{id}/poll-library',
  summary: 'Save a poll to the library of the session’s course, for reuse in later sessions (instructor, TA)',
  security: bearerSecurity,
  request: { params: sessionIdParam, body: jsonBody(libraryEntryBody) },
  responses: { 201: jsonResponse(libraryEntry, 'The saved entry'), ...errorResponses },
})

const listLibrary = createRoute({
  method: 'get',
  path: '/{id}/poll-library',
  summary: 'The poll library of the session’s course, oldest first (admin, instructor, TA); launch an entry by posting its poll',
  security: bearerSecurity,
  request: { params: sessionIdParam },
  responses: { 200: jsonResponse(libraryList, 'Entries'), ...errorResponses },
})

const deleteFromLibrary = createRoute({
  method: 'delete',
  path: '/{id}/poll-library/{entryId}',
  summary: 'Remove an entry from the course’s poll library (instructor, TA)',
  security: bearerSecurity,
  request: { params: libraryParams },
  responses: { 204: { description: 'Removed' }, ...errorResponses },
})

const csvCell = (v: string | number | boolean | null) => {
  const text = v === null ? '' : String(v)
  // Quote always; a leading formula character is defused so a spreadsheet does not run a learner's text.
  return `"${(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text).replaceAll('"', '""')}"`
}

const actorOf = (principal: Principal): Actor =>
  principal.kind === 'participant' ? { id: principal.claims.sub, name: principal.claims.name } : { id: 'admin', name: 'Admin' }

/** Who is looking: results while a poll is open only for roles that may see them, and one's own answer. */
const viewer = (principal: Principal) =>
  principal.kind === 'admin'
    ? { userId: null, seesResults: can('admin', 'poll.results') }
    : { userId: principal.claims.sub, seesResults: can(principal.claims.role, 'poll.results') }

/** `/api/v1/sessions/:id/polls…`: polls and comprehension checks. */
export function pollsApp({ sessions, polls, library }: PollsDeps) {
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
      const outcome = polls.answer(principal.tenantId, session, actorOf(principal), pollId, c.req.valid('json'))
      if (outcome === 'not_found') throw apiError(404, 'not_found', 'No such poll in this session.')
      if (outcome === 'closed') throw apiError(409, 'conflict', 'The poll is closed; answers are no longer taken.')
      if (outcome === 'no_such_option') throw apiError(400, 'invalid_request', 'option: the poll has no such option.')
      if (outcome === 'wrong_form') {
        throw apiError(400, 'invalid_request', 'The answer does not fit the poll: {option} for one choice, {options} for multiple, {answers} for a check with questions, {text} for short text.')
      }
      if (outcome === 'already_answered') throw apiError(409, 'conflict', 'This anonymous poll has your answer already; it cannot be changed.')
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
    .openapi(reveal, (c) => {
      const principal = c.get('principal')
      const { id, pollId } = c.req.valid('param')
      authorize(principal, 'poll.close', id)
      const session = requireSession(sessions, principal.tenantId, id)
      const outcome = polls.reveal(principal.tenantId, session, pollId)
      if (outcome === 'not_found') throw apiError(404, 'not_found', 'No such poll in this session.')
      if (outcome === 'still_open') throw apiError(409, 'conflict', 'Close the poll before revealing its results.')
      if (outcome === 'already_revealed') throw apiError(409, 'conflict', 'The results are revealed already.')
      return c.json(detailFor(principal, id, pollId), 200)
    })
    .openapi(shareText, (c) => {
      const principal = c.get('principal')
      const { id, pollId, answerId } = c.req.valid('param')
      authorize(principal, 'poll.close', id)
      const session = requireSession(sessions, principal.tenantId, id)
      const body = c.req.valid('json')
      const status = 'status' in body ? body.status : body.shared ? 'shared' : 'pending'
      const outcome = polls.moderate(principal.tenantId, session, pollId, answerId, status)
      if (outcome === 'not_found') throw apiError(404, 'not_found', 'No such short-text answer in this session.')
      if (outcome === 'rejected') throw apiError(409, 'conflict', 'This answer was rejected: a rejected answer is never shared.')
      return c.json(detailFor(principal, id, pollId), 200)
    })
    .openapi(exportResults, (c) => {
      const principal = c.get('principal')
      const { id, pollId } = c.req.valid('param')
      authorize(principal, 'poll.results', id)
      requireSession(sessions, principal.tenantId, id)
      const found = polls.one(principal.tenantId, id, pollId)
      if (!found) throw apiError(404, 'not_found', 'No such poll in this session.')
      const { poll, answers } = found
      const final = results(poll, answers, 'staff')
      const items = poll.items ?? [{ question: poll.question, options: poll.options, correctOption: poll.correctOption }]
      const perItem = final.questions ?? [{ counts: final.counts, correctOption: final.correctOption }]
      const rows = items.flatMap((item, q) =>
        item.options.map((optionText, option) => ({
          question: q,
          questionText: item.question,
          option,
          optionText,
          count: perItem[q]?.counts[option] ?? 0,
          correct: item.correctOption === null ? null : item.correctOption === option,
        })),
      )
      const texts = (final.texts ?? []).map((t) => t.text)
      if (c.req.valid('query').format === 'csv') {
        const lines = [['question', 'question_text', 'option', 'option_text', 'count', 'correct'].join(',')]
        for (const r of rows) lines.push([r.question, r.questionText, r.option, r.optionText, r.count, r.correct].map(csvCell).join(','))
        for (const t of texts) lines.push([0, poll.question, '', t, 1, null].map(csvCell).join(','))
        return c.body(`${lines.join('\r\n')}\r\n`, 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="poll-${poll.id}.csv"`,
        })
      }
      return c.json(
        { pollId: poll.id, kind: poll.kind, question: poll.question, anonymous: poll.anonymous === true, state: poll.state, responses: answers.length, rows, texts },
        200,
      )
    })
    .openapi(saveToLibrary, (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'poll.launch', id)
      const session = requireSession(sessions, principal.tenantId, id)
      const body = c.req.valid('json')
      // The body as sent (validated), so a later launch posts it unchanged.
      const entry = library.save(principal.tenantId, session.courseId, body.title, body.poll, actorOf(principal).id)
      return c.json(entry, 201)
    })
    .openapi(listLibrary, (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      // Whoever may see results (admins too) may read the course's saved polls.
      authorize(principal, 'poll.results', id)
      const session = requireSession(sessions, principal.tenantId, id)
      return c.json({ entries: library.list(principal.tenantId, session.courseId) }, 200)
    })
    .openapi(deleteFromLibrary, (c) => {
      const principal = c.get('principal')
      const { id, entryId } = c.req.valid('param')
      authorize(principal, 'poll.launch', id)
      const session = requireSession(sessions, principal.tenantId, id)
      if (!library.remove(principal.tenantId, session.courseId, entryId)) throw apiError(404, 'not_found', 'No such entry in this course’s library.')
      return c.body(null, 204)
    })
}
