import { z } from 'zod'
import { pollKinds, pollStates, maxPollOptions, maxCheckQuestions, maxTextAnswer } from './values.ts'
export { pollKinds, pollStates, maxPollOptions, maxCheckQuestions, maxTextAnswer } from './values.ts'

export type PollKind = (typeof pollKinds)[number]
export type PollState = (typeof pollStates)[number]

export const trueFalseOptions = ['True', 'False']
/** A rating scale's options: '1' … 'scale'. */
export const ratingOptions = (scale: number) => Array.from({ length: scale }, (_, i) => String(i + 1))

const optionList = z.array(z.string().trim().min(1).max(200)).min(2).max(maxPollOptions)
const distinct = (options: string[]) => new Set(options.map((o) => o.toLowerCase())).size === options.length

/** One question of a multi-question check. */
export const checkQuestion = z
  .strictObject({ question: z.string().trim().min(1).max(500), options: optionList, correctOption: z.number().int().nonnegative() })
  .refine((q) => distinct(q.options), { message: 'options must be different from each other', path: ['options'] })
  .refine((q) => q.correctOption < q.options.length, { message: 'correctOption must be the index of one of the options', path: ['correctOption'] })

export const launchPollBody = z
  .strictObject({
    question: z.string().trim().min(1).max(500),
    /** Needed for `poll`, `multiple` and a one-question `check`; `truefalse` and `rating` bring theirs; `text` has none. */
    options: optionList.optional(),
    kind: z.enum(pollKinds).default('poll'),
    /** For checks (and optionally true/false): the index of the correct option. Never shown to learners before the reveal. */
    correctOption: z.number().int().nonnegative().optional(),
    /** A check with several questions (then `question` is its title and `options` is left out). */
    questions: z.array(checkQuestion).min(2).max(maxCheckQuestions).optional(),
    /** The server closes the poll this many seconds after launch (and re-arms the timer after a restart). */
    durationSeconds: z.number().int().min(5).max(3600).optional(),
    /** No per-learner answer is stored anywhere: only counts (and each learner's "has answered"). */
    anonymous: z.literal(true).optional(),
    /** For `rating`: the number of steps (default 5). */
    scale: z.number().int().min(3).max(10).optional(),
    /** `manual`: closing keeps the results from the room until staff reveal them (`POST …/reveal`). */
    reveal: z.enum(['onClose', 'manual']).default('onClose'),
  })
  .refine((b) => b.options === undefined || distinct(b.options), { message: 'options must be different from each other', path: ['options'] })
  .refine((b) => b.questions === undefined || b.kind === 'check', { message: 'questions are for checks only', path: ['questions'] })
  .refine((b) => !(b.questions && (b.options || b.correctOption !== undefined)), {
    message: 'a check with questions has its options and correctOption in each question',
    path: ['options'],
  })
  .refine((b) => (['poll', 'multiple'].includes(b.kind) || (b.kind === 'check' && !b.questions) ? b.options !== undefined : b.options === undefined), {
    message: 'options are needed for poll, multiple and a one-question check, and not allowed for truefalse, rating, text or a check with questions',
    path: ['options'],
  })
  .refine((b) => b.kind !== 'check' || b.questions !== undefined || b.correctOption !== undefined, {
    message: 'a check needs correctOption (or questions)',
    path: ['correctOption'],
  })
  .refine((b) => ['check', 'truefalse'].includes(b.kind) || b.correctOption === undefined, {
    message: 'only a check or a true/false question may have a correctOption',
    path: ['correctOption'],
  })
  .refine((b) => b.correctOption === undefined || b.correctOption < (b.kind === 'truefalse' ? 2 : (b.options?.length ?? 0)), {
    message: 'correctOption must be the index of one of the options',
    path: ['correctOption'],
  })
  .refine((b) => b.scale === undefined || b.kind === 'rating', { message: 'scale is for rating only', path: ['scale'] })
  .describe(
    'Options must differ from each other (ignoring case). A check needs correctOption, the index of one of the ' +
      'options, or `questions` (2–10, each with its own options and correctOption); other kinds but truefalse must not have one.',
  )
/** What a client sends (kind may be left out). */
export type LaunchPollBody = z.input<typeof launchPollBody>
/** The validated launch, with defaults applied. */
export type LaunchPoll = z.output<typeof launchPollBody>

/** One question as stored: a single-question poll has one; a multi-question check several. */
export const pollItem = z.object({ question: z.string(), options: z.array(z.string()), correctOption: z.number().int().nonnegative().nullable() })
export type PollItem = z.infer<typeof pollItem>

/** The questions a launch asks, with the options that truefalse and rating bring. */
export function itemsOf(body: LaunchPoll): PollItem[] {
  if (body.questions) return body.questions.map((q) => ({ question: q.question, options: q.options, correctOption: q.correctOption }))
  const options =
    body.kind === 'truefalse' ? trueFalseOptions : body.kind === 'rating' ? ratingOptions(body.scale ?? 5) : body.kind === 'text' ? [] : (body.options ?? [])
  return [{ question: body.question, options, correctOption: body.correctOption ?? null }]
}

/**
 * An answer: `{option}` for single choice, true/false, rating and a one-question check; `{options}` for
 * multiple choice; `{answers}` (one option per question) for a multi-question check; `{text}` for short text.
 */
export const answerPollBody = z.union([
  z.strictObject({ option: z.number().int().nonnegative().max(maxPollOptions - 1) }),
  z.strictObject({ options: z.array(z.number().int().nonnegative().max(maxPollOptions - 1)).min(1).max(maxPollOptions) }),
  z.strictObject({ answers: z.array(z.number().int().nonnegative().max(maxPollOptions - 1)).min(1).max(maxCheckQuestions) }),
  z.strictObject({ text: z.string().trim().min(1).max(maxTextAnswer) }),
])
export type AnswerPollBody = z.infer<typeof answerPollBody>

export const pollParams = z.object({ id: z.uuid(), pollId: z.uuid() })
export const pollTextParams = z.object({ id: z.uuid(), pollId: z.uuid(), answerId: z.uuid() })

/**
 * Moderation of a short-text answer: every answer waits (`pending`) until staff share it with the room or reject
 * it; a rejected answer is never shared (a learner who changes it sends a new answer, pending again).
 */
export const textModerations = ['pending', 'shared', 'rejected'] as const
export type TextModeration = (typeof textModerations)[number]
/** `PUT …/polls/:pollId/texts/:answerId`: `{status}`, or `{shared}` as before (true: shared, false: pending). */
export const moderateTextBody = /* @__PURE__ */ z.union([
  z.strictObject({ status: z.enum(textModerations) }),
  z.strictObject({ shared: z.boolean() }),
])
export type ModerateTextBody = z.infer<typeof moderateTextBody>

/** A short-text answer: staff see all; the room sees only the ones staff shared. Never with its author. */
export const pollText = /* @__PURE__ */ z.object({ id: z.string(), text: z.string(), shared: z.boolean(), status: z.enum(textModerations) })

/** Results, revealed to everyone when the poll closes (or when staff reveal them), and to instructors and TAs all along. */
export const pollResults = z.object({
  /** Answers per option of the first question, in option order. */
  counts: z.array(z.number().int().nonnegative()),
  /** The first question's correct option; null when it has none. */
  correctOption: z.number().int().nonnegative().nullable(),
  /** A multi-question check: counts and correct option per question. */
  questions: z.array(z.object({ counts: z.array(z.number().int().nonnegative()), correctOption: z.number().int().nonnegative().nullable() })).optional(),
  /** Short-text answers (the room's results hold only the shared ones). */
  texts: z.array(pollText).optional(),
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
  /** A multi-question check's questions (without their correct options); absent otherwise. */
  questions: z.array(z.object({ question: z.string(), options: z.array(z.string()) })).optional(),
  state: z.enum(pollStates),
  launchedAt: z.string(),
  closedAt: z.string().nullable(),
  /** When the server closes it (timed polls), else null; clients count down to it. */
  closesAt: z.string().nullable().optional(),
  anonymous: z.boolean().optional(),
  /** With `reveal: manual`: whether staff have revealed the results. */
  revealed: z.boolean().optional(),
  responses: z.number().int().nonnegative(),
  results: pollResults.nullable(),
})
export type PollView = z.infer<typeof pollView>

/** `GET /sessions/:id/polls`: instructors, TAs and admins get results; a learner gets their own answer. */
export const pollDetail = pollView.extend({
  /** The caller's own single-choice answer (participants who answer), else null. */
  myAnswer: z.number().int().nonnegative().nullable(),
  /** The caller's own answer in any form (null when none, or for anonymous polls only `answered`). */
  myResponse: z.union([answerPollBody, z.object({ answered: z.literal(true) })]).nullable().optional(),
})
export type PollDetail = z.infer<typeof pollDetail>
export const pollList = z.object({ polls: z.array(pollDetail) })

export const answerAccepted = z.object({ pollId: z.string(), option: z.number().int(), answeredAt: z.string() })

/** `GET …/polls/:pollId/results?format=csv|json`: counts per question and option, and short texts (never who). */
export const resultsExportQuery = z.object({ format: z.enum(['csv', 'json']).default('json') })
export const resultsExport = z.object({
  pollId: z.string(),
  kind: z.enum(pollKinds),
  question: z.string(),
  anonymous: z.boolean(),
  state: z.enum(pollStates),
  responses: z.number().int().nonnegative(),
  rows: z.array(z.object({ question: z.number().int(), questionText: z.string(), option: z.number().int(), optionText: z.string(), count: z.number().int(), correct: z.boolean().nullable() })),
  texts: z.array(z.string()),
})

/** The poll library of a course: launch bodies saved for reuse in later sessions. */
export const libraryEntryBody = z.strictObject({ title: z.string().trim().min(1).max(200), poll: launchPollBody })
export const libraryEntry = z.object({ id: z.string(), courseId: z.string(), title: z.string(), poll: launchPollBody, createdAt: z.string() })
export const libraryList = z.object({ entries: z.array(libraryEntry) })
export const libraryParams = z.object({ id: z.uuid(), entryId: z.uuid() })
