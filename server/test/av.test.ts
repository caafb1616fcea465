import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { RoomServiceClient } from 'livekit-server-sdk'
import WebSocket from 'ws'
import { defaultSfuBinary, sfuBinaryExists, startSfu, type RunningSfu } from '../src/av/sfu-process.ts'
import { liveClass, sessionWithTokens, startTestServer, tempDataDir, type TestServer } from './helpers/test-server.ts'

/**
 * Audio/video tokens and permissions against the real LiveKit SFU that `npm run setup` builds. A participant
 * joins through LiveKit's own signalling WebSocket (what livekit-client opens first), which is enough for the
 * SFU to list it and apply permission changes; media needs a browser (e2e/av.test.ts).
 */
const binary = process.env.HILINK_LIVEKIT_BIN ?? defaultSfuBinary()
const skip = sfuBinaryExists(binary) ? false : `no LiveKit SFU binary at ${binary} (npm run setup builds it when go is installed)`
if (skip) console.log(`# skipping AV tests: ${skip}`)

const apiKey = 'hilink-av-test'
const apiSecret = randomBytes(32).toString('base64url')

interface VideoClaims {
  sub: string
  name?: string
  exp: number
  nbf?: number
  attributes?: Record<string, string>
  video: {
    room: string
    roomJoin: boolean
    canPublish: boolean
    canSubscribe: boolean
    canPublishData: boolean
    canPublishSources: string[]
    hidden?: boolean
  }
}

function decodeJwt(token: string): VideoClaims {
  const payload = token.split('.')[1]
  assert.ok(payload, 'a JWT has a payload')
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as VideoClaims
}

/** Joins the LiveKit room through the signalling socket alone; resolves once the SFU has answered the join. */
async function joinSignalling(url: string, token: string): Promise<WebSocket> {
  const ws = new WebSocket(`${url}/rtc?access_token=${encodeURIComponent(token)}&auto_subscribe=1&sdk=js&protocol=16`)
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve())
    ws.once('error', reject)
    ws.once('unexpected-response', (_req, res) => reject(new Error(`signalling answered HTTP ${res.statusCode}`)))
  })
  return ws
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('AV against an external LiveKit (our SFU with keys of the test’s own)', { skip }, () => {
  let sfu: RunningSfu
  let server: TestServer
  let rooms: RoomServiceClient
  const sockets: WebSocket[] = []
  before(async () => {
    sfu = await startSfu({ binary, host: '127.0.0.1', apiKey, apiSecret, log: () => {}, stopGraceMs: 1000 })
    server = await startTestServer(tempDataDir(), { LIVEKIT_URL: sfu.url, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret })
    rooms = new RoomServiceClient(sfu.url.replace(/^ws/, 'http'), apiKey, apiSecret)
  })
  after(async () => {
    for (const ws of sockets) ws.close()
    await server?.stop({ removeData: true })
    await sfu?.stop()
  })

  test('GET /health says external', async () => {
    const health = await server.api('GET', '/health')
    assert.equal(health.status, 200)
    assert.equal(health.body.av, 'external')
  })

  test('grants by role: instructor and TA publish with screen share, learners and observers only subscribe, observers hidden', async () => {
    const { sessionId, tokens, api } = await liveClass(server)
    const grants: Record<string, VideoClaims> = {}
    for (const who of ['ada', 'tom', 'grace', 'olga'] as const) {
      const res = await api('POST', '/av-token', tokens[who])
      assert.equal(res.status, 200, JSON.stringify(res.body))
      assert.equal(res.body.url, sfu.url)
      assert.equal(res.body.room, `default__${sessionId}`)
      assert.equal(res.body.identity, who)
      grants[who] = decodeJwt(res.body.token)
      assert.equal(grants[who].sub, who)
      assert.equal(grants[who].video.room, `default__${sessionId}`)
      assert.equal(grants[who].video.roomJoin, true)
      assert.equal(grants[who].video.canSubscribe, true)
      assert.equal(grants[who].video.canPublishData, false)
      // Short-lived: for joining only.
      const ttl = grants[who].exp - Math.floor(Date.now() / 1000)
      assert.ok(ttl > 60 && ttl <= 600, `ttl ${ttl}`)
    }
    for (const staff of ['ada', 'tom']) {
      assert.equal(grants[staff]?.video.canPublish, true)
      assert.deepEqual(grants[staff]?.video.canPublishSources, ['camera', 'microphone', 'screen_share', 'screen_share_audio'])
      assert.equal(grants[staff]?.attributes?.role, staff === 'ada' ? 'instructor' : 'ta')
    }
    assert.equal(grants.grace?.video.canPublish, false, 'learners do not publish until the instructor allows it')
    assert.deepEqual(grants.grace?.video.canPublishSources, [])
    assert.equal(grants.grace?.video.hidden ?? false, false)
    assert.equal(grants.olga?.video.canPublish, false)
    assert.equal(grants.olga?.video.hidden, true, 'observers are hidden')

    // Once allowed, a new learner token publishes camera and microphone (never the screen).
    assert.equal((await api('PUT', '/av/learners', tokens.ada, { publish: true })).status, 200)
    const allowed = decodeJwt((await api('POST', '/av-token', tokens.alan)).body.token)
    assert.equal(allowed.video.canPublish, true)
    assert.deepEqual(allowed.video.canPublishSources, ['camera', 'microphone'])
    assert.equal(decodeJwt((await api('POST', '/av-token', tokens.olga)).body.token).video.canPublish, false, 'observers never publish')
  })

  test('the instructor’s switch changes a connected learner’s permissions in the SFU, and the setting reaches the document', async () => {
    const { sessionId, tokens, api } = await liveClass(server)
    const room = `default__${sessionId}`
    const grace = await api('POST', '/av-token', tokens.grace)
    sockets.push(await joinSignalling(grace.body.url, grace.body.token))
    const ada = await api('POST', '/av-token', tokens.ada)
    sockets.push(await joinSignalling(ada.body.url, ada.body.token))
    const permissionOf = async (identity: string) => (await rooms.listParticipants(room)).find((p) => p.identity === identity)?.permission
    const before = await waitFor(async () => permissionOf('grace'), 'grace in the room')
    assert.equal(before.canPublish, false)

    const allowed = await api('PUT', '/av/learners', tokens.ada, { publish: true })
    assert.deepEqual(allowed, { status: 200, body: { publish: true } })
    const after = await permissionOf('grace')
    assert.equal(after?.canPublish, true)
    assert.equal((await permissionOf('ada'))?.canPublish, true)
    assert.equal(server.services.av.learnersPublish('default', sessionId), true)
    let inDoc: unknown
    server.services.sync.changeDoc('default', sessionId, (doc) => {
      inDoc = doc.getMap('session').get('avLearnersPublish')
    })
    assert.equal(inDoc, true, 'clients see the setting in the session map')

    assert.equal((await api('PUT', '/av/learners', tokens.ada, { publish: false })).body.publish, false)
    assert.equal((await permissionOf('grace'))?.canPublish, false)
    assert.equal((await permissionOf('ada'))?.canPublish, true, 'the instructor keeps publishing')

    // Only the instructor switches it, with a boolean.
    assert.equal((await api('PUT', '/av/learners', tokens.tom, { publish: true })).status, 403)
    assert.equal((await api('PUT', '/av/learners', tokens.grace, { publish: true })).status, 403)
    const bad = await api('PUT', '/av/learners', tokens.ada, { publish: 'yes' })
    assert.equal(bad.status, 400)
    assert.equal(bad.body.error.code, 'invalid_request')
    assert.equal((await permissionOf('grace'))?.canPublish, false)
  })

  test('the end of a session removes everyone from its AV room and refuses new AV tokens (409)', async () => {
    const { sessionId, tokens, api } = await liveClass(server)
    const room = `default__${sessionId}`
    const grace = await api('POST', '/av-token', tokens.grace)
    const ws = await joinSignalling(grace.body.url, grace.body.token)
    sockets.push(ws)
    await waitFor(async () => ((await rooms.listParticipants(room)).length > 0 ? true : undefined), 'a participant')
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()))
    assert.equal((await api('POST', '/end', tokens.ada)).status, 200)
    await waitFor(async () => ((await rooms.listRooms()).some((r) => r.name === room) ? undefined : true), 'the room to close')
    await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the SFU kept the learner connected')), 5000))])

    const refused = await api('POST', '/av-token', tokens.grace)
    assert.equal(refused.status, 409)
    assert.equal(refused.body.error.code, 'conflict')
    assert.equal((await api('PUT', '/av/learners', tokens.ada, { publish: true })).status, 409)
  })

  test('another session’s token, an admin key, no token: 404, 403, 401', async () => {
    const one = await liveClass(server)
    const two = await sessionWithTokens(server, { zed: { role: 'learner' } })
    const cross = await server.api('POST', `/api/v1/sessions/${one.sessionId}/av-token`, { auth: two.tokens.zed })
    assert.equal(cross.status, 404)
    assert.equal(cross.body.error.code, 'not_found')
    const admin = await server.api('POST', `/api/v1/sessions/${one.sessionId}/av-token`, { auth: 'hl_admin_test-key-of-tenant-default-0000' })
    assert.equal(admin.status, 403)
    assert.equal((await server.api('POST', `/api/v1/sessions/${one.sessionId}/av-token`)).status, 401)
  })
})

describe('AV off', () => {
  let server: TestServer
  before(async () => {
    server = await startTestServer(tempDataDir(), { HILINK_AV: 'off' })
  })
  after(async () => server?.stop({ removeData: true }))

  test('404 av_not_configured, and /health says off', async () => {
    const { tokens, api } = await liveClass(server)
    const res = await api('POST', '/av-token', tokens.grace)
    assert.equal(res.status, 404)
    assert.equal(res.body.error.code, 'av_not_configured')
    assert.equal((await api('PUT', '/av/learners', tokens.ada, { publish: true })).body.error.code, 'av_not_configured')
    assert.equal((await server.api('GET', '/health')).body.av, 'off')
  })
})

describe('AV embedded: the server runs its own SFU', { skip }, () => {
  test('starts the SFU on free loopback ports with keys of the data dir, answers tokens for it, stops it with the server', async () => {
    const dataDir = tempDataDir()
    // Everything the server and the SFU print while it runs (the SFU's lines come prefixed through console.log).
    const printed: string[] = []
    const originals = { log: console.log, warn: console.warn, error: console.error }
    for (const level of ['log', 'warn', 'error'] as const) {
      console[level] = (...args: unknown[]) => {
        printed.push(args.map(String).join(' '))
        originals[level](...args)
      }
    }
    const server = await startTestServer(dataDir, { HILINK_AV: 'embedded', HILINK_LIVEKIT_BIN: binary })
    try {
      // HiLink answers while the SFU starts; an AV token waits for it.
      const early = await liveClass(server)
      const first = await early.api('POST', '/av-token', early.tokens.grace)
      assert.equal(first.status, 200, JSON.stringify(first.body))
      assert.equal((await server.api('GET', '/health')).body.av, 'embedded')
      await server.services.av.ready
      const sfu = server.services.av.embeddedSfu
      assert.ok(sfu, 'the SFU runs')
      assert.equal(sfu.isRunning(), true)
      assert.match(sfu.url, /^ws:\/\/127\.0\.0\.1:\d+$/)
      const { tokens, api } = await liveClass(server)
      const res = await api('POST', '/av-token', tokens.ada)
      assert.equal(res.status, 200)
      assert.equal(res.body.url, sfu.url)
      const claims = decodeJwt(res.body.token)
      const header = JSON.parse(Buffer.from(res.body.token.split('.')[0], 'base64url').toString()) as { alg: string }
      assert.equal(header.alg, 'HS256')
      // The SFU accepts the token: it was signed with the generated keys it runs with.
      const ws = await joinSignalling(res.body.url, res.body.token)
      ws.close()
      assert.equal(claims.sub, 'ada')
      // The keys are generated for this data dir: neither LiveKit's dev keys nor short.
      const secret = server.services.db.prepare<[], { value: Buffer }>("SELECT value FROM secrets WHERE name = 'livekit-api-secret'").get()
      assert.ok(secret && Buffer.from(secret.value).toString('base64url').length >= 32)
      assert.notEqual(Buffer.from(secret.value).toString('base64url'), 'secret')
      const secretText = secret ? Buffer.from(secret.value).toString('base64url') : 'unset'
      const stopped = server.stop({ removeData: true })
      await stopped
      await sfu.exited
      assert.equal(sfu.isRunning(), false)
      assert.ok(printed.some((line) => line.includes('LiveKit SFU')), 'the start is announced')
      assert.equal(printed.filter((line) => line.includes(secretText)).length, 0, 'the SFU secret is never printed')
    } finally {
      Object.assign(console, originals)
      await server.stop({ removeData: true }).catch(() => {})
    }
  })

  test('an SFU that dies turns AV off (health says so, tokens answer av_not_configured); the server stays up', async () => {
    const server = await startTestServer(tempDataDir(), { HILINK_AV: 'embedded', HILINK_LIVEKIT_BIN: binary })
    try {
      await server.services.av.ready
      const sfu = server.services.av.embeddedSfu
      assert.ok(sfu, 'the SFU runs')
      process.kill(sfu.pid, 'SIGKILL')
      await sfu.exited
      await new Promise((r) => setTimeout(r, 50))
      assert.equal((await server.api('GET', '/health')).body.av, 'off')
      const { tokens, api } = await liveClass(server)
      const res = await api('POST', '/av-token', tokens.ada)
      assert.equal(res.status, 404)
      assert.equal(res.body.error.code, 'av_not_configured')
    } finally {
      await server.stop({ removeData: true })
    }
  })
})
