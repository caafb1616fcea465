import { createRoute } from '@hono/zod-openapi'
import { attendanceGraceSeconds, attendanceReport, sessionIdParam } from '@hilink/protocol'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { PrincipalEnv } from '../auth/principal.ts'
import { authorize } from '../auth/authorize.ts'
import { requireSession } from '../sessions/require-session.ts'
import { bearerSecurity, createSubApp, errorResponses, jsonResponse } from '../http/openapi.ts'
import type { AttendanceService } from './attendance-service.ts'

export interface AttendanceDeps {
  sessions: SessionsRepo
  attendance: AttendanceService
}

const getAttendance = createRoute({
  method: 'get',
  path: '/{id}/attendance',
  summary: 'Attendance of every invited or present participant (admin, instructor, TA)',
  security: bearerSecurity,
  request: { params: sessionIdParam },
  responses: { 200: jsonResponse(attendanceReport, 'First join, last leave, minutes present, late, left early, absent'), ...errorResponses },
})

/** `/api/v1/sessions/:id/attendance`: from the sync server's view of connections. */
export function attendanceApp({ sessions, attendance }: AttendanceDeps) {
  return createSubApp<PrincipalEnv>().openapi(getAttendance, (c) => {
    const principal = c.get('principal')
    const { id } = c.req.valid('param')
    authorize(principal, 'analytics.read', id)
    const session = requireSession(sessions, principal.tenantId, id)
    return c.json({ sessionId: id, graceSeconds: attendanceGraceSeconds, participants: attendance.report(principal.tenantId, session) }, 200)
  })
}
