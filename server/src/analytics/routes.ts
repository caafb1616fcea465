import { createRoute } from '@hono/zod-openapi'
import { atRiskQuery, atRiskReport, engagementReport, exceptionList, sessionIdParam } from '@hilink/protocol'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { PrincipalEnv } from '../auth/principal.ts'
import { authorize } from '../auth/authorize.ts'
import { requireSession } from '../sessions/require-session.ts'
import { bearerSecurity, createSubApp, errorResponses, jsonResponse } from '../http/openapi.ts'
import { defaultThresholds, type AnalyticsService } from './analytics-service.ts'

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
      const q = c.req.valid('query')
      const thresholds = { missedSessions: q.missedSessions ?? defaultThresholds.missedSessions, correctnessDrop: q.correctnessDrop ?? defaultThresholds.correctnessDrop }
      return c.json({ learners: analytics.atRisk(principal.tenantId, thresholds) }, 200)
    })
    .openapi(getExceptions, (c) => {
      const principal = c.get('principal')
      authorize(principal, 'insights.read')
      return c.json({ exceptions: analytics.listExceptions(principal.tenantId) }, 200)
    })
}
