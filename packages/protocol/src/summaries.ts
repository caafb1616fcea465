import { z } from 'zod'

/** Where a summary line comes from, so every line can be checked against its source. */
export const summarySource = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('transcript'),
    segmentIds: z.array(z.string()).max(50),
    startMs: z.number().int().nonnegative(),
    endMs: z.number().int().nonnegative(),
  }),
  z.object({ kind: z.literal('attendance'), userId: z.string() }),
  /** A poll or comprehension check and its stored answers. */
  z.object({ kind: z.literal('poll'), pollId: z.string() }),
  /** Learning events (statement ids), e.g. hand raises or time away from the lesson tab. */
  z.object({ kind: z.literal('events'), eventIds: z.array(z.string()).max(50) }),
  z.object({ kind: z.literal('instructor') }),
])
export type SummarySource = z.infer<typeof summarySource>

export const summaryLine = z.object({ text: z.string().trim().min(1).max(2000), sources: z.array(summarySource).max(50) })
export type SummaryLine = z.infer<typeof summaryLine>

const lines = z.array(summaryLine).max(50)

export const summaryContent = z.object({
  /** Topics covered: the transcript's most central sentences, in lesson order. */
  topics: lines,
  /** How learners responded: polls and comprehension checks, learner contributions. */
  learnerResponse: lines,
  /** What needs reinforcement: questions learners asked, questions most missed. */
  reinforcement: lines,
  attendance: lines,
  learnerNotes: z.array(z.object({ userId: z.string(), name: z.string(), notes: lines })).max(500),
})
export type SummaryContent = z.infer<typeof summaryContent>

export const summaryStatuses = ['draft', 'approved'] as const
export const summary = z.object({
  sessionId: z.string(),
  status: z.enum(summaryStatuses),
  content: summaryContent,
  updatedAt: z.string(),
  approvedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  /** How approved recaps reach parents: e-mailed (a mail server is configured) or only stored for the school. */
  recapDelivery: z.enum(['email', 'stored']).optional(),
})
export type Summary = z.infer<typeof summary>

export const putSummaryBody = z.strictObject({ content: summaryContent })

/** The recap a learner's parents receive, only after the instructor approved the summary. */
export const recap = z.object({
  id: z.string(),
  sessionId: z.string(),
  learnerId: z.string(),
  learnerName: z.string(),
  attended: z.boolean(),
  minutesPresent: z.number().int().nonnegative(),
  notes: z.array(summaryLine),
  classSummary: z.object({ topics: z.array(summaryLine), reinforcement: z.array(summaryLine) }),
  createdAt: z.string(),
})
export type Recap = z.infer<typeof recap>
export const recapList = z.object({ recaps: z.array(recap) })

/** What the next instructor of a course reads before the next session. */
export const courseBrief = z.object({
  courseId: z.string(),
  basedOn: z.array(z.object({ sessionId: z.string(), title: z.string(), endedAt: z.string().nullable() })),
  lastTopics: z.array(summaryLine),
  reinforce: z.array(summaryLine),
  followUp: z.array(summaryLine),
})
export type CourseBrief = z.infer<typeof courseBrief>
export const courseIdParam = z.object({ id: z.string().min(1).max(200) })
