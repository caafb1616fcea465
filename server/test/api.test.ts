import { test } from 'node:test'
import assert from 'node:assert/strict'
import { TokenService } from '../src/auth/tokens.ts'
import { SecretsRepo } from '../src/db/secrets-repo.ts'
import { adminKey, otherTenantKey, sessionBody, sessionWithTokens, useTestServer } from './helpers/test-server.ts'

const testServer = useTestServer()

test('GET /health answers ok and the version', async () => {
  const res = await testServer().api('GET', '/health')
  assert.equal(res.status, 200)
  assert.deepEqual(res.body, { ok: true, version: '0.1.0', av: 'off' }) // test servers run without AV unless asked
})

test('an admin creates a session and reads it back', async () => {
  const created = await testServer().api('POST', '/api/v1/sessions', { auth: adminKey, body: sessionBody })
  assert.equal(created.status, 201)
  assert.match(created.body.id, /^[0-9a-f-]{36}$/)
  assert.equal(created.body.state, 'scheduled')
  assert.equal(created.body.title, sessionBody.title)
  const read = await testServer().api('GET', `/api/v1/sessions/${created.body.id}`, { auth: adminKey })
  assert.equal(read.status, 200)
  assert.deepEqual(read.body, created.body)
  const list = await testServer().api('GET', '/api/v1/sessions', { auth: adminKey })
  assert.ok(list.body.sessions.some((s: { id: string }) => s.id === created.body.id))
})

test('bad input gets a 4xx with a code and a message, never a 5xx', async () => {
  const cases: Array<{ rawBody?: string; body?: unknown; status: number; code: string }> = [
    { rawBody: '{"title": ', status: 400, code: 'malformed_json' },
    { body: { ...sessionBody, title: 42 }, status: 400, code: 'invalid_request' },
    { body: { ...sessionBody, scheduledStart: 'tomorrow' }, status: 400, code: 'invalid_request' },
    { body: { ...sessionBody, scheduledEnd: '2026-12-01T08:00:00Z' }, status: 400, code: 'invalid_request' },
    { body: { ...sessionBody, surprise: true }, status: 400, code: 'invalid_request' },
    { body: [], status: 400, code: 'invalid_request' },
    { body: null, status: 400, code: 'invalid_request' },
    { rawBody: JSON.stringify({ ...sessionBody, title: 'x'.repeat(200_000) }), status: 413, code: 'payload_too_large' },
  ]
  for (const c of cases) {
    const res = await testServer().api('POST', '/api/v1/sessions', { auth: adminKey, ...c })
    assert.equal(res.status, c.status, `${JSON.stringify(c).slice(0, 80)} → ${JSON.stringify(res.body)}`)
    assert.equal(res.body.error.code, c.code)
    assert.ok(res.body.error.message.length > 0)
  }
  const titleError = await testServer().api('POST', '/api/v1/sessions', { auth: adminKey, body: { ...sessionBody, title: 42 } })
  assert.match(titleError.body.error.message, /title/)
})

test('a wrong admin key, a garbage token and a missing header are 401', async () => {
  for (const auth of [undefined, 'hl_admin_not-a-real-key', 'not.a.jwt', 'eyJhbGciOiJub25lIn0.e30.']) {
    const res = await testServer().api('POST', '/api/v1/sessions', { auth, body: sessionBody })
    assert.equal(res.status, 401, String(auth))
    assert.equal(res.body.error.code, 'unauthorized')
  }
})

test('an expired token is refused with 401', async () => {
  const { sessionId } = await sessionWithTokens(testServer(), {})
  const tokens = new TokenService(new SecretsRepo(testServer().services.db).getOrCreate('token-signing-key'))
  const { token } = await tokens.mint(
    { userId: 'u1', name: 'Ada', role: 'instructor', sessionId, tenantId: 'default', ttlSeconds: 60 },
    Date.now() - 3600_000,
  )
  const res = await testServer().api('GET', `/api/v1/sessions/${sessionId}`, { auth: token })
  assert.equal(res.status, 401)
})

test('minted tokens carry the claims and expire when asked', async () => {
  const created = await testServer().api('POST', '/api/v1/sessions', { auth: adminKey, body: sessionBody })
  const before = Date.now()
  const minted = await testServer().api('POST', `/api/v1/sessions/${created.body.id}/tokens`, {
    auth: adminKey,
    body: { userId: 'learner-7', name: 'Grace', role: 'learner', ttlSeconds: 600 },
  })
  assert.equal(minted.status, 201)
  const expiresIn = Date.parse(minted.body.expiresAt) - before
  assert.ok(expiresIn > 590_000 && expiresIn <= 601_000, `expires in ${expiresIn} ms`)
  const claims = await testServer().services.tokens.verify(minted.body.token)
  assert.deepEqual(
    { sub: claims?.sub, name: claims?.name, role: claims?.role, session: claims?.session, tenant: claims?.tenant },
    { sub: 'learner-7', name: 'Grace', role: 'learner', session: created.body.id, tenant: 'default' },
  )
  const tooLong = await testServer().api('POST', `/api/v1/sessions/${created.body.id}/tokens`, {
    auth: adminKey,
    body: { userId: 'x', name: 'X', role: 'learner', ttlSeconds: 7 * 24 * 3600 },
  })
  assert.equal(tooLong.status, 400)
  const badRole = await testServer().api('POST', `/api/v1/sessions/${created.body.id}/tokens`, {
    auth: adminKey,
    body: { userId: 'x', name: 'X', role: 'admin' },
  })
  assert.equal(badRole.status, 400)
})

test('only the instructor starts and ends a session, in order', async () => {
  const { sessionId, tokens } = await sessionWithTokens(testServer(), {
    teacher: { role: 'instructor' },
    helper: { role: 'ta' },
    kid: { role: 'learner' },
    parent: { role: 'observer' },
  })
  for (const who of ['helper', 'kid', 'parent'] as const) {
    const res = await testServer().api('POST', `/api/v1/sessions/${sessionId}/start`, { auth: tokens[who] })
    assert.equal(res.status, 403, who)
    assert.equal(res.body.error.code, 'forbidden')
  }
  const adminStart = await testServer().api('POST', `/api/v1/sessions/${sessionId}/start`, { auth: adminKey })
  assert.equal(adminStart.status, 403)
  const early = await testServer().api('POST', `/api/v1/sessions/${sessionId}/end`, { auth: tokens.teacher })
  assert.equal(early.status, 409)
  const started = await testServer().api('POST', `/api/v1/sessions/${sessionId}/start`, { auth: tokens.teacher })
  assert.equal(started.status, 200)
  assert.equal(started.body.state, 'live')
  assert.ok(started.body.startedAt)
  const again = await testServer().api('POST', `/api/v1/sessions/${sessionId}/start`, { auth: tokens.teacher })
  assert.equal(again.status, 409)
  const ended = await testServer().api('POST', `/api/v1/sessions/${sessionId}/end`, { auth: tokens.teacher })
  assert.equal(ended.status, 200)
  assert.equal(ended.body.state, 'ended')
  const seen = await testServer().api('GET', `/api/v1/sessions/${sessionId}`, { auth: tokens.kid })
  assert.equal(seen.body.state, 'ended')
  const lateToken = await testServer().api('POST', `/api/v1/sessions/${sessionId}/tokens`, {
    auth: adminKey,
    body: { userId: 'late', name: 'Late', role: 'learner' },
  })
  assert.equal(lateToken.status, 409)
})

test('participants cannot mint tokens, create or list sessions', async () => {
  const { sessionId, tokens } = await sessionWithTokens(testServer(), { teacher: { role: 'instructor' } })
  const mint = await testServer().api('POST', `/api/v1/sessions/${sessionId}/tokens`, {
    auth: tokens.teacher,
    body: { userId: 'x', name: 'X', role: 'instructor' },
  })
  assert.equal(mint.status, 403, 'its own session: the role may not')
  // The tenant's session list is outside the token's session: for it, it does not exist.
  assert.equal((await testServer().api('POST', '/api/v1/sessions', { auth: tokens.teacher, body: sessionBody })).status, 404)
  assert.equal((await testServer().api('GET', '/api/v1/sessions', { auth: tokens.teacher })).status, 404)
})

test('a token of one session cannot reach another session (404)', async () => {
  const a = await sessionWithTokens(testServer(), { teacher: { role: 'instructor' } })
  const b = await sessionWithTokens(testServer(), {})
  for (const [method, suffix] of [['GET', ''], ['POST', '/start'], ['POST', '/end']] as const) {
    const res = await testServer().api(method, `/api/v1/sessions/${b.sessionId}${suffix}`, { auth: a.tokens.teacher })
    assert.equal(res.status, 404, `${method} ${suffix}`)
  }
  const state = await testServer().api('GET', `/api/v1/sessions/${b.sessionId}`, { auth: adminKey })
  assert.equal(state.body.state, 'scheduled')
})

test('tenants are isolated on every session endpoint', async () => {
  const { sessionId } = await sessionWithTokens(testServer(), {})
  const other = otherTenantKey
  assert.equal((await testServer().api('GET', `/api/v1/sessions/${sessionId}`, { auth: other })).status, 404)
  const mint = await testServer().api('POST', `/api/v1/sessions/${sessionId}/tokens`, {
    auth: other,
    body: { userId: 'x', name: 'X', role: 'instructor' },
  })
  assert.equal(mint.status, 404)
  const list = await testServer().api('GET', '/api/v1/sessions', { auth: other })
  assert.equal(list.status, 200)
  assert.deepEqual(list.body.sessions, [])
  // The other tenant's own session is invisible to the default tenant, and its tokens stay in it.
  const theirs = await sessionWithTokens(testServer(), { t: { role: 'instructor' } }, other)
  assert.equal((await testServer().api('GET', `/api/v1/sessions/${theirs.sessionId}`, { auth: adminKey })).status, 404)
  assert.equal((await testServer().api('GET', `/api/v1/sessions/${theirs.sessionId}`, { auth: theirs.tokens.t })).status, 200)
  assert.equal((await testServer().api('GET', `/api/v1/sessions/${sessionId}`, { auth: theirs.tokens.t })).status, 404)
})

test('unknown routes and malformed ids are 4xx with the error body', async () => {
  const missing = await testServer().api('GET', '/api/v1/nothing-here', { auth: adminKey })
  assert.equal(missing.status, 404)
  assert.equal(missing.body.error.code, 'not_found')
  const badId = await testServer().api('GET', '/api/v1/sessions/not-a-uuid', { auth: adminKey })
  assert.equal(badId.status, 400)
  assert.equal(badId.body.error.code, 'invalid_request')
})

test('GET /openapi.json describes the API from the zod schemas', async () => {
  const res = await testServer().api('GET', '/openapi.json')
  assert.equal(res.status, 200)
  assert.equal(res.body.openapi, '3.1.0')
  const create = res.body.paths['/api/v1/sessions'].post
  const schema = create.requestBody.content['application/json'].schema
  assert.deepEqual([...schema.required].sort(), ['courseId', 'instructorId', 'scheduledEnd', 'scheduledStart', 'title'])
  for (const p of [
    '/api/v1/sessions/{id}',
    '/api/v1/sessions/{id}/tokens',
    '/api/v1/sessions/{id}/start',
    '/api/v1/sessions/{id}/end',
    '/api/v1/sessions/{id}/polls',
    '/api/v1/sessions/{id}/polls/{pollId}/answer',
    '/api/v1/sessions/{id}/polls/{pollId}/close',
    '/api/v1/sessions/{id}/hand',
    '/api/v1/sessions/{id}/hands/{userId}',
    '/api/v1/events',
  ]) {
    assert.ok(res.body.paths[p], `${p} documented`)
  }
  const launch = res.body.paths['/api/v1/sessions/{id}/polls'].post.requestBody.content['application/json'].schema
  assert.equal(launch.additionalProperties, false, 'unknown fields are refused, and documented so')
})
