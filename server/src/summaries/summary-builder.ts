import type { SummaryContent, SummaryLine, TranscriptSegment } from '@hilink/protocol'
import type { Participant } from '../db/participants-repo.ts'
import { textRank } from './textrank.ts'

/** How many transcript sentences the topics section keeps. */
const maxTopics = 6

const fromSegments = (segments: TranscriptSegment[]): SummaryLine['sources'] =>
  segments.length === 0
    ? []
    : [
        {
          kind: 'transcript',
          segmentIds: segments.map((s) => s.id),
          startMs: Math.min(...segments.map((s) => s.startMs)),
          endMs: Math.max(...segments.map((s) => s.endMs)),
        },
      ]

const isQuestion = (text: string) => /\?\s*$/.test(text) || /^\s*(what|why|how|when|where|who|which|can|could|is|are|do|does)\b/i.test(text)
const minutes = (ms: number) => Math.round(ms / 60_000)
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/**
 * The lesson summary draft, built on the server from the transcript and attendance. Deterministic and
 * explainable: every line names its sources (transcript segments or a participant's attendance), so the
 * instructor can check each one before approving.
 */
export function buildSummaryDraft(segments: TranscriptSegment[], participants: Participant[]): SummaryContent {
  const roleOf = new Map(participants.map((p) => [p.userId, p.role]))
  const learners = participants.filter((p) => p.role === 'learner')
  const learnerSegments = segments.filter((s) => roleOf.get(s.speakerId) === 'learner')

  // Topics: the most central things said, in lesson order.
  const scores = textRank(segments.map((s) => s.text))
  const ranked = segments
    .map((segment, i) => ({ segment, score: scores[i] as number }))
    .filter(({ segment }) => segment.text.split(/\s+/).length >= 4)
    .sort((a, b) => b.score - a.score || a.segment.startMs - b.segment.startMs)
    .slice(0, maxTopics)
    .sort((a, b) => a.segment.startMs - b.segment.startMs)
  const topics: SummaryLine[] = ranked.map(({ segment }) => ({ text: segment.text, sources: fromSegments([segment]) }))

  const questions = learnerSegments.filter((s) => isQuestion(s.text))
  const reinforcement: SummaryLine[] = questions.map((q) => ({
    text: `${q.speakerName} asked: “${q.text}”`,
    sources: fromSegments([q]),
  }))

  const learnerResponse: SummaryLine[] = [
    {
      text: 'No polls or comprehension checks were run in this session.',
      sources: [],
    },
  ]
  const speakers = new Map<string, TranscriptSegment[]>()
  for (const s of learnerSegments) speakers.set(s.speakerId, [...(speakers.get(s.speakerId) ?? []), s])
  if (learnerSegments.length > 0) {
    learnerResponse.push({
      text: `${plural(speakers.size, 'learner', 'learners')} spoke, ${plural(learnerSegments.length, 'time', 'times')} in all; ${plural(questions.length, 'question', 'questions')} from learners.`,
      sources: fromSegments(learnerSegments),
    })
  }

  const present = learners.filter((p) => p.firstJoinedAt !== null)
  const absent = learners.filter((p) => p.firstJoinedAt === null)
  const attendance: SummaryLine[] = [
    {
      text: `${present.length} of ${plural(learners.length, 'learner', 'learners')} attended.`,
      sources: learners.map((p) => ({ kind: 'attendance' as const, userId: p.userId })),
    },
    ...absent.map((p) => ({ text: `${p.name} was absent.`, sources: [{ kind: 'attendance' as const, userId: p.userId }] })),
  ]

  const learnerNotes = learners.map((p) => {
    const said = speakers.get(p.userId) ?? []
    const asked = said.filter((s) => isQuestion(s.text))
    const notes: SummaryLine[] = [
      p.firstJoinedAt === null
        ? { text: `${p.name} did not join this session.`, sources: [{ kind: 'attendance', userId: p.userId }] }
        : {
            text: `${p.name} was present for about ${plural(minutes(p.presentMs), 'minute', 'minutes')}.`,
            sources: [{ kind: 'attendance', userId: p.userId }],
          },
    ]
    if (said.length > 0) {
      notes.push({
        text: `${p.name} spoke ${plural(said.length, 'time', 'times')}${asked.length ? ` and asked ${plural(asked.length, 'question', 'questions')}` : ''}.`,
        sources: fromSegments(said),
      })
    }
    return { userId: p.userId, name: p.name, notes }
  })

  return { topics, learnerResponse, reinforcement, attendance, learnerNotes }
}
