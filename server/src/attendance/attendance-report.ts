import { attendanceToleranceMinutes, type AttendanceEntry, type ParticipantRole, type Session } from '@hilink/protocol'
import type { AttendanceInterval } from '../db/attendance-repo.ts'

interface Invited {
  userId: string
  name: string
  role: ParticipantRole
}

const ms = (iso: string) => Date.parse(iso)

/**
 * Attendance of one session from its presence intervals: everyone invited (a token was minted) or present.
 * Time counts only while the lesson was live (waiting in the lobby is not attendance). Late: first joined more
 * than the tolerance after the lesson went live. Left early: gone more than the tolerance before its end (the
 * actual end, else the scheduled one). Absent: never present while it was live (never joined, before it starts).
 */
export function attendanceEntries(session: Session, invited: Invited[], intervals: AttendanceInterval[], now: number): AttendanceEntry[] {
  const tolerance = attendanceToleranceMinutes * 60_000
  const liveFrom = session.startedAt ? ms(session.startedAt) : undefined
  const liveUntil = session.endedAt ? ms(session.endedAt) : now
  const end = session.endedAt ? ms(session.endedAt) : ms(session.scheduledEnd)
  const people = new Map<string, Invited & { invited: boolean }>()
  for (const p of invited) people.set(p.userId, { ...p, invited: true })
  for (const i of intervals) if (!people.has(i.userId)) people.set(i.userId, { userId: i.userId, name: i.name, role: i.role, invited: false })

  const entries: AttendanceEntry[] = []
  for (const p of people.values()) {
    const mine = intervals.filter((i) => i.userId === p.userId)
    const present = mine.some((i) => i.leftAt === null)
    let presentMs = 0
    if (liveFrom !== undefined) {
      for (const i of mine) {
        const from = Math.max(ms(i.joinedAt), liveFrom)
        const until = Math.min(i.leftAt === null ? now : ms(i.leftAt), liveUntil)
        presentMs += Math.max(0, until - from)
      }
    }
    const firstJoin = mine.length ? mine.map((i) => i.joinedAt).sort()[0]! : null
    const lastLeave = present || !mine.length ? null : mine.map((i) => i.leftAt!).sort().at(-1)!
    entries.push({
      userId: p.userId,
      name: p.name,
      role: p.role,
      invited: p.invited,
      present,
      firstJoin,
      lastLeave,
      minutesPresent: Math.round(presentMs / 6000) / 10,
      late: liveFrom !== undefined && firstJoin !== null && ms(firstJoin) > liveFrom + tolerance,
      leftEarly: lastLeave !== null && ms(lastLeave) < end - tolerance,
      absent: liveFrom !== undefined ? presentMs === 0 && !(present && now >= liveFrom) : firstJoin === null,
    })
  }
  const rank = (r: ParticipantRole) => ['instructor', 'ta', 'learner', 'observer'].indexOf(r)
  return entries.sort((a, b) => rank(a.role) - rank(b.role) || a.name.localeCompare(b.name))
}
