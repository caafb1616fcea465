import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { syncCloseCodes } from '@hilink/protocol'
import { configFromEnv } from '../src/config.ts'
import { sessionWithTokens, startTestServer, tempDataDir, type TestServer } from './helpers/test-server.ts'
import { RawSyncSocket } from './helpers/raw-socket.ts'

/**
 * The client's address behind a reverse proxy (HILINK_TRUSTED_PROXIES). The test itself connects from
 * 127.0.0.1, so where that address is trusted the test plays the proxy and says who the client is through
 * X-Forwarded-For. The failed sign-in limit (HILINK_AUTH_FAILURES_PER_MINUTE) is small so that its 429 shows.
 */

const limit = 3

/** A failed sign-in: an admin key that does not exist, each with its own prefix so that only the address counts. */
let guesses = 0
async function failedSignIn(server: TestServer, forwardedFor?: string): Promise<number> {
  guesses += 1
  const headers: Record<string, string> = { authorization: `Bearer hl_admin_${guesses}-guess-${'x'.repeat(20)}` }
  if (forwardedFor !== undefined) headers['x-forwarded-for'] = forwardedFor
  const res = await fetch(`${server.url}/api/v1/sessions`, { headers })
  await res.arrayBuffer()
  return res.status
}

async function failedSignIns(server: TestServer, count: number, forwardedFor?: string): Promise<number[]> {
  const statuses: number[] = []
  for (let i = 0; i < count; i++) statuses.push(await failedSignIn(server, forwardedFor))
  return statuses
}

/** A forged participant token: refused like any bad token (4401), counted against the upgrade's client. */
const forgedToken = 'eyJhbGciOiJIUzI1NiJ9.e30.forged'

async function failedUpgrade(server: TestServer, sessionId: string, forwardedFor: string): Promise<number> {
  const socket = new RawSyncSocket(server.url, sessionId, forgedToken, { 'x-forwarded-for': forwardedFor })
  return socket.closed(15_000)
}

test('behind a trusted proxy, failed sign-ins count per forwarded client: one guesser is limited, the next client is not', async () => {
  const server = await startTestServer(tempDataDir(), { HILINK_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8', HILINK_AUTH_FAILURES_PER_MINUTE: String(limit) })
  try {
    assert.deepEqual(await failedSignIns(server, limit, '203.0.113.7'), [401, 401, 401])
    assert.equal(await failedSignIn(server, '203.0.113.7'), 429, 'the guesser is over the limit')
    // Another pupil of the same school, through the same proxy: a fresh count.
    assert.equal(await failedSignIn(server, '198.51.100.9'), 401, 'another client is not limited by the guesser')
    // Through a second trusted hop (10.0.0.0/8) the walk goes on to the same client: still limited.
    assert.equal(await failedSignIn(server, '203.0.113.7, 10.1.2.3'), 429)
    // What the guesser writes into the header themselves stands left of what the proxy appends: ignored.
    assert.equal(await failedSignIn(server, '192.0.2.55, 203.0.113.7'), 429, 'a forged entry left of the proxy’s does not give a fresh count')
    // The limit refuses failures only: a valid admin key from the limited client still gets in.
    const valid = await fetch(`${server.url}/api/v1/sessions`, {
      headers: { authorization: `Bearer ${server.services.config.adminKey}`, 'x-forwarded-for': '203.0.113.7' },
    })
    assert.equal(valid.status, 200)
    await valid.arrayBuffer()
  } finally {
    await server.stop({ removeData: true })
  }
})

test('without HILINK_TRUSTED_PROXIES a forged X-Forwarded-For is ignored: every attempt from one socket address counts together', async () => {
  const server = await startTestServer(tempDataDir(), { HILINK_AUTH_FAILURES_PER_MINUTE: String(limit) })
  try {
    assert.deepEqual(server.services.config.trustedProxies, [])
    const statuses: number[] = []
    for (let i = 0; i < limit + 2; i++) statuses.push(await failedSignIn(server, `203.0.113.${10 + i}`))
    assert.deepEqual(statuses, [401, 401, 401, 429, 429], 'a new forwarded address each time does not give a fresh count')
    assert.equal(await failedSignIn(server), 429, 'the socket’s own address is the one that was counted')
  } finally {
    await server.stop({ removeData: true })
  }
})

test('a WebSocket upgrade behind the trusted proxy counts against the forwarded client, shared with the HTTP API', async () => {
  const server = await startTestServer(tempDataDir(), { HILINK_TRUSTED_PROXIES: 'loopback', HILINK_AUTH_FAILURES_PER_MINUTE: String(limit) })
  try {
    const { sessionId, tokens } = await sessionWithTokens(server, { kid: { role: 'learner' } })
    for (let i = 0; i < limit; i++) assert.equal(await failedUpgrade(server, sessionId, '203.0.113.7'), syncCloseCodes.unauthorized)
    assert.equal(await failedUpgrade(server, sessionId, '203.0.113.7'), syncCloseCodes.rateLimited, 'the guesser’s socket is over the limit')
    assert.equal(await failedUpgrade(server, sessionId, '198.51.100.9'), syncCloseCodes.unauthorized, 'another client’s socket is not')
    // One limiter for sockets and the API: the same client is limited over HTTP too, the other is not.
    assert.equal(await failedSignIn(server, '203.0.113.7'), 429)
    assert.equal(await failedSignIn(server, '198.51.100.9'), 401)
    // A valid token from the limited client still joins.
    const good = new RawSyncSocket(server.url, sessionId, tokens.kid, { 'x-forwarded-for': '203.0.113.7' })
    await good.opened()
    good.close()
  } finally {
    await server.stop({ removeData: true })
  }
})

test('HILINK_TRUSTED_PROXIES takes addresses, CIDR ranges and the keywords; anything else is refused naming the entry', () => {
  const config = configFromEnv({ HILINK_TRUSTED_PROXIES: ' loopback, 10.0.0.0/8 ,fd00::/8,192.0.2.1,uniquelocal,' })
  assert.deepEqual(config.trustedProxies, ['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.1', 'uniquelocal'])
  assert.deepEqual(configFromEnv({ HILINK_TRUSTED_PROXIES: '' }).trustedProxies, [])
  for (const bad of ['10.0.0.0/33', 'proxy.example.org', '10.0.0.0/8;192.168.0.1', 'everything']) {
    assert.throws(
      () => configFromEnv({ HILINK_TRUSTED_PROXIES: bad }),
      (err: Error) => err.message.startsWith('Invalid configuration:') && err.message.includes('HILINK_TRUSTED_PROXIES: "') && err.message.includes('not an IP address, a CIDR range'),
      bad,
    )
  }
})

test('the server refuses to start with an invalid HILINK_TRUSTED_PROXIES and says why', async () => {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
  // Never created: the configuration is read before anything is written.
  const dataDir = path.join(tempDataDir(), 'never-created')
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'server/src/main.ts')], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', HILINK_DATA_DIR: dataDir, HILINK_AV: 'off', HILINK_TRUSTED_PROXIES: '127.0.0.1,10.0.0.0/33' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  assert.equal(code, 1, `exit code; stdout: ${stdout}`)
  assert.match(stderr, /Invalid configuration:\n {2}HILINK_TRUSTED_PROXIES: "10\.0\.0\.0\/33" is not an IP address/)
  assert.doesNotMatch(stdout, /listening/)
  assert.equal(fs.existsSync(dataDir), false)
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true })
})
