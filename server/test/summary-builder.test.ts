import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { TranscriptSegment } from '@hilink/protocol'
import { textRank } from '../src/summaries/textrank.ts'
import { buildSummaryDraft } from '../src/summaries/summary-builder.ts'
import type { Participant } from '../src/db/participants-repo.ts'

test('TextRank ranks the sentence that ties the others together first, the same way every time', () => {
  const sentences = [
    'Fractions have a numerator and a denominator.',
    'The denominator says into how many parts the whole is cut.',
    'The numerator counts the parts we take.',
    'Please close the window, it is cold.',
    'A fraction like three quarters has numerator three and denominator four.',
  ]
  const scores = textRank(sentences)
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]).map(([, i]) => i)
  assert.equal(order.at(-1), 3, 'the off-topic sentence ranks last')
  assert.ok(order.indexOf(4) < 2 || order.indexOf(0) < 2, `central sentences first: ${order}`)
  assert.deepEqual(textRank(sentences), scores)
  assert.deepEqual(textRank([]), [])
})

const segment = (id: string, speakerId: string, speakerName: string, startMs: number, text: string): TranscriptSegment => ({
  id,
  speakerId,
  speakerName,
  startMs,
  endMs: startMs + 2000,
  text,
})
const person = (userId: string, name: string, role: Participant['role'], joined: boolean, presentMs = 0): Participant => ({
  userId,
  name,
  role,
  firstJoinedAt: joined ? '2026-11-23T09:00:00Z' : null,
  presentMs,
  parentEmail: null,
})

test('the draft cites its sources: transcript segments for topics and questions, attendance for presence', () => {
  const segments = [
    segment('s1', 'ada', 'Ada', 0, 'Today we study how plants make sugar from sunlight.'),
    segment('s2', 'ada', 'Ada', 5_000, 'Photosynthesis happens in the leaves, inside the chloroplasts.'),
    segment('s3', 'grace', 'Grace', 9_000, 'Why are the leaves green?'),
    segment('s4', 'ada', 'Ada', 12_000, 'Chlorophyll in the chloroplasts absorbs red and blue sunlight.'),
  ]
  const draft = buildSummaryDraft(segments, [
    person('ada', 'Ada', 'instructor', true, 3_600_000),
    person('grace', 'Grace', 'learner', true, 45 * 60_000),
    person('alan', 'Alan', 'learner', false),
  ])
  assert.ok(draft.topics.length >= 2)
  for (const line of draft.topics) {
    const source = line.sources[0]
    assert.equal(source?.kind, 'transcript')
    assert.ok(source?.kind === 'transcript' && segments.some((s) => s.id === source.segmentIds[0] && s.text === line.text))
  }
  assert.deepEqual(draft.topics.map((t) => t.sources[0]?.kind === 'transcript' && t.sources[0].startMs), [...draft.topics.map((t) => t.sources[0]?.kind === 'transcript' && t.sources[0].startMs)].sort((a, b) => Number(a) - Number(b)))
  assert.deepEqual(draft.reinforcement, [
    { text: 'Grace asked: “Why are the leaves green?”', sources: [{ kind: 'transcript', segmentIds: ['s3'], startMs: 9_000, endMs: 11_000 }] },
  ])
  assert.deepEqual(draft.attendance.map((l) => l.text), ['1 of 2 learners attended.', 'Alan was absent.'])
  assert.deepEqual(draft.learnerNotes.find((n) => n.userId === 'grace')?.notes.map((n) => n.text), [
    'Grace was present for about 45 minutes.',
    'Grace spoke 1 time and asked 1 question.',
  ])
  assert.deepEqual(draft.learnerNotes.find((n) => n.userId === 'alan')?.notes.map((n) => n.text), ['Alan did not join this session.'])
})

test('a session with no transcript still gets an honest draft', () => {
  const draft = buildSummaryDraft([], [person('grace', 'Grace', 'learner', true, 60_000)])
  assert.deepEqual(draft.topics, [])
  assert.deepEqual(draft.reinforcement, [])
  assert.equal(draft.learnerResponse[0]?.text, 'No polls or comprehension checks were run in this session.')
  assert.equal(draft.attendance[0]?.text, '1 of 1 learner attended.')
})
