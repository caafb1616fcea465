import { z } from 'zod'

/** A figure and the learning events (statement ids) it was computed from: every number can be traced. */
const sourced = <T extends z.ZodType>(value: T) => z.object({ value, sources: z.array(z.string()) })

export const learnerEngagement = z.object({
  userId: z.string(),
  name: z.string(),
  presence: z.object({ minutesPresent: z.number(), absent: z.boolean(), late: z.boolean(), leftEarly: z.boolean(), sources: z.array(z.string()) }),
  awayMinutes: sourced(z.number()),
  handRaises: sourced(z.number().int()),
  chatMessages: sourced(z.number().int()),
  /** Polls and checks answered, of those asked. */
  pollsAnswered: sourced(z.number().int()),
  pollsAsked: z.number().int(),
  /** Checks answered correctly (last answer counts), of checks answered. */
  checksCorrect: sourced(z.number().int()),
  checksAnswered: sourced(z.number().int()),
  whiteboardShapes: sourced(z.number().int()),
})
export type LearnerEngagement = z.infer<typeof learnerEngagement>
export const engagementReport = z.object({ sessionId: z.string(), learners: z.array(learnerEngagement) })

export const atRiskQuery = z.object({
  /** Missed sessions (absent) among the learner's sessions that flag them; default 3. */
  missedSessions: z.coerce.number().int().min(1).max(50).optional(),
  /** A drop in check correctness (percentage points, recent half vs earlier half) that flags; default 30. */
  correctnessDrop: z.coerce.number().min(1).max(100).optional(),
  /** A drop in interactions per session (percent, recent half vs earlier half) that flags; default 50. */
  engagementDrop: z.coerce.number().min(1).max(100).optional(),
})
/** A tenant's own thresholds (`PUT /api/v1/learners/at-risk/thresholds`); query parameters override them per request. */
export const atRiskThresholds = z.strictObject({
  missedSessions: z.number().int().min(1).max(50),
  correctnessDrop: z.number().min(1).max(100),
  engagementDrop: z.number().min(1).max(100),
})
export const atRiskSignal = z.object({
  kind: z.enum(['missed_sessions', 'falling_correctness', 'declining_engagement']),
  detail: z.string(),
  sessions: z.array(z.string()),
  sources: z.array(z.string()),
})
export const atRiskLearner = z.object({ userId: z.string(), name: z.string(), courseId: z.string(), signals: z.array(atRiskSignal) })
export type AtRiskLearner = z.infer<typeof atRiskLearner>
export const atRiskReport = z.object({ learners: z.array(atRiskLearner) })

export const exceptionKinds = ['learner_no_show', 'instructor_no_show', 'ended_early', 'back_after_absence'] as const
export const hilinkException = z.object({
  id: z.string(),
  kind: z.enum(exceptionKinds),
  sessionId: z.string().nullable(),
  userId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  raisedAt: z.string(),
})
export type HilinkException = z.infer<typeof hilinkException>
export const exceptionList = z.object({ exceptions: z.array(hilinkException) })
