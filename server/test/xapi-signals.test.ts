import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { liveClass, useTestServer } from './helpers/test-server.ts'
import { assertValidStatements } from './helpers/xapi-check.ts'

const server = useTestServer()

test('POST /api/v1/events takes a batch: one transaction, each signal judged on its own, duplicates counted once', async () => {
  const s = server()
  const { sessionId, tokens } = await liveClass(s)
  const now = Date.now()
  const single = { id: randomUUID(), type: 'tab-hidden', at: new Date(now - 5000).toISOString() }
  assert.equal((await s.api('POST', '/api/v1/events', { auth: tokens.grace, body: single })).status, 202)
  const fresh = { id: randomUUID(), type: 'tab-visible', at: new Date(now - 1000).toISOString() }
  const stale = { id: randomUUID(), type: 'tab-hidden', at: new Date(now - 13 * 3600_000).toISOString() }
  const res = await s.api('POST', '/api/v1/events', { auth: tokens.grace, body: { signals: [single, fresh, stale, fresh] } })
  assert.equal(res.status, 202, JSON.stringify(res.body))
  assert.deepEqual(res.body.results.map((r: { recorded: boolean; error?: string }) => [r.recorded, r.error !== undefined]), [
    [false, false], // sent before on its own
    [true, false],
    [false, true], // older than 12 hours
    [false, false], // twice in the batch
  ])
  const signals = s.services.events.forSession('default', sessionId).filter((e) => e.actor.account.name === 'grace' && e.verb.id.includes('tab-'))
  assert.equal(signals.length, 2)
  assertValidStatements(signals)
  // Alan's batch with Grace's signal ids records his own: ids are scoped to the participant.
  const alan = await s.api('POST', '/api/v1/events', { auth: tokens.alan, body: { signals: [single] } })
  assert.deepEqual(alan.body.results.map((r: { recorded: boolean }) => r.recorded), [true])
  const tooMany = Array.from({ length: 501 }, () => ({ id: randomUUID(), type: 'tab-hidden', at: new Date(now).toISOString() }))
  assert.equal((await s.api('POST', '/api/v1/events', { auth: tokens.grace, body: { signals: tooMany } })).status, 400)
  assert.equal((await s.api('POST', '/api/v1/events', { auth: tokens.grace, body: { signals: [] } })).status, 400)
  assert.equal((await s.api('POST', '/api/v1/events', { auth: tokens.grace, body: { signals: [{ ...fresh, actor: 'x' }] } })).status, 400)
})
