import { attendanceGraceSeconds, type ParticipantClaims, type ParticipantRole, type Session } from '@hilink/protocol'
import type { AttendanceRepo } from '../db/attendance-repo.ts'
import type { EventsRepo } from '../db/events-repo.ts'
import type { ParticipantsRepo } from '../db/participants-repo.ts'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import { sessionActivity, statement } from '../events/statements.ts'
import { attendanceEntries } from './attendance-report.ts'
import type { AttendanceEntry } from '@hilink/protocol'

/** Activity Streams' join and leave, as the xAPI registry lists them. */
export const attendanceVerbs = {
  joined: { id: 'http://activitystrea.ms/schema/1.0/join', display: { 'en-US': 'joined' } },
  left: { id: 'http://activitystrea.ms/schema/1.0/leave', display: { 'en-US': 'left' } },
} as const

export interface AttendanceOptions {
  /** A reconnect within this long counts as continuous presence. */
  graceMs?: number
  /** How often the server notes who is still connected (what a crash can lose at most) and records due leaves. */
  heartbeatMs?: number
}

/**
 * Attendance from the sync server's connections. The first connection of a person opens a presence interval
 * (and records `joined`); their last connection closing ends it. A reconnect within the grace period reopens
 * the same interval, so a dropped Wi-Fi is not a leave; `left` is recorded once the grace period has passed.
 * Intervals are written as they open and heartbeated while open, so after a crash the next start closes them
 * where the server last saw them alive.
 */
export class AttendanceService {
  private readonly graceMs: number
  private readonly connections = new Map<string, { count: number; intervalId: number }>()
  private readonly timer: ReturnType<typeof setInterval>
  private closed = false

  constructor(
    private readonly repo: AttendanceRepo,
    private readonly participants: ParticipantsRepo,
    private readonly sessions: SessionsRepo,
    private readonly events: EventsRepo,
    private readonly transaction: <T>(work: () => T) => T,
    options: AttendanceOptions = {},
  ) {
    this.graceMs = options.graceMs ?? attendanceGraceSeconds * 1000
    const closed = this.repo.closeOpenAtLastSeen()
    if (closed > 0) console.warn(`hilink: closed ${closed} attendance interval(s) left open by the previous run at their last heartbeat`)
    this.timer = setInterval(() => this.tick(), options.heartbeatMs ?? 5000)
    this.timer.unref()
  }

  /** A sync connection of `claims` opened. */
  connected(claims: ParticipantClaims): void {
    if (this.closed) return
    const key = keyOf(claims)
    const live = this.connections.get(key)
    if (live) {
      live.count++
      return
    }
    const now = new Date().toISOString()
    const intervalId = this.transaction(() => {
      const latest = this.repo.latest(claims.tenant, claims.session, claims.sub)
      if (latest && !latest.leftRecorded && (latest.leftAt === null || Date.parse(now) - Date.parse(latest.leftAt) <= this.graceMs)) {
        this.repo.reopen(latest.id, now)
        return latest.id
      }
      const id = this.repo.open(claims.tenant, claims.session, { userId: claims.sub, name: claims.name, role: claims.role }, now)
      this.record(claims.tenant, claims.session, { id: claims.sub, name: claims.name }, 'joined', now)
      return id
    })
    this.connections.set(key, { count: 1, intervalId })
  }

  /** A sync connection of `claims` closed. */
  disconnected(claims: ParticipantClaims): void {
    const key = keyOf(claims)
    const live = this.connections.get(key)
    if (!live) return
    if (--live.count > 0) return
    this.connections.delete(key)
    this.repo.close(live.intervalId, new Date().toISOString())
  }

  /**
   * The expected roster from outside (an LMS's membership, LTI NRPS): each person is invited as if a token had
   * been minted for them, so the report counts those who never join as absent.
   */
  expect(tenantId: string, sessionId: string, people: ReadonlyArray<{ userId: string; name: string; role: ParticipantRole }>): void {
    this.transaction(() => {
      for (const p of people) this.participants.invite(tenantId, sessionId, p)
    })
  }

  /** The attendance of one session, with leaves whose grace period has passed recorded first. */
  report(tenantId: string, session: Session): AttendanceEntry[] {
    this.recordDueLeaves()
    const invited = this.participants.list(tenantId, session.id)
    return attendanceEntries(session, invited, this.repo.forSession(tenantId, session.id), Date.now())
  }

  /** On an orderly shutdown: every open interval ends now (a reconnect within the grace period after the next start continues it). */
  close(): void {
    if (this.closed) return // a server may be stopped twice
    this.closed = true
    clearInterval(this.timer)
    this.repo.closeAllOpen(new Date().toISOString())
    this.connections.clear()
  }

  private tick(): void {
    try {
      if (this.connections.size > 0) this.repo.heartbeat(new Date().toISOString())
      this.recordDueLeaves()
    } catch (err) {
      // The database may be closing under a stopping server; the next start closes what is open.
      console.warn('hilink: attendance heartbeat failed:', (err as Error).message)
    }
  }

  private recordDueLeaves(): void {
    const due = this.repo.leavesDue(new Date(Date.now() - this.graceMs).toISOString())
    for (const i of due) {
      this.transaction(() => {
        if (!this.repo.markLeftRecorded(i.id)) return
        this.record(i.tenantId, i.sessionId, { id: i.userId, name: i.name }, 'left', i.leftAt!)
      })
    }
  }

  private record(tenantId: string, sessionId: string, actor: { id: string; name: string }, verb: keyof typeof attendanceVerbs, at: string): void {
    const session = this.sessions.get(tenantId, sessionId)
    this.events.record(
      tenantId,
      sessionId,
      statement({
        tenantId,
        sessionId,
        actor,
        verb: attendanceVerbs[verb],
        object: sessionActivity(sessionId, session?.title ?? sessionId),
        timestamp: at,
      }),
    )
  }
}

const keyOf = (c: ParticipantClaims) => `${c.tenant}/${c.session}/${c.sub}`
