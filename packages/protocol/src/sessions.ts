import { z } from 'zod'
import { participantRoles } from './roles.ts'
import { sessionStates } from './values.ts'
export { sessionStates } from './values.ts'

/** Text for one line: runs of control characters and whitespace become one space, ends trimmed. */
export function oneLine(text: string): string {
  return text.replace(/[\s\p{Cc}]+/gu, ' ').trim()
}

const isoDateTime = z.iso.datetime({ offset: true })

export type SessionState = (typeof sessionStates)[number]

export const createSessionBody = z
  .strictObject({
    title: z.string().trim().min(1).max(200),
    scheduledStart: isoDateTime,
    scheduledEnd: isoDateTime,
    courseId: z.string().trim().min(1).max(200),
    instructorId: z.string().trim().min(1).max(200),
  })
  .refine((b) => Date.parse(b.scheduledEnd) > Date.parse(b.scheduledStart), {
    message: 'scheduledEnd must be after scheduledStart',
    path: ['scheduledEnd'],
  })
  .describe('scheduledEnd must be after scheduledStart.')
export type CreateSessionBody = z.infer<typeof createSessionBody>

export const session = z.object({
  id: z.string(),
  title: z.string(),
  courseId: z.string(),
  instructorId: z.string(),
  scheduledStart: z.string(),
  scheduledEnd: z.string(),
  state: z.enum(sessionStates),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  createdAt: z.string(),
  /** Transcription of this session: on by default (and announced in the room); learners' audio off by default. */
  transcription: z.object({ enabled: z.boolean(), learners: z.boolean() }),
})
export type Session = z.infer<typeof session>

/** `GET /sessions`: one page, newest scheduled first; `cursor` from the previous page's `nextCursor`. */
export const sessionListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
})
export const sessionList = z.object({
  sessions: z.array(session),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
})

export const mintTokenBody = z.strictObject({
  userId: z.string().trim().min(1).max(200),
  /** A display name on one line: control characters (CR, LF, tabs…) become spaces, so no rendering can break on them. */
  name: z
    .string()
    .transform((n) => oneLine(n))
    .pipe(z.string().min(1).max(200)),
  role: z.enum(participantRoles),
  /** Tokens are short-lived: at most 12 hours, default 2 hours. */
  // 30 s at least: short enough for tests of expiry, long enough for a host to hand the token over.
  ttlSeconds: z.number().int().min(30).max(12 * 3600).optional(),
  /** For learners: where the parent recap goes once the instructor approves the summary (when SMTP is set up). */
  parentEmail: z.email().max(320).optional(),
})
export type MintTokenBody = z.infer<typeof mintTokenBody>

export const mintedToken = z.object({ token: z.string(), expiresAt: z.string() })
export type MintedToken = z.infer<typeof mintedToken>

export const sessionIdParam = z.object({ id: z.uuid() })

/** Claims of a participant token (a JWT signed by the server). */
export const participantClaims = z.object({
  sub: z.string(),
  name: z.string(),
  role: z.enum(participantRoles),
  session: z.string(),
  tenant: z.string(),
  exp: z.number(),
})
export type ParticipantClaims = z.infer<typeof participantClaims>
