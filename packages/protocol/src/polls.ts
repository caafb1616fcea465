import { z } from 'zod'

/** A `poll` asks for opinions; a `check` (comprehension check) has one correct option and is scored. */
export const pollKinds = ['poll', 'check'] as const
export type PollKind = (typeof pollKinds)[number]
export const pollStates = ['open', 'closed'] as const
export type PollState = (typeof pollStates)[number]

export const maxPollOptions = 8

export const launchPollBody = z
  .strictObject({
    question: z.string().trim().min(1).max(500),
    options: z.array(z.string().trim().min(1).max(200)).min(2).max(maxPollOptions),
    kind: z.enum(pollKinds).default('poll'),
    /** For checks: the index of the correct option in `options`. Never shown to learners before the check closes. */
    correctOption: z.number().int().nonnegative().optional(),
  })
  .refine((b) => new Set(b.options.map((o) => o.toLowerCase())).size === b.options.length, {
    message: 'options must be different from each other',
    path: ['options'],
  })
  .refine((b) => (b.kind === 'check') === (b.correctOption !== undefined), {
    message: 'a check needs correctOption, and a poll must not have one',
    path: ['correctOption'],
  })
  .refine((b) => b.correctOption === undefined || b.correctOption < b.options.length, {
    message: 'correctOption must be the index of one of the options',
    path: ['correctOption'],
  })
  .describe(
    'Options must differ from each other (ignoring case). A check needs correctOption, the index of one of the ' +
      'options; a poll must not have one.',
  )
/** What a client sends (kind may be left out). */
export type LaunchPollBody = z.input<typeof launchPollBody>
/** The validated launch, with defaults applied. */
export type LaunchPoll = z.output<typeof launchPollBody>

export const answerPollBody = z.strictObject({ option: z.number().int().nonnegative().max(maxPollOptions - 1) })
export type AnswerPollBody = z.infer<typeof answerPollBody>

export const pollParams = z.object({ id: z.uuid(), pollId: z.uuid() })

/** Results, revealed to everyone when the poll closes (and to instructors and TAs all along). */
export const pollResults = z.object({
  /** Answers per option, in option order. */
  counts: z.array(z.number().int().nonnegative()),
  /** For checks; null for polls. */
  correctOption: z.number().int().nonnegative().nullable(),
})
export type PollResults = z.infer<typeof pollResults>

/**
 * A poll as the `polls` map of the document holds it (key: poll id), server-authored. While it is open the
 * room sees only how many answered: live counts would steer the answers and give a check away.
 */
export const pollView = z.object({
  id: z.string(),
  kind: z.enum(pollKinds),
  question: z.string(),
  options: z.array(z.string()),
  state: z.enum(pollStates),
  launchedAt: z.string(),
  closedAt: z.string().nullable(),
  responses: z.number().int().nonnegative(),
  results: pollResults.nullable(),
})
export type PollView = z.infer<typeof pollView>

/** `GET /sessions/:id/polls`: instructors, TAs and admins get results; a learner gets their own answer. */
export const pollDetail = pollView.extend({
  /** The caller's own answer (participants who answer), else null. */
  myAnswer: z.number().int().nonnegative().nullable(),
})
export type PollDetail = z.infer<typeof pollDetail>
export const pollList = z.object({ polls: z.array(pollDetail) })

export const answerAccepted = z.object({ pollId: z.string(), option: z.number().int(), answeredAt: z.string() })
