import { randomUUID } from 'node:crypto'
import type { CreateSessionBody, Session, SessionState } from '@hilink/protocol'
import type { Db } from './connection.ts'

interface SessionRow {
  id: string
  tenant_id: string
  title: string
  course_id: string
  instructor_id: string
  scheduled_start: string
  scheduled_end: string
  state: SessionState
  started_at: string | null
  ended_at: string | null
  created_at: string
  transcription_enabled: number
  transcribe_learners: number
}

function toSession(r: SessionRow): Session {
  return {
    id: r.id,
    title: r.title,
    courseId: r.course_id,
    instructorId: r.instructor_id,
    scheduledStart: r.scheduled_start,
    scheduledEnd: r.scheduled_end,
    state: r.state,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    createdAt: r.created_at,
    transcription: { enabled: r.transcription_enabled === 1, learners: r.transcribe_learners === 1 },
  }
}

/** Every read takes the tenant: a session of another tenant is simply not found. */
export class SessionsRepo {
  constructor(private readonly db: Db) {}

  create(tenantId: string, body: CreateSessionBody): Session {
    const id = randomUUID()
    this.db
      .prepare(
        `INSERT INTO sessions (id, tenant_id, title, course_id, instructor_id, scheduled_start, scheduled_end,
           state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'scheduled', ?)`,
      )
      .run(
        id,
        tenantId,
        body.title,
        body.courseId,
        body.instructorId,
        new Date(body.scheduledStart).toISOString(),
        new Date(body.scheduledEnd).toISOString(),
        new Date().toISOString(),
      )
    return this.get(tenantId, id) as Session
  }

  /**
   * The tenant a session belongs to, for the one caller that has no credential yet to scope by: the embed
   * page (`/embed/:sessionId`), which needs the tenant's allowed origins before it knows who is opening it.
   */
  tenantOf(id: string): string | undefined {
    return this.db.prepare<[string], { tenant_id: string }>('SELECT tenant_id FROM sessions WHERE id = ?').get(id)?.tenant_id
  }

  /** Whether the tenant has any session of this course (a course exists through its sessions). */
  hasCourse(tenantId: string, courseId: string): boolean {
    return this.db.prepare('SELECT 1 FROM sessions WHERE tenant_id = ? AND course_id = ? LIMIT 1').get(tenantId, courseId) !== undefined
  }

  get(tenantId: string, id: string): Session | undefined {
    const row = this.db
      .prepare<[string, string], SessionRow>('SELECT * FROM sessions WHERE tenant_id = ? AND id = ?')
      .get(tenantId, id)
    return row && toSession(row)
  }

  /**
   * One page of the tenant's sessions, newest scheduled first, after `cursor` (the last row of the previous
   * page as `scheduled_start` and id: keyset paging, stable while sessions are added).
   */
  list(tenantId: string, limit: number, cursor?: { scheduledStart: string; id: string }): Session[] {
    const rows = cursor
      ? this.db
          .prepare<[string, string, string, number], SessionRow>(
            `SELECT * FROM sessions WHERE tenant_id = ? AND (scheduled_start, id) < (?, ?)
             ORDER BY scheduled_start DESC, id DESC LIMIT ?`,
          )
          .all(tenantId, cursor.scheduledStart, cursor.id, limit)
      : this.db
          .prepare<[string, number], SessionRow>('SELECT * FROM sessions WHERE tenant_id = ? ORDER BY scheduled_start DESC, id DESC LIMIT ?')
          .all(tenantId, limit)
    return rows.map(toSession)
  }

  setTranscription(tenantId: string, id: string, settings: { enabled: boolean; learners: boolean }): Session | undefined {
    this.db
      .prepare('UPDATE sessions SET transcription_enabled = ?, transcribe_learners = ? WHERE tenant_id = ? AND id = ?')
      .run(settings.enabled ? 1 : 0, settings.learners ? 1 : 0, tenantId, id)
    return this.get(tenantId, id)
  }

  /** Moves a session to `to` only from `from`; answers the updated session, or undefined when it was not in `from`. */
  transition(tenantId: string, id: string, from: SessionState, to: SessionState): Session | undefined {
    const column = to === 'live' ? 'started_at' : 'ended_at'
    const changed = this.db
      .prepare(`UPDATE sessions SET state = ?, ${column} = ? WHERE tenant_id = ? AND id = ? AND state = ?`)
      .run(to, new Date().toISOString(), tenantId, id, from).changes
    return changed === 1 ? this.get(tenantId, id) : undefined
  }
}
