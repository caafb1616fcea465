import { z } from 'zod'
import { participantRoles } from './roles.ts'

/** A reconnect within this many seconds of a drop counts as continuous presence. */
export const attendanceGraceSeconds = 30
/** Joining this many minutes after the lesson went live is late; leaving this long before its end is early. */
export const attendanceToleranceMinutes = 5

export const attendanceEntry = z.object({
  userId: z.string(),
  name: z.string(),
  role: z.enum(participantRoles),
  /** A token was minted for them. */
  invited: z.boolean(),
  /** Connected right now. */
  present: z.boolean(),
  firstJoin: z.string().nullable(),
  /** The end of their last presence (null while present or when never joined). */
  lastLeave: z.string().nullable(),
  /** Time present while the lesson was live, in minutes (one decimal). */
  minutesPresent: z.number().nonnegative(),
  late: z.boolean(),
  leftEarly: z.boolean(),
  absent: z.boolean(),
})
export type AttendanceEntry = z.infer<typeof attendanceEntry>

export const attendanceReport = z.object({
  sessionId: z.string(),
  graceSeconds: z.number().int(),
  participants: z.array(attendanceEntry),
})
export type AttendanceReport = z.infer<typeof attendanceReport>
