import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as decoding from 'lib0/decoding'
import { defaultEngagementWeights, liveMessageType, type EngagementLive, type LiveMessage } from '@hilink/protocol'
import { adminKey, liveClass, otherTenantKey, useTestServer } from './helpers/test-server.ts'
import { RawSyncSocket, closeAllRawSockets } from './helpers/raw-socket.ts'
import { waitFor, sleep } from './helpers/sync-client.ts'
import { assertValidStatements } from './helpers/xapi-check.ts'

/**
 * The live engagement panel's data: computed on the server from learning events as they are recorded, sent as
 * `engagement` live messages to instructors and TAs only (checked on the wire), never to learners or observers.
 */
const testServer = useTestServer(() => closeAllRawSockets())

function engagementOf(socket: RawSyncSocket): EngagementLive[] {
  const out: EngagementLive[] = []
  for (const bytes of socket.received) {
    const decoder = decoding.createDecoder(bytes)
    if (decoding.readVarUint(decoder) !== liveMessageType) continue
    const m = JSON.parse(decoding.readVarString(decoder)) as LiveMessage
    if (m.topic === 'engagement') out.push(m)
  }
  return out
}
const liveFrames = (socket: RawSyncSocket) => socket.received.filter((b) => decoding.readVarUint(decoding.createDecoder(b)) === liveMessageType).length

async function joined(sessionId: string, token: string): Promise<RawSyncSocket> {
  const socket = new RawSyncSocket(testServer().url, sessionId, token)
  await socket.opened()
  await waitFor(() => socket.received.length > 0)
  return socket
}

const learner = (socket: RawSyncSocket, userId: string) => engagementOf(socket).at(-1)?.learners.find((l) => l.userId === userId)

test('staff see each learner live: present/away from tab and focus signals within 2 s, answers, correctness, hands; learners and observers get nothing', async () => {
  const s = testServer()
  const { sessionId, tokens, api } = await liveClass(s)
  const ada = await joined(sessionId, tokens.ada)
  const tom = await joined(sessionId, tokens.tom)
  const grace = await joined(sessionId, tokens.grace)
  const alan = await joined(sessionId, tokens.alan)
  const olga = await joined(sessionId, tokens.olga)
  await waitFor(() => learner(ada, 'grace')?.present === true && learner(ada, 'alan')?.present === true, 2000, 'both learners present')
  assert.equal(learner(ada, 'ada'), undefined, 'staff are not rows of the panel')

  const signal = (token: string, type: string) =>
    s.api('POST', '/api/v1/events', { auth: token, body: { id: crypto.randomUUID(), type, at: new Date().toISOString() } })
  let t0 = Date.now()
  assert.equal((await signal(tokens.grace, 'tab-hidden')).status, 202)
  await waitFor(() => learner(ada, 'grace')?.away === true && learner(tom, 'grace')?.away === true, 2000, 'away within 2 s')
  assert.ok(Date.now() - t0 < 2000)
  assert.equal(learner(ada, 'grace')?.signals.present, 0, 'away counts as not present in the score')
  t0 = Date.now()
  await signal(tokens.grace, 'tab-visible')
  await waitFor(() => learner(ada, 'grace')?.away === false, 2000, 'back within 2 s')
  await signal(tokens.alan, 'window-blurred')
  await waitFor(() => learner(ada, 'alan')?.away === true, 2000, 'blurred window is away')
  await signal(tokens.alan, 'window-focused')
  await waitFor(() => learner(ada, 'alan')?.away === false, 2000, 'focused again')

  const poll = (await api('POST', '/polls', tokens.ada, { question: '1/2 + 1/4?', options: ['3/4', '2/6'], kind: 'check', correctOption: 0 })).body
  await api('POST', `/polls/${poll.id}/answer`, tokens.grace, { option: 0 })
  await api('POST', `/polls/${poll.id}/answer`, tokens.alan, { option: 1 })
  await s.api('PUT', `/api/v1/sessions/${sessionId}/hand`, { auth: tokens.grace, body: { raised: true } })
  await waitFor(() => learner(ada, 'grace')?.hands === 1 && learner(ada, 'alan')?.pollsAnswered === 1, 2000, 'answers and hands counted')
  // An anonymous poll is not counted as asked: its answers name no one, so no learner could have answered it.
  await api('POST', '/polls', tokens.ada, { question: 'Mood?', options: ['Good', 'Lost'], anonymous: true })
  await api('POST', '/polls', tokens.tom, { question: 'Tempo?', options: ['Fast', 'Slow'] })
  await waitFor(() => learner(ada, 'grace')?.pollsAsked === 2, 2000, 'two polls asked (not the anonymous one)')
  const g = learner(ada, 'grace')!
  assert.deepEqual([g.pollsAnswered, g.pollsAsked, g.checksCorrect, g.checksAnswered], [1, 2, 1, 1])
  assert.equal(learner(ada, 'alan')?.checksCorrect, 0)
  assert.ok(g.lastInteractionAt && Date.now() - Date.parse(g.lastInteractionAt) < 5000)
  assert.equal(g.activity.length, 10)
  assert.ok((g.activity.at(-1) ?? 0) >= 2, 'this minute holds the answer and the hand')
  assert.ok(g.score > learner(ada, 'alan')!.score, 'right answer and a hand score higher')
  const m = engagementOf(ada).at(-1)!
  assert.deepEqual(Object.keys(m.weights).sort(), Object.keys(g.signals).sort(), 'every signal has its weight shown')
  assert.equal(m.idleMinutes, 5)
  assert.equal(m.speaking, 'not-measured')

  await sleep(300)
  assert.equal(engagementOf(grace).length + engagementOf(alan).length + engagementOf(olga).length, 0)
  assert.equal(liveFrames(grace) + liveFrames(alan) + liveFrames(olga), 0, 'no type-100 frame reaches a learner or observer')

  // A TA joining later starts from the figures so far (rebuilt from the events, so a restart keeps them too).
  const lateTa = await joined(sessionId, tokens.tom)
  await waitFor(() => learner(lateTa, 'grace')?.hands === 1, 2000, 'snapshot on join')
})

test('idle minutes and weights per tenant (admin key): validated, isolated per tenant, and the staff panel gets them live', async () => {
  const s = testServer()
  const { sessionId, tokens } = await liveClass(s)
  const ada = await joined(sessionId, tokens.ada)
  await waitFor(() => engagementOf(ada).length > 0, 2000, 'first figures')
  assert.equal(engagementOf(ada).at(-1)?.idleMinutes, 5, 'default N = 5')
  const settings = { idleMinutes: 3, weights: { present: 1, answered: 5, correct: 0, hands: 0, chat: 0, whiteboard: 0 } }
  assert.equal((await s.api('PUT', '/api/v1/engagement-settings', { auth: tokens.ada, body: settings })).status, 404, 'not for instructors (a token reaches only its session)')
  for (const bad of [{ ...settings, idleMinutes: 0 }, { ...settings, weights: { ...settings.weights, present: -1 } }, { idleMinutes: 3, weights: { present: 1 } },
    { ...settings, weights: { present: 0, answered: 0, correct: 0, hands: 0, chat: 0, whiteboard: 0 } }]) {
    const res = await s.api('PUT', '/api/v1/engagement-settings', { auth: adminKey, body: bad })
    assert.equal(res.status, 400, JSON.stringify(bad))
    assert.equal(res.body.error.code, 'invalid_request')
  }
  assert.equal((await s.api('GET', '/api/v1/engagement-settings', { auth: adminKey })).body.idleMinutes, 5, 'nothing changed')
  const put = await s.api('PUT', '/api/v1/engagement-settings', { auth: adminKey, body: settings })
  assert.equal(put.status, 200)
  // Settings made before speaking was measured keep working: its default weight applies.
  assert.deepEqual(put.body, { ...settings, weights: { ...settings.weights, speaking: 1 } })
  await waitFor(() => engagementOf(ada).at(-1)?.idleMinutes === 3, 2000, 'the panel gets the new settings live')
  assert.deepEqual(engagementOf(ada).at(-1)?.weights, put.body.weights)
  const quiet = { idleMinutes: 3, weights: { ...settings.weights, speaking: 0 } }
  assert.deepEqual((await s.api('PUT', '/api/v1/engagement-settings', { auth: adminKey, body: quiet })).body, quiet)
  assert.equal((await s.api('GET', '/api/v1/engagement-settings', { auth: otherTenantKey })).body.idleMinutes, 5, 'another tenant keeps its own')
})

test('ending the session releases its figures from memory; what happens after the end builds nothing new', async () => {
  const s = testServer()
  const { sessionId, tokens, api } = await liveClass(s)
  const { engagement } = s.services
  const ada = await joined(sessionId, tokens.ada)
  const grace = await joined(sessionId, tokens.grace)
  await waitFor(() => learner(ada, 'grace')?.present === true, 2000, 'grace present')
  const heldLive = engagement.heldSessions
  assert.ok(heldLive >= 1, 'a live session is held')
  assert.equal((await api('POST', '/end', tokens.ada)).status, 200)
  await waitFor(() => engagement.heldSessions === heldLive - 1, 2000, 'released at the end')
  // A statement recorded after the end (a queued tab signal arriving late) does not bring the session back.
  const late = await s.api('POST', '/api/v1/events', { auth: tokens.grace, body: { id: crypto.randomUUID(), type: 'tab-hidden', at: new Date().toISOString() } })
  assert.equal(late.status, 202)
  assert.ok(s.services.events.forSession('default', sessionId).some((st) => st.verb.id.endsWith('tab-hidden')), 'recorded')
  assert.equal(engagement.heldSessions, heldLive - 1)
  grace.close()
  // Staff opening the ended session still see the final figures, computed once from the record.
  const snapshot = engagement.snapshot('default', sessionId)
  assert.equal(snapshot.learners.find((l) => l.userId === 'grace')?.away, true, 'the late signal is in the record')
  assert.equal(engagement.heldSessions, heldLive - 1, 'and not kept')
})

test('speaking time: each learner’s stretches of speaking (their client reports LiveKit’s speaker detection) are summed, shown and weighted', async () => {
  const s = testServer()
  await s.api('PUT', '/api/v1/engagement-settings', { auth: adminKey, body: { idleMinutes: 5, weights: defaultEngagementWeights } })
  const { sessionId, tokens } = await liveClass(s)
  const ada = await joined(sessionId, tokens.ada)
  await joined(sessionId, tokens.grace)
  await joined(sessionId, tokens.alan)
  await waitFor(() => learner(ada, 'grace')?.present === true && learner(ada, 'alan')?.present === true, 2000, 'present')
  const signal = (token: string, type: string, secondsAgo: number) =>
    s.api('POST', '/api/v1/events', { auth: token, body: { id: crypto.randomUUID(), type, at: new Date(Date.now() - secondsAgo * 1000).toISOString() } })
  // Grace speaks twice (12 s and 6 s); a repeated "started" does not restart the stretch; Alan says nothing.
  for (const [type, ago] of [['speaking-started', 60], ['speaking-started', 55], ['speaking-stopped', 48], ['speaking-started', 30], ['speaking-stopped', 24]] as const) {
    assert.equal((await signal(tokens.grace, type, ago)).status, 202)
  }
  await waitFor(() => learner(ada, 'grace')?.speakingSeconds === 18, 2000, '18 s of speaking')
  const g = learner(ada, 'grace')!
  assert.equal(g.signals.speaking, 18 / 60, 'a minute of speaking is a full share')
  assert.equal(learner(ada, 'alan')?.speakingSeconds, 0)
  assert.ok(g.score > learner(ada, 'alan')!.score, 'speaking counts in the score')
  assert.equal(engagementOf(ada).at(-1)?.weights.speaking, 1, 'with its weight shown')
  assert.equal(engagementOf(ada).at(-1)?.speaking, 'not-measured', 'this test server has no AV: the panel is told so')
  // A bad type is refused at the edge; an observer's or the instructor's speaking is no learner's row.
  assert.equal((await signal(tokens.grace, 'speaking-loudly', 1)).status, 400)
  const stmts = s.services.events.forSession('default', sessionId).filter((st) => st.verb.id.includes('speaking'))
  assert.deepEqual(stmts.map((st) => st.verb.id.split(':').at(-1)), ['started-speaking', 'started-speaking', 'stopped-speaking', 'started-speaking', 'stopped-speaking'])
  assertValidStatements(stmts)
})
