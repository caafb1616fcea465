import { test } from 'node:test'
import assert from 'node:assert/strict'
import { answerPollBody, itemsOf, launchPollBody, maxTextAnswer } from './polls.ts'
import { liveMessage } from './live.ts'
import { clientSignalBody, defaultEngagementWeights } from './engagement.ts'

test('launch bodies: today’s fields still parse; new kinds bring their options; bad combinations are refused with the field named', () => {
  assert.deepEqual(itemsOf(launchPollBody.parse({ question: 'Q', options: ['a', 'b'] })), [{ question: 'Q', options: ['a', 'b'], correctOption: null }])
  assert.deepEqual(itemsOf(launchPollBody.parse({ question: 'Q', kind: 'truefalse' }))[0]?.options, ['True', 'False'])
  assert.deepEqual(itemsOf(launchPollBody.parse({ question: 'Q', kind: 'rating' }))[0]?.options, ['1', '2', '3', '4', '5'])
  assert.deepEqual(itemsOf(launchPollBody.parse({ question: 'Q', kind: 'text' }))[0]?.options, [])
  const check = launchPollBody.parse({ question: 'Check', kind: 'check', durationSeconds: 60, anonymous: true, questions: [
    { question: 'a', options: ['x', 'y'], correctOption: 1 },
    { question: 'b', options: ['x', 'y'], correctOption: 0 },
  ] })
  assert.equal(itemsOf(check).length, 2)
  assert.equal(check.reveal, 'onClose')
  const refused: Array<[unknown, string]> = [
    [{ question: 'Q', kind: 'text', options: ['a', 'b'] }, 'options'],
    [{ question: 'Q', kind: 'multiple', options: ['a', 'b'], correctOption: 0 }, 'correctOption'],
    [{ question: 'Q', kind: 'poll', options: ['a', 'b'], questions: [] }, 'questions'],
    [{ question: 'Q', kind: 'truefalse', correctOption: 2 }, 'correctOption'],
    [{ question: 'Q', options: ['a', 'b'], anonymous: false }, 'anonymous'],
    [{ question: 'Q', options: ['a', 'b'], durationSeconds: 1 }, 'durationSeconds'],
    [{ question: 'Q', kind: 'poll', options: ['a', 'b'], scale: 4 }, 'scale'],
  ]
  for (const [body, field] of refused) {
    const parsed = launchPollBody.safeParse(body)
    assert.equal(parsed.success, false, JSON.stringify(body))
    assert.ok(parsed.error?.issues.some((i) => i.path.includes(field)), `${JSON.stringify(body)}: ${JSON.stringify(parsed.error?.issues)}`)
  }
})

test('answers: one of four forms, short text trimmed and at most 500 characters', () => {
  for (const ok of [{ option: 0 }, { options: [0, 2] }, { answers: [1, 0, 1] }, { text: ' hi ' }]) assert.equal(answerPollBody.safeParse(ok).success, true)
  assert.deepEqual(answerPollBody.parse({ text: ' hi ' }), { text: 'hi' })
  for (const bad of [{}, { option: -1 }, { text: 'x'.repeat(maxTextAnswer + 1) }, { text: '   ' }, { option: 0, text: 'x' }, { options: [] }]) {
    assert.equal(answerPollBody.safeParse(bad).success, false, JSON.stringify(bad))
  }
})

test('live messages: poll results and engagement parse, anything else does not; focus signals are client signals', () => {
  assert.equal(liveMessage.safeParse({ topic: 'engagement', learners: [], weights: defaultEngagementWeights, idleMinutes: 5, speaking: 'not-measured' }).success, true)
  assert.equal(liveMessage.safeParse({ topic: 'engagement', learners: [{ userId: 'x' }], weights: defaultEngagementWeights, idleMinutes: 5, speaking: 'not-measured' }).success, false)
  assert.equal(liveMessage.safeParse({ topic: 'poll.results', pollId: 'p', results: { counts: [1], correctOption: null } }).success, true)
  for (const type of ['window-blurred', 'window-focused']) {
    assert.equal(clientSignalBody.safeParse({ id: crypto.randomUUID(), type, at: new Date().toISOString() }).success, true)
  }
})
