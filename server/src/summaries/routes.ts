import { createRoute } from '@hono/zod-openapi'
import { courseBrief, courseIdParam, putSummaryBody, recapList, sessionIdParam, summary } from '@hilink/protocol'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { SummariesRepo } from '../db/summaries-repo.ts'
import type { PrincipalEnv } from '../auth/principal.ts'
import { authorize } from '../auth/authorize.ts'
import { apiError } from '../http/errors.ts'
import { bearerSecurity, conflictResponse, createSubApp, errorResponses, jsonBody, jsonResponse } from '../http/openapi.ts'
import { requireSession } from '../sessions/require-session.ts'
import type { SummaryService } from './summary-service.ts'

export interface SummariesDeps {
  sessions: SessionsRepo
  summaries: SummariesRepo
  service: SummaryService
  /** Whether approved recaps are e-mailed or only stored (no mail server): the review says which. */
  recapDelivery?: 'email' | 'stored'
}

const getSummary = createRoute({
  method: 'get',
  path: '/sessions/{id}/summary',
  summary: 'The lesson summary: a draft after the session ends, then the approved version (instructor)',
  security: bearerSecurity,
  request: { params: sessionIdParam },
  responses: { 200: jsonResponse(summary, 'The summary'), ...errorResponses },
})
const putSummary = createRoute({
  method: 'put',
  path: '/sessions/{id}/summary',
  summary: 'Edit the draft (instructor); refused once approved',
  security: bearerSecurity,
  request: { params: sessionIdParam, body: jsonBody(putSummaryBody) },
  responses: { 200: jsonResponse(summary, 'The edited draft'), ...errorResponses, ...conflictResponse },
})
const approveSummary = createRoute({
  method: 'post',
  path: '/sessions/{id}/summary/approve',
  summary: 'Approve the summary (instructor): produces the parent recaps and feeds the course brief',
  security: bearerSecurity,
  request: { params: sessionIdParam },
  responses: { 200: jsonResponse(summary, 'The approved summary'), ...errorResponses, ...conflictResponse },
})
const getRecaps = createRoute({
  method: 'get',
  path: '/sessions/{id}/recaps',
  summary: 'Parent recaps, one per learner, once the summary is approved (admin, instructor)',
  security: bearerSecurity,
  request: { params: sessionIdParam },
  responses: { 200: jsonResponse(recapList, 'Recaps (none before approval)'), ...errorResponses },
})
const getBrief = createRoute({
  method: 'get',
  path: '/courses/{id}/brief',
  summary: 'The next-session brief from the course’s approved summaries (admin; instructor or TA of a session of the course)',
  security: bearerSecurity,
  request: { params: courseIdParam },
  responses: { 200: jsonResponse(courseBrief, 'The brief'), ...errorResponses },
})

/** Summaries, recaps and the course brief. */
export function summariesApp({ sessions, summaries, service, recapDelivery }: SummariesDeps) {
  const existing = (tenantId: string, id: string) => requireSession(sessions, tenantId, id)
  const drafted = (tenantId: string, id: string) => {
    existing(tenantId, id)
    const s = summaries.get(tenantId, id)
    if (!s) throw apiError(404, 'not_found', 'There is no summary yet: it is drafted when the session ends.')
    return recapDelivery ? { ...s, recapDelivery } : s
  }
  return createSubApp<PrincipalEnv>()
    .openapi(getSummary, (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'summary.review', id)
      return c.json(drafted(principal.tenantId, id), 200)
    })
    .openapi(putSummary, (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'summary.review', id)
      if (drafted(principal.tenantId, id).status === 'approved') {
        throw apiError(409, 'conflict', 'The summary is approved and can no longer be edited.')
      }
      if (!summaries.saveDraft(principal.tenantId, id, c.req.valid('json').content)) {
        throw apiError(409, 'conflict', 'The summary was approved meanwhile and can no longer be edited.')
      }
      return c.json(drafted(principal.tenantId, id), 200)
    })
    .openapi(approveSummary, (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'summary.review', id)
      existing(principal.tenantId, id)
      // summary.review is an instructor's right: the principal is a participant here.
      const claims = principal.kind === 'participant' ? principal.claims : undefined
      const outcome = service.approve(principal.tenantId, id, { id: claims?.sub ?? 'admin', name: claims?.name ?? 'Admin' })
      if (outcome === 'not_drafted') throw apiError(404, 'not_found', 'There is no summary yet: it is drafted when the session ends.')
      if (outcome === 'already_approved') throw apiError(409, 'conflict', 'The summary is already approved.')
      return c.json(drafted(principal.tenantId, id), 200)
    })
    .openapi(getRecaps, (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'recaps.read', id)
      existing(principal.tenantId, id)
      return c.json({ recaps: summaries.recaps(principal.tenantId, id) }, 200)
    })
    .openapi(getBrief, (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      // A course exists through the tenant's sessions; a participant token reaches only its own session's course.
      // Both before the role check, so that a 403 is only ever about the caller's own course.
      const reachable =
        principal.kind === 'participant'
          ? sessions.get(principal.tenantId, principal.claims.session)?.courseId === id
          : sessions.hasCourse(principal.tenantId, id)
      if (!reachable) throw apiError(404, 'not_found', 'No such course.')
      authorize(principal, 'brief.read', principal.kind === 'participant' ? principal.claims.session : undefined)
      return c.json(service.brief(principal.tenantId, id), 200)
    })
}
