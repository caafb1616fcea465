import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { TranscriptSegment } from '@hilink/protocol'
import { textRank } from '../src/summaries/textrank.ts'
import { contributedVerb } from '../src/whiteboard/contributions.ts'
import { buildSummaryDraft } from '../src/summaries/summary-builder.ts'
import type { Participant } from '../src/db/participants-repo.ts'
import type { PollAnswer, PollRecord } from '../src/db/polls-repo.ts'
import { statement, verbs, type XapiStatement } from '../src/events/statements.ts'

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
  const draft = buildSummaryDraft({
    segments,
    participants: [
      person('ada', 'Ada', 'instructor', true, 3_600_000),
      person('grace', 'Grace', 'learner', true, 45 * 60_000),
      person('alan', 'Alan', 'learner', false),
    ],
  })
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
  const draft = buildSummaryDraft({ segments: [], participants: [person('grace', 'Grace', 'learner', true, 60_000)] })
  assert.deepEqual(draft.topics, [])
  assert.deepEqual(draft.reinforcement, [])
  assert.equal(draft.learnerResponse[0]?.text, 'No polls or comprehension checks were run in this session.')
  assert.equal(draft.attendance[0]?.text, '1 of 1 learner attended.')
})

const t0 = Date.parse('2026-11-23T09:00:00Z')
const at = (minute: number) => new Date(t0 + minute * 60_000).toISOString()
const poll = (id: string, question: string, options: string[], correctOption: number | null, minute: number): PollRecord => ({
  id,
  sessionId: 'sess',
  kind: correctOption === null ? 'poll' : 'check',
  question,
  options,
  correctOption,
  state: 'closed',
  launchedBy: 'ada',
  launchedAt: at(minute),
  closedAt: at(minute + 2),
})
const answer = (pollId: string, userId: string, option: number): PollAnswer => ({ pollId, userId, option, answeredAt: at(1) })
const event = (id: string, actor: string, verb: XapiStatement['verb'], minute: number): XapiStatement => ({
  ...statement({ tenantId: 't', sessionId: 'sess', actor: { id: actor, name: actor }, verb, object: { id: 'urn:x', name: 'x', type: 'urn:x' } }),
  id,
  timestamp: at(minute),
})

test('polls, checks, hand raises and time away from the tab become lines that cite the poll or the events', () => {
  const participants = [
    person('ada', 'Ada', 'instructor', true, 3_600_000),
    person('grace', 'Grace', 'learner', true, 60 * 60_000),
    person('alan', 'Alan', 'learner', true, 60 * 60_000),
    person('kat', 'Kat', 'learner', true, 60 * 60_000),
  ]
  const polls = [
    { poll: poll('p1', 'How sure do you feel?', ['Very', 'A bit'], null, 5), answers: [answer('p1', 'grace', 0), answer('p1', 'alan', 1)] },
    // Two checks: the second is missed by most learners; the instructor's own answer is not counted.
    { poll: poll('c1', 'What is 1/2 + 1/4?', ['3/4', '2/6'], 0, 10), answers: [answer('c1', 'grace', 0), answer('c1', 'alan', 0), answer('c1', 'kat', 1)] },
    {
      poll: poll('c2', 'Which is larger, 2/3 or 3/5?', ['2/3', '3/5', 'Equal'], 0, 20),
      answers: [answer('c2', 'grace', 0), answer('c2', 'alan', 1), answer('c2', 'kat', 1), answer('c2', 'ada', 0)],
    },
  ]
  const events = [
    event('e1', 'kat', verbs.raisedHand, 12),
    event('e2', 'kat', verbs.raisedHand, 25),
    event('e3', 'grace', verbs.raisedHand, 30),
    // Alan hides the tab twice (3 and 2 minutes); the second time he is still away when the lesson ends.
    event('e4', 'alan', verbs.tabHidden, 40),
    event('e5', 'alan', verbs.tabVisible, 43),
    event('e6', 'alan', verbs.tabHidden, 58),
    // Grace glances away for 10 seconds: not worth a line. Kat hid the tab before the lesson started.
    event('e7', 'grace', verbs.tabHidden, 50),
    event('e8', 'grace', verbs.tabVisible, 50 + 1 / 6),
    event('e9', 'kat', verbs.tabHidden, -10),
    event('e10', 'kat', verbs.tabVisible, -5),
  ]
  const draft = buildSummaryDraft({ segments: [], participants, polls, events, window: { startMs: t0, endMs: t0 + 60 * 60_000 } })

  assert.deepEqual(draft.learnerResponse, [
    { text: 'Poll “How sure do you feel?”: 2 of 3 learners answered (Very 1, A bit 1).', sources: [{ kind: 'poll', pollId: 'p1' }] },
    { text: 'Check “What is 1/2 + 1/4?”: 3 of 3 learners answered; 2 correct (67 %).', sources: [{ kind: 'poll', pollId: 'c1' }] },
    { text: 'Check “Which is larger, 2/3 or 3/5?”: 3 of 3 learners answered; 1 correct (33 %).', sources: [{ kind: 'poll', pollId: 'c2' }] },
    { text: 'Hands went up 3 times, from 2 learners.', sources: [{ kind: 'events', eventIds: ['e1', 'e2', 'e3'] }] },
  ])
  assert.deepEqual(draft.reinforcement.map((l) => l.text), [
    'Most missed: “Which is larger, 2/3 or 3/5?” (1 of 3 correct; the right answer is “2/3”, the most common wrong answer “3/5”).',
    'Most missed: “What is 1/2 + 1/4?” (2 of 3 correct; the right answer is “3/4”, the most common wrong answer “2/6”).',
  ])
  const notes = (id: string) => draft.learnerNotes.find((n) => n.userId === id)?.notes ?? []
  assert.deepEqual(notes('alan').map((n) => n.text), [
    'Alan was present for about 60 minutes.',
    'Alan answered 1 of 2 comprehension checks correctly; missed “Which is larger, 2/3 or 3/5?”.',
    'Alan answered 1 of 1 poll.',
    'Alan was away from the lesson tab for about 5 minutes (2 times).',
  ])
  assert.deepEqual(notes('alan').at(-1)?.sources, [{ kind: 'events', eventIds: ['e4', 'e5', 'e6'] }])
  assert.deepEqual(notes('kat').map((n) => n.text), [
    'Kat was present for about 60 minutes.',
    'Kat answered 0 of 2 comprehension checks correctly; missed “What is 1/2 + 1/4?”, “Which is larger, 2/3 or 3/5?”.',
    'Kat answered 0 of 1 poll.',
    'Kat raised a hand 2 times.',
  ])
  assert.deepEqual(notes('grace').map((n) => n.text), [
    'Grace was present for about 60 minutes.',
    'Grace answered 2 of 2 comprehension checks correctly.',
    'Grace answered 1 of 1 poll.',
    'Grace raised a hand 1 time.',
  ])
})

test('whiteboard contributions, summed per minute, become a line per learner that cites the contribution events', () => {
  const participants = [person('grace', 'Grace', 'learner', true, 60 * 60_000), person('alan', 'Alan', 'learner', true, 60 * 60_000)]
  const contribution = (id: string, actor: string, minute: number, created: number, changed: number, deleted: number): XapiStatement => ({
    ...event(id, actor, contributedVerb, minute),
    result: {
      extensions: { 'urn:hilink:xapi:shapes-created': created, 'urn:hilink:xapi:shapes-changed': changed, 'urn:hilink:xapi:shapes-deleted': deleted },
    },
  })
  const events = [contribution('w1', 'grace', 5, 2, 10, 0), contribution('w2', 'grace', 6, 1, 0, 1), contribution('w3', 'alan', 7, 0, 0, 0)]
  const draft = buildSummaryDraft({ segments: [], participants, polls: [], events, window: { startMs: t0, endMs: t0 + 60 * 60_000 } })
  const notes = (id: string) => draft.learnerNotes.find((n) => n.userId === id)?.notes ?? []
  const board = notes('grace').find((n) => n.text.includes('whiteboard'))
  assert.equal(board?.text, 'Grace worked on the whiteboard (14 shapes drawn, changed or erased).')
  assert.deepEqual(board?.sources, [{ kind: 'events', eventIds: ['w1', 'w2'] }])
  assert.equal(notes('alan').some((n) => n.text.includes('whiteboard')), false, 'an empty minute is no contribution')
})

test('a check nobody answered is reported as such, and is not "most missed"', () => {
  const draft = buildSummaryDraft({
    segments: [],
    participants: [person('grace', 'Grace', 'learner', true, 60_000)],
    polls: [{ poll: poll('c1', 'What is a noun?', ['A word for a thing', 'A colour'], 0, 1), answers: [] }],
  })
  assert.deepEqual(draft.learnerResponse.map((l) => l.text), ['Check “What is a noun?”: 0 of 1 learner answered.'])
  assert.deepEqual(draft.reinforcement, [])
  assert.equal(draft.learnerNotes[0]?.notes[1]?.text, 'Grace answered none of the 1 comprehension check.')
})
