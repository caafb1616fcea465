import { test } from 'node:test'
import assert from 'node:assert/strict'
import { defaultEngagementWeights, type LearnerLive } from '@hilink/protocol'
import { LiveChannel } from './live-channel.ts'
import { EngagementModel } from './engagement-model.ts'

const row = (userId: string, score: number, lastInteractionAt: string | null, away = false): LearnerLive => ({
  userId, name: userId, present: true, away, lastInteractionAt, hands: 0, chat: 0, pollsAnswered: 0, pollsAsked: 0,
  checksCorrect: 0, checksAnswered: 0, whiteboard: 0, speakingSeconds: 0, activity: Array(10).fill(0), signals: { present: away ? 0 : 1 }, score,
})
const message = (learners: LearnerLive[]) =>
  JSON.stringify({ topic: 'engagement', learners, weights: defaultEngagementWeights, idleMinutes: 5, speaking: 'not-measured' })

test('the panel model takes the engagement topic from the live channel, sorts, and flags no interaction for N minutes', () => {
  const channel = new LiveChannel()
  const model = new EngagementModel(channel)
  let changes = 0
  model.subscribe(() => changes++)
  assert.equal(model.ready, false)
  const now = Date.parse('2026-11-25T10:00:00Z')
  assert.equal(channel.receive(message([row('zoe', 80, '2026-11-25T09:59:00Z'), row('ann', 20, '2026-11-25T09:50:00Z', true), row('max', 50, null)])), true)
  assert.equal(model.ready, true)
  assert.equal(changes, 1)
  assert.deepEqual(model.learners().map((l) => l.userId), ['ann', 'max', 'zoe'], 'lowest score first by default')
  model.sort('score')
  assert.deepEqual(model.learners().map((l) => l.userId), ['zoe', 'max', 'ann'], 'the same key again reverses')
  model.sort('name')
  assert.deepEqual(model.learners().map((l) => l.userId), ['ann', 'max', 'zoe'])
  model.sort('away')
  assert.equal(model.learners()[0]?.userId, 'ann', 'away first')
  const [ann, max, zoe] = ['ann', 'max', 'zoe'].map((id) => model.learners().find((l) => l.userId === id) as LearnerLive)
  assert.equal(model.idle(ann!, now), true, '10 minutes without interaction with N = 5')
  assert.equal(model.idle(zoe!, now), false)
  assert.equal(model.idle(max!, now, now - 6 * 60_000), true, 'never interacted, counted from when the panel began watching')
  assert.equal(model.weights?.answered, defaultEngagementWeights.answered)
  // A late model (the panel opened after the message) starts from the latest figures.
  const late = new EngagementModel(channel)
  late.subscribe(() => {})
  assert.equal(late.learners().length, 3)
  model.destroy()
  late.destroy()
})

test('without a live channel (learners, observers) the model stays empty', () => {
  const model = new EngagementModel()
  model.subscribe(() => {})
  assert.equal(model.ready, false)
  assert.deepEqual(model.learners(), [])
})
