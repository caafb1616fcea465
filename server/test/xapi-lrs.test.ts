import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { adminKey, otherTenantKey, sessionWithTokens, startTestServer, tempDataDir, type TestServer } from './helpers/test-server.ts'
import { waitFor } from './helpers/sync-client.ts'
import { assertValidStatements } from './helpers/xapi-check.ts'
import fs from 'node:fs'
import path from 'node:path'
import { openDatabase } from '../src/db/connection.ts'
import { EventsRepo } from '../src/db/events-repo.ts'
import { TenantsRepo } from '../src/db/tenants-repo.ts'
import { LrsEndpointsRepo } from '../src/db/lrs-endpoints-repo.ts'
import { LrsForwardsRepo } from '../src/db/lrs-forwards-repo.ts'
import { LrsForwarder } from '../src/xapi/lrs-forwarder.ts'
import { statement, verbs } from '../src/events/statements.ts'

let server: TestServer
let lrs: http.Server
let lrsUrl: string
/** Every POST the LRS saw: its answer and the statements it held. */
const posts: Array<{ status: number; ids: string[]; auth: string | undefined; version: string | undefined }> = []
const stored = new Map<string, unknown>()

before(async () => {
  // A small LRS on loopback: Basic credentials and the version header are required; the first POST fails.
  lrs = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const statements = JSON.parse(Buffer.concat(chunks).toString()) as Array<{ id: string }>
      const auth = req.headers.authorization
      const version = req.headers['x-experience-api-version'] as string | undefined
      let status = 200
      if (req.method !== 'POST' || req.url !== '/xapi/statements') status = 404
      else if (auth !== `Basic ${Buffer.from('lrs-user:lrs-pass').toString('base64')}`) status = 401
      else if (version !== '1.0.3') status = 400
      else if (posts.length === 0) status = 503
      posts.push({ status, ids: statements.map((s) => s.id), auth, version })
      if (status === 200) for (const s of statements) stored.set(s.id, s)
      res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? JSON.stringify(statements.map((s) => s.id)) : '{}')
    })
  })
  await new Promise<void>((r) => lrs.listen(0, '127.0.0.1', r))
  lrsUrl = `http://127.0.0.1:${(lrs.address() as AddressInfo).port}/xapi`
  server = await startTestServer(tempDataDir(), { HILINK_WEBHOOK_ALLOW_PRIVATE: '1', HILINK_DELIVERY_RETRY_BASE_MS: '100', HILINK_DELIVERY_POLL_MS: '50' })
  server.services.tenants.create('Other school', otherTenantKey, 'other')
})
after(async () => {
  await server.stop({ removeData: true })
  lrs.closeAllConnections()
  await new Promise((r) => lrs.close(r))
})

test('the tenant’s LRS settings: admin key only, never the password back, tenants apart', async () => {
  assert.equal((await server.api('GET', '/api/v1/lrs', { auth: adminKey })).status, 404)
  assert.equal((await server.api('PUT', '/api/v1/lrs', { auth: adminKey, body: { endpoint: 'ftp://x/', username: 'a', password: 'b' } })).status, 400)
  const put = await server.api('PUT', '/api/v1/lrs', { auth: adminKey, body: { endpoint: lrsUrl, username: 'lrs-user', password: 'lrs-pass' } })
  assert.equal(put.status, 200, JSON.stringify(put.body))
  assert.equal(put.body.endpoint, lrsUrl)
  assert.ok(!JSON.stringify(put.body).includes('lrs-pass'))
  assert.equal((await server.api('GET', '/api/v1/lrs', { auth: otherTenantKey })).status, 404, 'another tenant sees none')
  const { tokens } = await sessionWithTokens(server, { ada: { role: 'instructor' } })
  // A session's token never reaches tenant-wide settings: 404, as for anything outside its session (no existence leak).
  assert.equal((await server.api('GET', '/api/v1/lrs', { auth: tokens.ada })).status, 404)
})

test('every statement reaches the LRS from the outbox, retried after a failure, once each, valid; no other tenant’s', async () => {
  const { sessionId, tokens } = await sessionWithTokens(server, { ada: { role: 'instructor', name: 'Ada' }, grace: { role: 'learner', name: 'Grace' } })
  const other = await sessionWithTokens(server, { olga: { role: 'instructor' } }, otherTenantKey)
  assert.equal((await server.api('POST', `/api/v1/sessions/${other.sessionId}/start`, { auth: other.tokens.olga })).status, 200)
  const api = (method: string, path: string, auth: string, body?: unknown) =>
    server.api(method, `/api/v1/sessions/${sessionId}${path}`, { auth, ...(body === undefined ? {} : { body }) })
  assert.equal((await api('POST', '/start', tokens.ada)).status, 200)
  assert.equal((await api('PUT', '/hand', tokens.grace, { raised: true })).status, 200)
  assert.equal((await api('POST', '/end', tokens.ada)).status, 200)
  const expected = server.services.events.forSession('default', sessionId).map((s) => s.id)
  assert.ok(expected.length >= 3, `${expected.length} statements`)
  await waitFor(() => expected.every((id) => stored.has(id)), 10_000, 'all statements at the LRS')
  assert.equal(posts[0]!.status, 503, 'the first POST failed…')
  assert.ok(posts.slice(1).some((p) => p.status === 200), '…and was retried')
  const accepted = posts.filter((p) => p.status === 200).flatMap((p) => p.ids)
  assert.equal(new Set(accepted).size, accepted.length, 'each statement accepted once')
  assert.ok(posts.every((p) => p.version === '1.0.3'))
  assertValidStatements([...stored.values()])
  const otherIds = new Set(server.services.events.forSession('other', other.sessionId).map((s) => s.id))
  assert.ok(otherIds.size > 0 && ![...stored.keys()].some((id) => otherIds.has(id)), 'nothing of the other tenant')
  const status = (await server.api('GET', '/api/v1/lrs', { auth: adminKey })).body
  assert.equal(status.pending, 0)
  assert.equal(status.failed, 0)
  assert.equal((await server.api('DELETE', '/api/v1/lrs', { auth: adminKey })).status, 204)
  assert.equal((await server.api('DELETE', '/api/v1/lrs', { auth: adminKey })).status, 404)
})

test('an LRS that never answers 2xx: the statement is retried with growing delays and marked failed after 24 hours (the forwarder over a clock it is given)', async () => {
  const dir = tempDataDir()
  const db = openDatabase(path.join(dir, 'x.sqlite'))
  let hits = 0
  const down = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      hits++
      res.writeHead(503).end('{}')
    })
  })
  await new Promise<void>((r) => down.listen(0, '127.0.0.1', r))
  const start = Date.parse('2026-12-01T09:00:00Z')
  let now = start
  try {
    new TenantsRepo(db).create('T', 'hl_admin_lrs-24h-test-key-0000000000000', 't')
    const events = new EventsRepo(db)
    const forwards = new LrsForwardsRepo(db)
    const forwarder = new LrsForwarder(db, events, new LrsEndpointsRepo(db), forwards, {
      allowPrivate: true, retryBaseMs: 60_000, pollMs: 1000, now: () => now,
    })
    const configured = await forwarder.configure('t', { endpoint: `http://127.0.0.1:${(down.address() as AddressInfo).port}/xapi`, username: 'u', password: 'p' })
    assert.ok('configured' in configured)
    events.record('t', null, statement({
      tenantId: 't', sessionId: crypto.randomUUID(), actor: { id: 'ada', name: 'Ada' }, verb: verbs.initialized,
      object: { id: 'urn:hilink:session:x', name: 'X', type: 'http://adlnet.gov/expapi/activities/meeting' }, timestamp: new Date(start).toISOString(),
    }))
    await forwarder.runOnce()
    const row = () => db.prepare<[], { status: string; attempts: number; next_attempt_at: string }>('SELECT status, attempts, next_attempt_at FROM lrs_forwards').get()!
    assert.deepEqual([row().status, row().attempts], ['pending', 1])
    const firstRetry = Date.parse(row().next_attempt_at) - now
    assert.ok(firstRetry >= 48_000 && firstRetry <= 72_000, `first retry after about a minute (${firstRetry})`)
    let previousGap = firstRetry
    while (row().status === 'pending') {
      now = Date.parse(row().next_attempt_at)
      await forwarder.runOnce()
      if (row().status === 'pending') {
        const gap = Date.parse(row().next_attempt_at) - now
        assert.ok(gap >= previousGap * 0.6 || gap >= 3600_000 * 0.8, 'backoff grows (jitter aside) up to its cap')
        previousGap = gap
      }
    }
    assert.equal(row().status, 'failed')
    assert.ok(now - start >= 24 * 3600_000 && now - start <= 26 * 3600_000, `given up after a day (${(now - start) / 3600_000} h)`)
    assert.ok(row().attempts > 5 && row().attempts < 40, `${row().attempts} attempts`)
    assert.equal(hits, row().attempts, 'every attempt reached the LRS')
    const status = forwarder.status('t')!
    assert.deepEqual([status.pending, status.failed], [0, 1])
    assert.match(status.lastError ?? '', /HTTP 503/)
    // Given up means given up: a later pass sends nothing.
    now += 3600_000
    await forwarder.runOnce()
    assert.equal(hits, row().attempts)
    await forwarder.close()
  } finally {
    db.close()
    down.closeAllConnections()
    await new Promise((r) => down.close(r))
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
