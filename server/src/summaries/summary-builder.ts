import type { PollResults, SummaryContent, SummaryLine, SummarySource, TranscriptSegment } from '@hilink/protocol'
import type { Participant } from '../db/participants-repo.ts'
import type { PollAnswer, PollRecord } from '../db/polls-repo.ts'
import { verbs, type XapiStatement } from '../events/statements.ts'
import { textRank } from './textrank.ts'
import { engagementSignals, type LearnerSignals } from './engagement-signals.ts'

/** How many transcript sentences the topics section keeps. */
const maxTopics = 6
/** A check is "most missed" when fewer than this share of answers were right; the summary names the worst few. */
const missedBelow = 0.7
const maxMissed = 3
/** Shorter stretches away from the tab are noise (a glance at another window), not a signal. */
const minAwayMs = 30_000
const maxEventIds = 50

export interface SummaryInput {
  segments: TranscriptSegment[]
  participants: Participant[]
  polls?: SummaryPoll[]
  /** The session's learning events (hand raises, tab signals…). */
  events?: XapiStatement[]
  /** The live window of the session, for time-based signals. */
  window?: { startMs: number; endMs: number }
}

const fromSegments = (segments: TranscriptSegment[]): SummarySource[] =>
  segments.length === 0
    ? []
    : [
        {
          kind: 'transcript',
          segmentIds: segments.map((s) => s.id).slice(0, maxEventIds),
          startMs: Math.min(...segments.map((s) => s.startMs)),
          endMs: Math.max(...segments.map((s) => s.endMs)),
        },
      ]
const fromEvents = (ids: string[]): SummarySource[] => (ids.length ? [{ kind: 'events', eventIds: ids.slice(0, maxEventIds) }] : [])
const fromPoll = (poll: PollRecord): SummarySource => ({ kind: 'poll', pollId: poll.id })

/** A poll of the session with its answers; an anonymous one has none, only its counts (no answer names anyone). */
export interface SummaryPoll {
  poll: PollRecord
  answers: PollAnswer[]
  results?: PollResults
}

/**
 * A check with several questions, as one check per question (its answers' option for that question), so that
 * scores, "most missed" and each learner's note count questions; a poll with one question stays as it is.
 */
function perQuestion(polls: SummaryPoll[]): SummaryPoll[] {
  return polls.flatMap((p) => {
    const items = p.poll.items ?? []
    if (items.length <= 1) return [p]
    return items.map((q, i) => ({
      poll: { ...p.poll, question: `${p.poll.question}: ${q.question}`, options: q.options, correctOption: q.correctOption, items: [q] },
      answers: p.answers.map((a) => ({ ...a, option: a.value && 'answers' in a.value ? (a.value.answers[i] ?? -1) : -1 })),
    }))
  })
}

/** The class-level line of an anonymous poll: counts only, per question for a check with several. */
function anonymousLine({ poll, results }: SummaryPoll): SummaryLine {
  const items = poll.items ?? [{ question: poll.question, options: poll.options, correctOption: poll.correctOption }]
  const perItem = results?.questions ?? [{ counts: results?.counts ?? [], correctOption: poll.correctOption }]
  const parts = items.map((q, i) => {
    const counts = perItem[i]?.counts ?? []
    const total = counts.reduce((a, b) => a + b, 0)
    const tally = q.correctOption !== null && q.correctOption !== undefined
      ? `${counts[q.correctOption] ?? 0} of ${plural(total, 'answer', 'answers')} correct`
      : q.options.map((o, oi) => `${o} ${counts[oi] ?? 0}`).join(', ')
    return items.length > 1 ? `“${q.question}” ${tally}` : tally
  })
  const what = poll.kind === 'check' ? 'check' : 'poll'
  return { text: `Anonymous ${what} “${poll.question}” (no learner named): ${parts.join('; ')}.`, sources: [fromPoll(poll)] }
}

const isQuestion = (text: string) => /\?\s*$/.test(text) || /^\s*(what|why|how|when|where|who|which|can|could|is|are|do|does)\b/i.test(text)
const minutes = (ms: number) => Math.round(ms / 60_000)
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`
const percent = (part: number, whole: number) => `${Math.round((100 * part) / whole)} %`
const aboutMinutes = (ms: number) => (ms < 60_000 ? 'less than a minute' : `about ${plural(minutes(ms), 'minute', 'minutes')}`)

interface CheckScore {
  poll: PollRecord
  answered: number
  correct: number
  /** The wrong option chosen most often, if any. */
  commonWrong: string | undefined
}

function scoreCheck(poll: PollRecord, answers: PollAnswer[], learnerIds: Set<string>): CheckScore {
  const learnerAnswers = answers.filter((a) => learnerIds.has(a.userId))
  const wrongCounts = new Map<number, number>()
  for (const a of learnerAnswers) if (a.option !== poll.correctOption) wrongCounts.set(a.option, (wrongCounts.get(a.option) ?? 0) + 1)
  const commonWrong = [...wrongCounts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]
  return {
    poll,
    answered: learnerAnswers.length,
    correct: learnerAnswers.filter((a) => a.option === poll.correctOption).length,
    commonWrong: commonWrong && poll.options[commonWrong[0]],
  }
}

/**
 * The lesson summary draft, built on the server from the transcript, attendance, polls and learning events.
 * Deterministic and explainable: every line names its sources (transcript segments, a participant's
 * attendance, a poll, learning events), so the instructor can check each one before approving.
 */
export function buildSummaryDraft(input: SummaryInput): SummaryContent {
  const { segments, participants, polls = [], events = [] } = input
  const roleOf = new Map(participants.map((p) => [p.userId, p.role]))
  const learners = participants.filter((p) => p.role === 'learner')
  const learnerIds = new Set(learners.map((p) => p.userId))
  const learnerSegments = segments.filter((s) => roleOf.get(s.speakerId) === 'learner')
  const signals = engagementSignals(events, input.window ?? { startMs: -Infinity, endMs: Infinity })
  const signalsOf = (userId: string): LearnerSignals | undefined => signals.get(userId)

  // Topics: the most central things said, in lesson order.
  const scores = textRank(segments.map((s) => s.text))
  const ranked = segments
    .map((segment, i) => ({ segment, score: scores[i] as number }))
    .filter(({ segment }) => segment.text.split(/\s+/).length >= 4)
    .sort((a, b) => b.score - a.score || a.segment.startMs - b.segment.startMs)
    .slice(0, maxTopics)
    .sort((a, b) => a.segment.startMs - b.segment.startMs)
  const topics: SummaryLine[] = ranked.map(({ segment }) => ({ text: segment.text, sources: fromSegments([segment]) }))

  // How learners responded: each poll and check, then spoken contributions and hands. Anonymous polls give
  // counts only; a check with several questions is scored per question.
  const named = polls.filter(({ poll }) => !poll.anonymous)
  const questionsOf = perQuestion(named)
  const checks = questionsOf.filter(({ poll }) => poll.kind === 'check').map(({ poll, answers }) => scoreCheck(poll, answers, learnerIds))
  const learnerResponse: SummaryLine[] = polls.map((p) => {
    const { poll, answers } = p
    if (poll.anonymous) return anonymousLine(p)
    const learnerAnswers = answers.filter((a) => learnerIds.has(a.userId))
    const answeredBy = `${learnerAnswers.length} of ${plural(learners.length, 'learner', 'learners')} answered`
    if (poll.kind === 'check' && (poll.items?.length ?? 1) > 1) {
      const perItem = (poll.items ?? []).map((q, i) => {
        const score = checks.find((c) => c.poll.id === poll.id && c.poll.question === `${poll.question}: ${q.question}`) as CheckScore
        return `“${q.question}” ${score.correct} of ${score.answered} correct`
      })
      return { text: `Check “${poll.question}” (${plural(perItem.length, 'question', 'questions')}): ${answeredBy}; ${perItem.join('; ')}.`, sources: [fromPoll(poll)] }
    }
    if (poll.kind === 'check') {
      const score = checks.find((c) => c.poll.id === poll.id) as CheckScore
      const right = score.answered ? `; ${score.correct} correct (${percent(score.correct, score.answered)})` : ''
      return { text: `Check “${poll.question}”: ${answeredBy}${right}.`, sources: [fromPoll(poll)] }
    }
    const counts = poll.options.map((option, i) => `${option} ${learnerAnswers.filter((a) => a.option === i).length}`)
    return { text: `Poll “${poll.question}”: ${answeredBy} (${counts.join(', ')}).`, sources: [fromPoll(poll)] }
  })
  if (polls.length === 0) learnerResponse.push({ text: 'No polls or comprehension checks were run in this session.', sources: [] })

  const speakers = new Map<string, TranscriptSegment[]>()
  for (const s of learnerSegments) speakers.set(s.speakerId, [...(speakers.get(s.speakerId) ?? []), s])
  const questions = learnerSegments.filter((s) => isQuestion(s.text))
  if (learnerSegments.length > 0) {
    learnerResponse.push({
      text: `${plural(speakers.size, 'learner', 'learners')} spoke, ${plural(learnerSegments.length, 'time', 'times')} in all; ${plural(questions.length, 'question', 'questions')} from learners.`,
      sources: fromSegments(learnerSegments),
    })
  }
  const raises = events
    .filter((e) => e.verb.id === verbs.raisedHand.id && learnerIds.has(e.actor.account.name))
    .sort((a, b) => a.timestamp.localeCompare(b.timestamp))
  if (raises.length > 0) {
    const raisers = new Set(raises.map((e) => e.actor.account.name)).size
    learnerResponse.push({
      text: `Hands went up ${plural(raises.length, 'time', 'times')}, from ${plural(raisers, 'learner', 'learners')}.`,
      sources: fromEvents(raises.map((e) => e.id)),
    })
  }

  // What needs reinforcement: the checks most missed, then what learners asked.
  const missed = checks
    .filter((c) => c.answered > 0 && c.correct / c.answered < missedBelow)
    .sort((a, b) => a.correct / a.answered - b.correct / b.answered || a.poll.launchedAt.localeCompare(b.poll.launchedAt))
    .slice(0, maxMissed)
  const reinforcement: SummaryLine[] = [
    ...missed.map((c) => ({
      text: `Most missed: “${c.poll.question}” (${c.correct} of ${c.answered} correct; the right answer is “${c.poll.options[c.poll.correctOption as number]}”${c.commonWrong ? `, the most common wrong answer “${c.commonWrong}”` : ''}).`,
      sources: [fromPoll(c.poll)],
    })),
    ...questions.map((q) => ({ text: `${q.speakerName} asked: “${q.text}”`, sources: fromSegments([q]) })),
  ]

  const present = learners.filter((p) => p.firstJoinedAt !== null)
  const absent = learners.filter((p) => p.firstJoinedAt === null)
  const attendance: SummaryLine[] = [
    {
      text: `${present.length} of ${plural(learners.length, 'learner', 'learners')} attended.`,
      sources: learners.map((p) => ({ kind: 'attendance' as const, userId: p.userId })),
    },
    ...absent.map((p) => ({ text: `${p.name} was absent.`, sources: [{ kind: 'attendance' as const, userId: p.userId }] })),
  ]

  const learnerNotes = learners.map((p) => ({
    userId: p.userId,
    name: p.name,
    notes: learnerNotesFor(p, speakers.get(p.userId) ?? [], questionsOf, signalsOf(p.userId)),
  }))

  return { topics, learnerResponse, reinforcement, attendance, learnerNotes }
}

function learnerNotesFor(
  p: Participant,
  said: TranscriptSegment[],
  polls: Array<{ poll: PollRecord; answers: PollAnswer[] }>,
  signals: LearnerSignals | undefined,
): SummaryLine[] {
  if (p.firstJoinedAt === null) {
    return [{ text: `${p.name} did not join this session.`, sources: [{ kind: 'attendance', userId: p.userId }] }]
  }
  const notes: SummaryLine[] = [
    { text: `${p.name} was present for about ${plural(minutes(p.presentMs), 'minute', 'minutes')}.`, sources: [{ kind: 'attendance', userId: p.userId }] },
  ]
  if (said.length > 0) {
    const asked = said.filter((s) => isQuestion(s.text))
    notes.push({
      text: `${p.name} spoke ${plural(said.length, 'time', 'times')}${asked.length ? ` and asked ${plural(asked.length, 'question', 'questions')}` : ''}.`,
      sources: fromSegments(said),
    })
  }
  const checks = polls.filter(({ poll }) => poll.kind === 'check')
  if (checks.length > 0) {
    const mine = checks.map(({ poll, answers }) => ({ poll, answer: answers.find((a) => a.userId === p.userId) }))
    const answered = mine.filter((m) => m.answer !== undefined)
    const right = answered.filter((m) => m.answer?.option === m.poll.correctOption)
    const wrong = answered.filter((m) => m.answer?.option !== m.poll.correctOption)
    const missedText = wrong.length ? `; missed ${wrong.map((m) => `“${m.poll.question}”`).join(', ')}` : ''
    notes.push({
      text:
        answered.length === 0
          ? `${p.name} answered none of the ${plural(checks.length, 'comprehension check', 'comprehension checks')}.`
          : `${p.name} answered ${right.length} of ${plural(checks.length, 'comprehension check', 'comprehension checks')} correctly${missedText}.`,
      sources: mine.map((m) => fromPoll(m.poll)),
    })
  }
  const opinionPolls = polls.filter(({ poll }) => poll.kind === 'poll')
  if (opinionPolls.length > 0) {
    const answered = opinionPolls.filter(({ answers }) => answers.some((a) => a.userId === p.userId))
    notes.push({
      text: `${p.name} answered ${answered.length} of ${plural(opinionPolls.length, 'poll', 'polls')}.`,
      sources: opinionPolls.map(({ poll }) => fromPoll(poll)),
    })
  }
  if (signals && signals.handRaiseIds.length > 0) {
    notes.push({ text: `${p.name} raised a hand ${plural(signals.handRaiseIds.length, 'time', 'times')}.`, sources: fromEvents(signals.handRaiseIds) })
  }
  if (signals && signals.boardShapes > 0) {
    notes.push({
      text: `${p.name} worked on the whiteboard (${plural(signals.boardShapes, 'shape', 'shapes')} drawn, changed or erased).`,
      sources: fromEvents(signals.boardEventIds),
    })
  }
  if (signals && signals.awayMs >= minAwayMs) {
    notes.push({
      text: `${p.name} was away from the lesson tab for ${aboutMinutes(signals.awayMs)} (${plural(signals.awayTimes, 'time', 'times')}).`,
      sources: fromEvents(signals.awayEventIds),
    })
  }
  return notes
}
