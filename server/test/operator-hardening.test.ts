import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { syncCloseCodes } from '@hilink/protocol'
import { adminKey, liveClass, sessionBody, sessionWithTokens, startTestServer, tempDataDir } from './helpers/test-server.ts'
import { RawSyncSocket } from './helpers/raw-socket.ts'
import { waitFor } from './helpers/sync-client.ts'

/** Issue 7 as an operator meets it: their own admin key, private files, rate limits, response headers. */

test('a configured admin key of any shape works', async () => {
  const key = 'our-own-operator-chosen-key-2026'
  const server = await startTestServer(undefined, { HILINK_ADMIN_KEY: key })
  try {
    const created = await server.api('POST', '/api/v1/sessions', { auth: key, body: sessionBody })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const wrong = await server.api('POST', '/api/v1/sessions', { auth: `${key}x`, body: sessionBody })
    assert.equal(wrong.status, 401)
    assert.match(wrong.body.error.message, /admin key is not valid/)
  } finally {
    await server.stop({ removeData: true })
  }
})

test('the data dir is created 0700 and the database files 0600', async () => {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hilink-perm-')), 'data')
  const server = await startTestServer(dataDir)
  try {
    await liveClass(server) // some writes, so the WAL exists
    assert.equal(fs.statSync(dataDir).mode & 0o777, 0o700)
    for (const file of ['hilink.sqlite', 'hilink.sqlite-wal']) {
      assert.equal(fs.statSync(path.join(dataDir, file)).mode & 0o777, 0o600, file)
    }
  } finally {
    await server.stop({ removeData: true })
  }
})

test('an existing data dir that others can read is reported at start', async (t) => {
  const dataDir = tempDataDir()
  fs.chmodSync(dataDir, 0o755)
  const warn = t.mock.method(console, 'warn', () => {})
  const server = await startTestServer(dataDir)
  try {
    const warnings = warn.mock.calls.map((call) => String(call.arguments[0]))
    assert.ok(warnings.some((w) => w.includes('readable by other users') && w.includes(dataDir)), warnings.join('\n'))
  } finally {
    await server.stop({ removeData: true })
  }
})

test('failed authentication is rate-limited per address with 429 and Retry-After', async () => {
  const server = await startTestServer(undefined, { HILINK_AUTH_FAILURES_PER_MINUTE: '5' })
  try {
    const statuses: number[] = []
    let retryAfter: string | null = null
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${server.url}/api/v1/sessions`, { headers: { authorization: `Bearer hl_admin_guess-${i}-xxxxxxxxxxxxxxxxx` } })
      statuses.push(res.status)
      if (res.status === 429) retryAfter = res.headers.get('retry-after')
      await res.arrayBuffer()
    }
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401])
    assert.ok(statuses.slice(5).every((s) => s === 429), statuses.join(','))
    assert.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= 60, `Retry-After ${retryAfter}`)
    // Someone else behind the same address (one school, one NAT) with a valid credential still gets in.
    const valid = await server.api('GET', '/api/v1/sessions', { auth: server.services.config.adminKey as string })
    assert.equal(valid.status, 200)
    // The sync socket counts against the same limit: a bad token now closes with 4429, a good one joins.
    const { sessionId, tokens } = await sessionWithTokens(server, { kid: { role: 'learner' } })
    const bad = new RawSyncSocket(server.url, sessionId, 'eyJhbGciOiJIUzI1NiJ9.e30.forged')
    assert.equal(await bad.closed(), syncCloseCodes.rateLimited)
    const good = new RawSyncSocket(server.url, sessionId, tokens.kid)
    await good.opened()
    await waitFor(() => good.received.length > 0, 5000, 'the valid token syncs')
    good.close()
  } finally {
    await server.stop({ removeData: true })
  }
})

test('writes are rate-limited per participant; others keep writing', async () => {
  const server = await startTestServer(undefined, { HILINK_WRITES_PER_MINUTE: '4' })
  try {
    const { tokens, api } = await liveClass(server)
    const grace: number[] = []
    for (let i = 0; i < 6; i++) grace.push((await api('PUT', '/hand', tokens.grace, { raised: i % 2 === 0 })).status)
    assert.deepEqual(grace.slice(0, 4), [200, 200, 200, 200], JSON.stringify(grace))
    assert.deepEqual(grace.slice(4), [429, 429])
    const alan = await api('PUT', '/hand', tokens.alan, { raised: true })
    assert.equal(alan.status, 200, 'another learner is not limited by Grace')
    const reads = await api('GET', '', tokens.grace)
    assert.equal(reads.status, 200, 'reads are not limited')
  } finally {
    await server.stop({ removeData: true })
  }
})

test('API responses say nosniff', async () => {
  const server = await startTestServer()
  try {
    for (const p of ['/health', '/api/v1/sessions', '/openapi.json']) {
      const res = await fetch(server.url + p)
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', p)
      await res.arrayBuffer()
    }
  } finally {
    await server.stop({ removeData: true })
  }
})

test('names in tokens are one line: CR and LF become spaces', async () => {
  const server = await startTestServer()
  try {
    const { sessionId } = await liveClass(server)
    const minted = await server.api('POST', `/api/v1/sessions/${sessionId}/tokens`, {
      auth: adminKey,
      body: { userId: 'eve', name: 'Eve\r\n\r\nWEBVTT', role: 'learner' },
    })
    assert.equal(minted.status, 201, JSON.stringify(minted.body))
    const claims = JSON.parse(Buffer.from(String(minted.body.token).split('.')[1] as string, 'base64url').toString())
    assert.equal(claims.name, 'Eve WEBVTT')
    const blank = await server.api('POST', `/api/v1/sessions/${sessionId}/tokens`, {
      auth: adminKey,
      body: { userId: 'nobody', name: '\r\n\t', role: 'learner' },
    })
    assert.equal(blank.status, 400)
  } finally {
    await server.stop({ removeData: true })
  }
})

test('sessions are listed a page at a time with a cursor', async () => {
  const server = await startTestServer()
  try {
    const ids = new Set<string>()
    for (let day = 1; day <= 7; day++) {
      const body = { ...sessionBody, scheduledStart: `2026-12-0${day}T09:00:00Z`, scheduledEnd: `2026-12-0${day}T10:00:00Z` }
      ids.add((await server.api('POST', '/api/v1/sessions', { auth: adminKey, body })).body.id)
    }
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const query: string = cursor ? `?limit=3&cursor=${cursor}` : '?limit=3'
      const page = await server.api('GET', `/api/v1/sessions${query}`, { auth: adminKey })
      assert.equal(page.status, 200)
      seen.push(...page.body.sessions.map((s: { id: string }) => s.id))
      cursor = page.body.nextCursor
      pages++
    } while (cursor)
    assert.equal(pages, 3)
    assert.deepEqual(new Set(seen), ids, 'every session once')
    assert.equal(seen.length, 7)
    const bad = await server.api('GET', '/api/v1/sessions?cursor=nonsense', { auth: adminKey })
    assert.equal(bad.status, 400)
    assert.equal((await server.api('GET', '/api/v1/sessions?limit=1000', { auth: adminKey })).status, 400)
  } finally {
    await server.stop({ removeData: true })
  }
})

test('the OpenAPI document names 413 and 415 for bodies, and the cross-field rules', async () => {
  const server = await startTestServer()
  try {
    const doc = (await server.api('GET', '/openapi.json')).body
    const create = doc.paths['/api/v1/sessions'].post
    assert.ok(create.responses['413'] && create.responses['415'])
    assert.equal(doc.paths['/api/v1/sessions'].get.responses['413'], undefined, 'no body, no 413')
    assert.match(JSON.stringify(create.requestBody), /scheduledEnd must be after scheduledStart/)
    const launch = doc.paths['/api/v1/sessions/{id}/polls'].post
    assert.match(JSON.stringify(launch.requestBody), /Options must differ/)
    // And the server does answer them.
    const tooBig = await fetch(`${server.url}/api/v1/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...sessionBody, title: 'x'.repeat(70_000) }),
    })
    assert.equal(tooBig.status, 413)
    const notJson = await fetch(`${server.url}/api/v1/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'text/plain' },
      body: JSON.stringify(sessionBody),
    })
    assert.equal(notJson.status, 415)
  } finally {
    await server.stop({ removeData: true })
  }
})

test('failed tokens never lock out valid ones: all tokens start alike, so they share no prefix counter', async () => {
  const server = await startTestServer(undefined, { HILINK_AUTH_FAILURES_PER_MINUTE: '5' })
  try {
    const { sessionId, tokens } = await sessionWithTokens(server, { kid: { role: 'learner' } })
    // Expired or forged tokens (a class whose links expired), more than the limit.
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${server.url}/api/v1/sessions/${sessionId}`, { headers: { authorization: `Bearer eyJhbGciOiJIUzI1NiJ9.e30.forged${i}` } })
      await res.arrayBuffer()
    }
    // The same address is now over its limit for failing credentials; a valid token still gets in, on both paths.
    const ok = await server.api('GET', `/api/v1/sessions/${sessionId}`, { auth: tokens.kid })
    assert.equal(ok.status, 200)
    const socket = new RawSyncSocket(server.url, sessionId, tokens.kid)
    await socket.opened()
    await waitFor(() => socket.received.length > 0, 5000, 'the valid token syncs')
    socket.close()
  } finally {
    await server.stop({ removeData: true })
  }
})
