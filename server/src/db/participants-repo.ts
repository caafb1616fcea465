import type { ParticipantRole } from '@hilink/protocol'
import type { Db } from './connection.ts'

export interface Participant {
  userId: string
  name: string
  role: ParticipantRole
  firstJoinedAt: string | null
  presentMs: number
  parentEmail: string | null
}

/** Who was invited to a session (a token was minted for them) and how long each was present. */
export class ParticipantsRepo {
  constructor(private readonly db: Db) {}

  invite(
    tenantId: string,
    sessionId: string,
    p: { userId: string; name: string; role: ParticipantRole; parentEmail?: string | undefined },
  ): void {
    this.db
      .prepare(
        `INSERT INTO participants (tenant_id, session_id, user_id, name, role, parent_email) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, session_id, user_id) DO UPDATE SET name = excluded.name, role = excluded.role,
           parent_email = COALESCE(excluded.parent_email, participants.parent_email)`,
      )
      .run(tenantId, sessionId, p.userId, p.name, p.role, p.parentEmail ?? null)
  }

  joined(tenantId: string, sessionId: string, userId: string, at: Date): void {
    this.db
      .prepare(
        `UPDATE participants SET first_joined_at = COALESCE(first_joined_at, ?)
         WHERE tenant_id = ? AND session_id = ? AND user_id = ?`,
      )
      .run(at.toISOString(), tenantId, sessionId, userId)
  }

  list(tenantId: string, sessionId: string): Participant[] {
    return this.db
      .prepare<
        [{ tenantId: string; sessionId: string; now: string }],
        { user_id: string; name: string; role: ParticipantRole; first_joined_at: string | null; present_ms: number; parent_email: string | null }
      >(
        // Time present comes from the durable attendance intervals (the column present_ms of migration 1 is no
        // longer written): only while the lesson was live, open intervals up to now.
        `SELECT p.user_id, p.name, p.role, p.first_joined_at, p.parent_email,
           COALESCE((SELECT SUM(MAX(0, CAST(ROUND((julianday(MIN(COALESCE(a.left_at, @now), COALESCE(s.ended_at, @now)))
                                - julianday(MAX(a.joined_at, s.started_at))) * 86400000) AS INTEGER)))
                     FROM attendance_intervals a JOIN sessions s ON s.id = a.session_id
                     WHERE a.tenant_id = p.tenant_id AND a.session_id = p.session_id AND a.user_id = p.user_id
                       AND s.started_at IS NOT NULL), 0) AS present_ms
         FROM participants p WHERE p.tenant_id = @tenantId AND p.session_id = @sessionId ORDER BY p.name`,
      )
      .all({ tenantId, sessionId, now: new Date().toISOString() })
      .map((r) => ({
        userId: r.user_id,
        name: r.name,
        role: r.role,
        firstJoinedAt: r.first_joined_at,
        presentMs: r.present_ms,
        parentEmail: r.parent_email,
      }))
  }
}
