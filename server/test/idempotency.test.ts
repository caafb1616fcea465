import { test } from 'node:test'
import assert from 'node:assert/strict'
import { liveClass, useTestServer } from './helpers/test-server.ts'

const server = useTestServer()

/** A participant's command with an Idempotency-Key, as the SDK sends a queued command (and its retries). */
async function send(url: string, method: string, path: string, token: string, key: string, body?: unknown) {
  const res = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': key, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: (await res.json()) as any } // eslint-disable-line @typescript-eslint/no-explicit-any
}

test('a retried answer and hand raise (same key) are recorded once and answered the same', async () => {
  const s = server()
  const { sessionId, tokens } = await liveClass(s)
  const base = `/api/v1/sessions/${sessionId}`
  const launched = await s.api('POST', `${base}/polls`, {
    auth: tokens.ada,
    body: { question: 'Half of 1/2?', options: ['1/4', '1/3'], kind: 'check', correctOption: 0 },
  })
  assert.equal(launched.status, 201)
  const answer = `${base}/polls/${launched.body.id}/answer`

  const first = await send(s.url, 'POST', answer, tokens.grace, 'key-answer-0001', { option: 0 })
  const retry = await send(s.url, 'POST', answer, tokens.grace, 'key-answer-0001', { option: 0 })
  assert.equal(first.status, 200)
  assert.equal(first.replayed, null)
  assert.equal(retry.status, 200)
  assert.equal(retry.replayed, 'true')
  assert.deepEqual(retry.body, first.body)

  const hand = await send(s.url, 'PUT', `${base}/hand`, tokens.grace, 'key-hand-00001', { raised: true })
  assert.equal(hand.status, 200)
  // The hand was lowered meanwhile: a late retry of the raise must not raise it again.
  assert.equal((await s.api('DELETE', `${base}/hands/grace`, { auth: tokens.ada })).status, 200)
  const handRetry = await send(s.url, 'PUT', `${base}/hand`, tokens.grace, 'key-hand-00001', { raised: true })
  assert.equal(handRetry.replayed, 'true')
  assert.equal((await s.api('GET', `${base}`, { auth: tokens.grace })).status, 200)

  const events = s.services.events.forSession('default', sessionId)
  assert.equal(events.filter((e) => e.verb.id === 'http://adlnet.gov/expapi/verbs/answered').length, 1, 'one answer event')
  assert.equal(events.filter((e) => /raise/i.test(e.verb.id)).length, 1, 'one raised-hand event')
})

test('keys are per participant, a key reused for another command is refused, a refusal is replayed as a refusal', async () => {
  const s = server()
  const { sessionId, tokens } = await liveClass(s)
  const base = `/api/v1/sessions/${sessionId}`
  const grace = await send(s.url, 'PUT', `${base}/hand`, tokens.grace, 'shared-key-0001', { raised: true })
  const alan = await send(s.url, 'PUT', `${base}/hand`, tokens.alan, 'shared-key-0001', { raised: true })
  assert.equal(grace.status, 200)
  assert.equal(alan.replayed, null, "another participant's key never replays someone else's answer")
  assert.equal(alan.body.raised, true)

  const reused = await send(s.url, 'PUT', `${base}/hand`, tokens.grace, 'shared-key-0001', { raised: false })
  assert.equal(reused.replayed, 'true', 'same method and path: the first answer')
  const otherPath = await send(s.url, 'POST', `${base}/chat`, tokens.grace, 'shared-key-0001', { text: 'hi' })
  assert.equal(otherPath.status, 409)
  assert.equal(otherPath.body.error.code, 'conflict')

  const refused = await send(s.url, 'POST', `${base}/polls/nope/answer`, tokens.alan, 'refused-key-001', { option: 0 })
  assert.ok(refused.status >= 400 && refused.status < 500)
  const again = await send(s.url, 'POST', `${base}/polls/nope/answer`, tokens.alan, 'refused-key-001', { option: 0 })
  assert.equal(again.status, refused.status)
  assert.equal(again.replayed, 'true')

  const bad = await send(s.url, 'PUT', `${base}/hand`, tokens.alan, 'x', { raised: true })
  assert.equal(bad.status, 400)
  assert.equal(bad.body.error.code, 'invalid_request')
})
