import { createRoute } from '@hono/zod-openapi'
import { atRiskQuery, atRiskReport, atRiskThresholds, engagementReport, exceptionList, sessionIdParam } from '@hilink/protocol'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { PrincipalEnv } from '../auth/principal.ts'
import { authorize } from '../auth/authorize.ts'
import { requireSession } from '../sessions/require-session.ts'
import { bearerSecurity, createSubApp, errorResponses, jsonBody, jsonResponse } from '../http/openapi.ts'
import type { AnalyticsService } from './analytics-service.ts'

export interface AnalyticsDeps {
  sessions: SessionsRepo
  analytics: AnalyticsService
}

const getEngagement = createRoute({
  method: 'get',
  path: '/sessions/{id}/engagement',
  summary: 'Per-learner engagement of a session, each figure with the statement ids it comes from (admin, instructor, TA)',
  security: bearerSecurity,
  request: { params: sessionIdParam },
  responses: { 200: jsonResponse(engagementReport, 'Presence, away time, hands, chat, polls, checks, whiteboard'), ...errorResponses },
})

const getAtRisk = createRoute({
  method: 'get',
  path: '/learners/at-risk',
  summary: 'Learners at risk across the tenant’s sessions, with the signals and sessions that flag them (admin key)',
  security: bearerSecurity,
  request: { query: atRiskQuery },
  responses: { 200: jsonResponse(atRiskReport, 'Flagged learners'), ...errorResponses },
})

const getThresholds = createRoute({
  method: 'get',
  path: '/learners/at-risk/thresholds',
  summary: 'The tenant’s at-risk thresholds (its own or the defaults) (admin key)',
  security: bearerSecurity,
  responses: { 200: jsonResponse(atRiskThresholds, 'Thresholds'), ...errorResponses },
})

const putThresholds = createRoute({
  method: 'put',
  path: '/learners/at-risk/thresholds',
  summary: 'Set the tenant’s at-risk thresholds (admin key)',
  security: bearerSecurity,
  request: { body: jsonBody(atRiskThresholds) },
  responses: { 200: jsonResponse(atRiskThresholds, 'Thresholds'), ...errorResponses },
})

const getExceptions = createRoute({
  method: 'get',
  path: '/exceptions',
  summary: 'Exceptions the scheduler raised (no-shows, early ends, returns after absence), newest first (admin key)',
  security: bearerSecurity,
  responses: { 200: jsonResponse(exceptionList, 'Exceptions'), ...errorResponses },
})

/** Engagement per session, and the cross-session views (at risk, exceptions). */
export function analyticsApp({ sessions, analytics }: AnalyticsDeps) {
  return createSubApp<PrincipalEnv>()
    .openapi(getEngagement, (c) => {
      const principal = c.get('principal')
      const { id } = c.req.valid('param')
      authorize(principal, 'analytics.read', id)
      const session = requireSession(sessions, principal.tenantId, id)
      return c.json({ sessionId: id, learners: analytics.engagement(principal.tenantId, session) }, 200)
    })
    .openapi(getAtRisk, (c) => {
      const principal = c.get('principal')
      authorize(principal, 'insights.read')
      // Query parameters override the tenant's thresholds for this request (what-if views).
      const q = c.req.valid('query')
      const own = analytics.thresholds(principal.tenantId)
      const thresholds = {
        missedSessions: q.missedSessions ?? own.missedSessions,
        correctnessDrop: q.correctnessDrop ?? own.correctnessDrop,
        engagementDrop: q.engagementDrop ?? own.engagementDrop,
      }
      return c.json({ learners: analytics.atRisk(principal.tenantId, thresholds) }, 200)
    })
    .openapi(getThresholds, (c) => {
      const principal = c.get('principal')
      authorize(principal, 'insights.read')
      return c.json(analytics.thresholds(principal.tenantId), 200)
    })
    .openapi(putThresholds, (c) => {
      const principal = c.get('principal')
      authorize(principal, 'insights.read')
      analytics.setThresholds(principal.tenantId, c.req.valid('json'))
      return c.json(analytics.thresholds(principal.tenantId), 200)
    })
    .openapi(getExceptions, (c) => {
      const principal = c.get('principal')
      authorize(principal, 'insights.read')
      return c.json({ exceptions: analytics.listExceptions(principal.tenantId) }, 200)
    })
}
