import { parseResponse } from 'hono/client'
import type { AtRiskLearner, AttendanceEntry, HilinkException, LearnerEngagement, Session } from '@hilink/protocol'
import { apiClient, type ApiClient } from './api-client.ts'
import { CommandModel } from './command-model.ts'

/** One session's figures, as `<hl-insights>` charts them. */
export interface SessionInsights {
  sessionId: string
  /** Learners only: staff are present by definition and would skew the counts. */
  attendance: AttendanceEntry[]
  engagement: LearnerEngagement[]
}

/** Attendance in four exclusive groups (late and left early both count as late: the earlier fact). */
export interface AttendanceCounts {
  present: number
  late: number
  leftEarly: number
  absent: number
}

/** How many learners were on time, late, left early or never came. */
export function attendanceCounts(entries: AttendanceEntry[]): AttendanceCounts {
  const counts: AttendanceCounts = { present: 0, late: 0, leftEarly: 0, absent: 0 }
  for (const e of entries) counts[e.absent ? 'absent' : e.late ? 'late' : e.leftEarly ? 'leftEarly' : 'present']++
  return counts
}

/** A learner's interactions in the session: hands, chat, answers and whiteboard shapes (the figures the server traces). */
export function interactions(l: LearnerEngagement): number {
  return l.handRaises.value + l.chatMessages.value + l.pollsAnswered.value + l.whiteboardShapes.value
}

/**
 * The tenant admin's insights: learners at risk, exceptions, the tenant's recent sessions and, for the one picked,
 * attendance and engagement. Every call carries the admin key; a participant token is refused (`forbidden`).
 */
export class InsightsModel extends CommandModel {
  atRisk: AtRiskLearner[] | undefined
  exceptions: HilinkException[] | undefined
  /** The tenant's sessions, newest scheduled first (one page: the recent ones). */
  sessions: Session[] = []
  /** The picked session's figures (undefined while loading or before a pick). */
  session: SessionInsights | undefined
  /** The session picked in the picker. */
  sessionId: string | undefined
  /** The credential is not an admin's: the views do not exist for it. */
  forbidden = false
  private readonly api: ApiClient

  constructor(server: string, credential: string) {
    super()
    const send: typeof fetch = (input, init = {}) => {
      const headers = new Headers(init.headers)
      headers.set('authorization', `Bearer ${credential}`)
      return fetch(input, { ...init, headers })
    }
    this.api = apiClient(server, send)
  }

  /** Loads the tenant-wide views and the session list; picks the newest session if none is picked. */
  async load(): Promise<void> {
    await this.run(async () => {
      const [atRiskRes, exceptionsRes, sessionsRes] = await Promise.all([
        this.api.learners['at-risk'].$get({ query: {} }),
        this.api.exceptions.$get({ query: {} }),
        this.api.sessions.$get({ query: { limit: '20' } }),
      ])
      // A participant token gets 404 for tenant-wide views (for it they do not exist); an admin key is needed.
      this.forbidden = [atRiskRes.status, exceptionsRes.status, sessionsRes.status].some((s: number) => s === 401 || s === 403 || s === 404)
      if (this.forbidden) return
      const [atRisk, exceptions, sessions] = await Promise.all([parseResponse(atRiskRes), parseResponse(exceptionsRes), parseResponse(sessionsRes)])
      this.atRisk = atRisk.learners
      this.exceptions = exceptions.exceptions
      this.sessions = sessions.sessions
    })
    const pick = this.sessionId ?? this.sessions[0]?.id
    if (pick && !this.forbidden) await this.pick(pick)
  }

  /** Picks a session and loads its attendance and engagement. */
  async pick(sessionId: string): Promise<void> {
    this.sessionId = sessionId
    if (this.session?.sessionId !== sessionId) this.session = undefined
    await this.run(async () => {
      const param = { id: encodeURIComponent(sessionId) }
      const [attendance, engagement] = await Promise.all([
        parseResponse(this.api.sessions[':id'].attendance.$get({ param })),
        parseResponse(this.api.sessions[':id'].engagement.$get({ param })),
      ])
      // A later pick wins: an older answer arriving after it is dropped.
      if (this.sessionId !== sessionId) return
      this.session = { sessionId, attendance: attendance.participants.filter((p) => p.role === 'learner'), engagement: engagement.learners }
    })
  }
}
