import type { AtRiskLearner, HilinkException, LearnerEngagement, Session } from '@hilink/protocol'
import type { Db } from '../db/connection.ts'
import type { EventsRepo } from '../db/events-repo.ts'
import type { ExceptionsRepo } from '../db/exceptions-repo.ts'
import type { AtRiskThresholdsRepo } from '../db/at-risk-thresholds-repo.ts'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { AttendanceService } from '../attendance/attendance-service.ts'
import { stableUuid } from '../events/statements.ts'
import { sessionEngagement } from './engagement.ts'

export interface AtRiskThresholds {
  missedSessions: number
  correctnessDrop: number
  engagementDrop: number
}
export const defaultThresholds: AtRiskThresholds = { missedSessions: 3, correctnessDrop: 30, engagementDrop: 50 }
/** Below this many interactions per session on average earlier, a drop is noise, not a trend. */
const minInteractionsForTrend = 2

/** The instructor has this long after the scheduled start before the session counts as a no-show. */
const instructorGraceMs = 10 * 60_000
/** Missing this many sessions of a course in a row makes coming back an exception worth telling. */
const longAbsenceSessions = 2
/** After this long past its end, a session's attendance no longer changes (grace period and heartbeat passed). */
const settleMs = 2 * 60_000

export const absentEventId = (tenantId: string, sessionId: string, userId: string) => stableUuid(`${tenantId}:participant-absent:${sessionId}:${userId}`)

/**
 * Analytics over the learning record: per-session engagement, learners at risk across sessions, and the
 * exception scheduler (raised exceptions go to the outbox as `exception.raised`, at-risk flags as
 * `learner.at_risk`, in the transaction that stores them).
 */
export class AnalyticsService {
  private timer: ReturnType<typeof setInterval> | undefined
  /**
   * Ended sessions whose exceptions are raised for good (their attendance settled): the scan skips them, so a
   * minute's scan costs the sessions that changed, not the last week's. Empty after a restart: one full pass.
   */
  private readonly settled = new Set<string>()

  constructor(
    private readonly db: Db,
    private readonly events: EventsRepo,
    private readonly sessions: SessionsRepo,
    private readonly attendance: AttendanceService,
    private readonly exceptions: ExceptionsRepo,
    private readonly thresholdsRepo: AtRiskThresholdsRepo,
    private readonly now: () => number = Date.now,
  ) {}

  engagement(tenantId: string, session: Session): LearnerEngagement[] {
    const startMs = session.startedAt ? Date.parse(session.startedAt) : this.now()
    const endMs = session.endedAt ? Date.parse(session.endedAt) : this.now()
    return sessionEngagement(this.events.forSession(tenantId, session.id), this.attendance.report(tenantId, session), { startMs, endMs })
  }

  /** The tenant's thresholds (its own, or the defaults). */
  thresholds(tenantId: string): AtRiskThresholds {
    return this.thresholdsRepo.get(tenantId) ?? defaultThresholds
  }

  setThresholds(tenantId: string, t: AtRiskThresholds): void {
    this.thresholdsRepo.put(tenantId, t)
  }

  atRisk(tenantId: string, t: AtRiskThresholds = this.thresholds(tenantId)): AtRiskLearner[] {
    // Ended sessions, oldest first, grouped per course.
    const ended = this.sessions.list(tenantId, 1000).filter((s) => s.state === 'ended').reverse()
    type Row = { session: Session; absent: boolean; correct: string[]; answered: string[]; interactions: string[] }
    const history = new Map<string, { userId: string; name: string; courseId: string; rows: Row[] }>()
    for (const s of ended) {
      const engagement = this.engagement(tenantId, s)
      for (const l of engagement) {
        const key = `${s.courseId}\u0000${l.userId}`
        const h = history.get(key) ?? history.set(key, { userId: l.userId, name: l.name, courseId: s.courseId, rows: [] }).get(key)!
        // Interactions: what a learner did, not how long they were there (presence is its own signal).
        const interactions = [...l.handRaises.sources, ...l.chatMessages.sources, ...l.pollsAnswered.sources, ...l.whiteboardShapes.sources]
        h.rows.push({ session: s, absent: l.presence.absent, correct: l.checksCorrect.sources, answered: l.checksAnswered.sources, interactions })
      }
    }
    const out: AtRiskLearner[] = []
    for (const h of history.values()) {
      const signals: AtRiskLearner['signals'] = []
      const missed = h.rows.filter((r) => r.absent)
      if (missed.length >= t.missedSessions) {
        signals.push({
          kind: 'missed_sessions',
          detail: `Missed ${missed.length} of ${h.rows.length} sessions of ${h.courseId}.`,
          sessions: missed.map((r) => r.session.id),
          sources: missed.map((r) => absentEventId(tenantId, r.session.id, h.userId)),
        })
      }
      const withChecks = h.rows.filter((r) => r.answered.length > 0)
      if (withChecks.length >= 2) {
        const half = Math.floor(withChecks.length / 2)
        const rate = (rows: Row[]) => (100 * rows.reduce((n, r) => n + r.correct.length, 0)) / Math.max(1, rows.reduce((n, r) => n + r.answered.length, 0))
        const earlier = rate(withChecks.slice(0, half))
        const recent = rate(withChecks.slice(half))
        if (earlier - recent >= t.correctnessDrop) {
          signals.push({
            kind: 'falling_correctness',
            detail: `Checks answered correctly fell from ${Math.round(earlier)} % to ${Math.round(recent)} %.`,
            sessions: withChecks.map((r) => r.session.id),
            sources: withChecks.flatMap((r) => r.answered),
          })
        }
      }
      const attended = h.rows.filter((r) => !r.absent)
      if (attended.length >= 4) {
        const half = Math.floor(attended.length / 2)
        const mean = (rows: Row[]) => rows.reduce((n, r) => n + r.interactions.length, 0) / rows.length
        const earlier = mean(attended.slice(0, half))
        const recent = mean(attended.slice(half))
        if (earlier >= minInteractionsForTrend && (100 * (earlier - recent)) / earlier >= t.engagementDrop) {
          signals.push({
            kind: 'declining_engagement',
            detail: `Interactions per session fell from ${earlier.toFixed(1)} to ${recent.toFixed(1)}.`,
            sessions: attended.map((r) => r.session.id),
            sources: attended.flatMap((r) => r.interactions),
          })
        }
      }
      if (signals.length) out.push({ userId: h.userId, name: h.name, courseId: h.courseId, signals })
    }
    return out
  }

  listExceptions(tenantId: string): HilinkException[] {
    return this.exceptions.list(tenantId, 500)
  }

  /** Starts the in-server scheduler. */
  start(everyMs: number): void {
    this.timer = setInterval(() => {
      try {
        this.scan()
      } catch (err) {
        console.warn('hilink: exception scan:', (err as Error).message)
      }
    }, everyMs)
    this.timer.unref()
  }

  close(): void {
    if (this.timer) clearInterval(this.timer)
  }

  /** One pass of the scheduler: raises what is due (each cause once). */
  scan(): void {
    const now = this.now()
    const candidates = this.exceptions.candidates(new Date(now - instructorGraceMs).toISOString(), new Date(now - 7 * 86400_000).toISOString())
    const tenants = new Set<string>()
    for (const c of candidates) {
      const s = this.sessions.get(c.tenantId, c.id)
      if (!s || this.settled.has(`${c.tenantId}/${s.id}`)) continue
      if (s.state === 'scheduled') {
        this.raise(c.tenantId, 'instructor_no_show', s, null, { scheduledStart: s.scheduledStart, instructorId: s.instructorId, title: s.title })
        continue
      }
      tenants.add(c.tenantId)
      const report = this.attendance.report(c.tenantId, s)
      for (const a of report) {
        if (a.role === 'learner' && a.absent) this.raise(c.tenantId, 'learner_no_show', s, a.userId, { name: a.name, title: s.title })
      }
      if (s.startedAt && s.endedAt) {
        const planned = Date.parse(s.scheduledEnd) - Date.parse(s.scheduledStart)
        const early = Date.parse(s.scheduledEnd) - Date.parse(s.endedAt)
        if (early > Math.max(10 * 60_000, planned / 4)) {
          this.raise(c.tenantId, 'ended_early', s, null, { scheduledEnd: s.scheduledEnd, endedAt: s.endedAt, minutesEarly: Math.round(early / 60_000) })
        }
      }
      this.backAfterAbsence(c.tenantId, s, report.filter((a) => a.role === 'learner' && !a.absent).map((a) => a.userId))
      // Leaves are final once the reconnect grace period has passed after the end.
      if (s.endedAt && now - Date.parse(s.endedAt) > settleMs) this.settled.add(`${c.tenantId}/${s.id}`)
    }
    for (const tenantId of tenants) this.announceAtRisk(tenantId)
  }

  private backAfterAbsence(tenantId: string, s: Session, present: string[]): void {
    if (present.length === 0) return
    const before = this.sessions
      .list(tenantId, 1000)
      .filter((x) => x.courseId === s.courseId && x.state === 'ended' && x.id !== s.id && x.scheduledStart < s.scheduledStart)
      .slice(0, longAbsenceSessions) // newest first: the sessions just before this one
    if (before.length < longAbsenceSessions) return
    const reports = before.map((x) => ({ session: x, report: this.attendance.report(tenantId, x) }))
    for (const userId of present) {
      const missedAll = reports.every((r) => r.report.some((a) => a.userId === userId && a.absent))
      if (missedAll) this.raise(tenantId, 'back_after_absence', s, userId, { missedSessions: before.map((x) => x.id) })
    }
  }

  private raise(tenantId: string, kind: HilinkException['kind'], s: Session, userId: string | null, details: Record<string, unknown>): void {
    const e: HilinkException = {
      id: stableUuid(`${tenantId}:exception:${kind}:${s.id}:${userId ?? ''}`),
      kind,
      sessionId: s.id,
      userId,
      details: { ...details, courseId: s.courseId },
      raisedAt: new Date(this.now()).toISOString(),
    }
    this.db.transaction(() => {
      if (this.exceptions.add(tenantId, e)) {
        this.events.outbox.add({ id: e.id, tenantId, sessionId: s.id, kind: 'event', type: 'exception.raised', payload: e })
      }
    })()
  }

  private announceAtRisk(tenantId: string): void {
    for (const l of this.atRisk(tenantId)) {
      // A new flag (another missed session, a further drop) is a new event; the same flag is announced once.
      const cause = l.signals.map((sig) => `${sig.kind}:${[...sig.sessions].sort().join(',')}`).join(';')
      this.events.outbox.add({
        id: stableUuid(`${tenantId}:at-risk:${l.courseId}:${l.userId}:${cause}`),
        tenantId,
        sessionId: null,
        kind: 'event',
        type: 'learner.at_risk',
        payload: l,
      })
    }
  }
}
