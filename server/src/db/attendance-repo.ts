import type { ParticipantRole } from '@hilink/protocol'
import type { Db } from './connection.ts'

export interface AttendanceInterval {
  id: number
  userId: string
  name: string
  role: ParticipantRole
  joinedAt: string
  seenAt: string
  leftAt: string | null
  leftRecorded: boolean
}

interface Row {
  id: number
  tenant_id: string
  session_id: string
  user_id: string
  name: string
  role: ParticipantRole
  joined_at: string
  seen_at: string
  left_at: string | null
  left_recorded: number
}

const toInterval = (r: Row): AttendanceInterval => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  role: r.role,
  joinedAt: r.joined_at,
  seenAt: r.seen_at,
  leftAt: r.left_at,
  leftRecorded: r.left_recorded === 1,
})

/**
 * Presence intervals, one per stretch a person was connected (a reconnect within the grace period extends the
 * same interval). Join times are written when they happen, so a crash loses at most the last heartbeat.
 */
export class AttendanceRepo {
  constructor(private readonly db: Db) {}

  latest(tenantId: string, sessionId: string, userId: string): AttendanceInterval | undefined {
    const row = this.db
      .prepare<[string, string, string], Row>(
        'SELECT * FROM attendance_intervals WHERE tenant_id = ? AND session_id = ? AND user_id = ? ORDER BY joined_at DESC, id DESC LIMIT 1',
      )
      .get(tenantId, sessionId, userId)
    return row && toInterval(row)
  }

  open(tenantId: string, sessionId: string, p: { userId: string; name: string; role: ParticipantRole }, at: string): number {
    return Number(
      this.db
        .prepare(
          'INSERT INTO attendance_intervals (tenant_id, session_id, user_id, name, role, joined_at, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(tenantId, sessionId, p.userId, p.name, p.role, at, at).lastInsertRowid,
    )
  }

  /** A reconnect within the grace period: the interval goes on. */
  reopen(id: number, at: string): void {
    this.db.prepare('UPDATE attendance_intervals SET left_at = NULL, seen_at = ? WHERE id = ?').run(at, id)
  }

  close(id: number, at: string): void {
    this.db.prepare('UPDATE attendance_intervals SET left_at = ?, seen_at = ? WHERE id = ? AND left_at IS NULL').run(at, at, id)
  }

  /** Everyone still connected was seen now. */
  heartbeat(at: string): void {
    this.db.prepare('UPDATE attendance_intervals SET seen_at = ? WHERE left_at IS NULL').run(at)
  }

  /** Intervals left open by a process that stopped without closing them end where it last saw them alive. */
  closeOpenAtLastSeen(): number {
    return this.db.prepare('UPDATE attendance_intervals SET left_at = seen_at WHERE left_at IS NULL').run().changes
  }

  /** On an orderly shutdown every open interval ends now. */
  closeAllOpen(at: string): void {
    this.db.prepare('UPDATE attendance_intervals SET left_at = ?, seen_at = ? WHERE left_at IS NULL').run(at, at)
  }

  /** Closed intervals whose grace period passed before `before`, whose left event is not recorded yet. */
  leavesDue(before: string): Array<AttendanceInterval & { tenantId: string; sessionId: string }> {
    return this.db
      .prepare<[string], Row>(
        'SELECT * FROM attendance_intervals WHERE left_recorded = 0 AND left_at IS NOT NULL AND left_at <= ? ORDER BY left_at',
      )
      .all(before)
      .map((r) => ({ ...toInterval(r), tenantId: r.tenant_id, sessionId: r.session_id }))
  }

  /** Answers whether this call marked it (so two sweeps never record the same leave twice). */
  markLeftRecorded(id: number): boolean {
    return this.db.prepare('UPDATE attendance_intervals SET left_recorded = 1 WHERE id = ? AND left_recorded = 0').run(id).changes === 1
  }

  forSession(tenantId: string, sessionId: string): AttendanceInterval[] {
    return this.db
      .prepare<[string, string], Row>('SELECT * FROM attendance_intervals WHERE tenant_id = ? AND session_id = ? ORDER BY joined_at, id')
      .all(tenantId, sessionId)
      .map(toInterval)
  }
}
