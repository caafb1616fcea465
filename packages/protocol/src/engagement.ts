import { z } from 'zod'

/** The hand-raise queue in the `hands` map of the document (key: user id), server-authored. */
export const raisedHand = z.object({ userId: z.string(), name: z.string(), raisedAt: z.string() })
export type RaisedHand = z.infer<typeof raisedHand>

/** The queue from the `hands` map's values: first raised first; entries that are not hands are skipped. */
export function handQueue(values: Iterable<unknown>): RaisedHand[] {
  const hands: RaisedHand[] = []
  for (const value of values) {
    const parsed = raisedHand.safeParse(value)
    if (parsed.success) hands.push(parsed.data)
  }
  return hands.sort((a, b) => a.raisedAt.localeCompare(b.raisedAt) || a.userId.localeCompare(b.userId))
}

/** `PUT /sessions/:id/hand`: raise or lower one's own hand. */
export const handBody = z.strictObject({ raised: z.boolean() })
export const handParams = z.object({ id: z.uuid(), userId: z.string().min(1).max(200) })
export const handState = z.object({ raised: z.boolean(), queue: z.array(raisedHand) })

/**
 * Signals only a browser can see (ARCHITECTURE.md §5), sent to `POST /api/v1/events`. Actor and session come
 * from the token. `id` is the client's own id for the signal, so a queued signal sent twice counts once.
 */
export const clientSignalTypes = ['tab-hidden', 'tab-visible', 'window-blurred', 'window-focused', 'speaking-started', 'speaking-stopped'] as const
export type ClientSignalType = (typeof clientSignalTypes)[number]
export const clientSignalBody = z.strictObject({
  id: z.uuid(),
  type: z.enum(clientSignalTypes),
  /** When it happened, by the client's clock; signals queued while offline keep their time. */
  at: z.iso.datetime({ offset: true }),
})
export type ClientSignal = z.infer<typeof clientSignalBody>
export const clientSignalAccepted = z.object({ id: z.string(), recorded: z.boolean() })

/**
 * The live engagement panel's signals and their default weights (the score is their weighted mean, 0–100).
 * Each signal is a share between 0 and 1: present (not away), answered (of the polls asked), correct (of the
 * checks answered), hands, chat, whiteboard and speaking (capped at `engagementCaps`).
 */
export const engagementSignalNames = ['present', 'answered', 'correct', 'hands', 'chat', 'whiteboard', 'speaking'] as const
export type EngagementSignalName = (typeof engagementSignalNames)[number]
const weight = () => z.number().min(0).max(10)
// `speaking` came later: settings stored or sent without it keep working (its default weight applies).
export const engagementWeights = /* @__PURE__ */ z.object({
  ...(Object.fromEntries(engagementSignalNames.filter((n) => n !== 'speaking').map((n) => [n, weight()])) as Record<Exclude<EngagementSignalName, 'speaking'>, z.ZodNumber>),
  speaking: weight().optional(),
})
export type EngagementWeights = z.infer<typeof engagementWeights>
export const defaultEngagementWeights: Required<EngagementWeights> = { present: 2, answered: 3, correct: 2, hands: 1, chat: 1, whiteboard: 1, speaking: 1 }
/** How many hands, messages, board contributions or seconds of speaking make a full share. */
export const engagementCaps = { hands: 3, chat: 5, whiteboard: 5, speakingSeconds: 60 } as const
export const defaultIdleMinutes = 5

/** One learner in the live panel (staff only, never in the document). */
export const learnerLive = z.object({
  userId: z.string(),
  name: z.string(),
  /** Connected (joined and not left). */
  present: z.boolean(),
  /** Tab hidden or window blurred. */
  away: z.boolean(),
  lastInteractionAt: z.string().nullable(),
  hands: z.number().int().nonnegative(),
  chat: z.number().int().nonnegative(),
  pollsAnswered: z.number().int().nonnegative(),
  pollsAsked: z.number().int().nonnegative(),
  checksCorrect: z.number().int().nonnegative(),
  checksAnswered: z.number().int().nonnegative(),
  whiteboard: z.number().int().nonnegative(),
  /** Seconds this learner spoke in the AV room (LiveKit's speaker detection, reported by their own client). */
  speakingSeconds: z.number().int().nonnegative(),
  /** Interactions per minute, oldest first, ending with the current minute (10 minutes). */
  activity: z.array(z.number().int().nonnegative()),
  /** Each signal's share (0–1) that makes the score. */
  signals: z.record(z.string(), z.number()),
  score: z.number().min(0).max(100),
})
export type LearnerLive = z.infer<typeof learnerLive>
export const engagementLive = z.object({
  topic: z.literal('engagement'),
  learners: z.array(learnerLive),
  weights: engagementWeights,
  idleMinutes: z.number().int().positive(),
  /** Whether speaking time is measured: only when the server has audio/video (`not-measured` without AV). */
  speaking: z.enum(['measured', 'not-measured']),
})
export type EngagementLive = z.infer<typeof engagementLive>

/** `PUT /api/v1/engagement-settings` (admin key): the tenant's idle flag and score weights. */
export const engagementSettings = z.strictObject({
  idleMinutes: z.number().int().min(1).max(120),
  weights: engagementWeights.strict().refine((w) => Object.values(w).some((v) => v > 0), { message: 'at least one weight must be above 0' }),
})
export type EngagementSettings = z.infer<typeof engagementSettings>
