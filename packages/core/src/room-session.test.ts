// RoomSession against the real server: commands queued through an outage, tokens renewed or expired. Run:
// node --import tsx --test packages/core/src/room-session.test.ts
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { parseResponse } from 'hono/client'
import { liveClass, startTestServer, tempDataDir, type TestServer } from '../../../server/test/helpers/test-server.ts'
import { waitFor, sleep } from '../../../server/test/helpers/sync-client.ts'
import { ApiError } from './room-session.ts'
import { testRooms } from './test-support/rooms.ts'
import { HandsModel } from './hands-model.ts'

const dataDir = tempDataDir()
let server: TestServer = await startTestServer(dataDir)
const { join, destroyAll } = testRooms(() => server.url)
after(async () => {
  destroyAll()
  await server.stop({ removeData: true })
})
const raised = (sessionId: string) =>
  server.services.events.forSession('default', sessionId).filter((e) => /raise/i.test(e.verb.id)).length

test('a hand raised while the server is down is pending, then sent once when it is back', async () => {
  const { sessionId, tokens } = await liveClass(server)
  const grace = join(tokens.grace)
  await waitFor(() => grace.status === 'live', 5000, 'live')
  const hands = new HandsModel(grace.doc, grace)
  const port = new URL(server.url).port
  await server.stop()

  const raising = hands.raise()
  await waitFor(() => grace.pendingCommands === 1, 5000, 'the raise is pending')
  assert.equal(hands.problem, undefined, 'no error while it waits')
  await sleep(1500)
  server = await startTestServer(dataDir, { PORT: port })
  assert.equal(await raising, true)
  assert.equal(grace.pendingCommands, 0)
  await waitFor(() => hands.raised, 10_000, 'the hand is in the queue')
  assert.equal(raised(sessionId), 1)
})

test('a command that cannot be sent in time is given up with words, never the browser text', async () => {
  const { tokens } = await liveClass(server)
  const grace = join(tokens.grace, { commandQueueMs: 300 })
  const gone = join(tokens.grace, { server: 'http://127.0.0.1:9', commandQueueMs: 300 })
  const err = await gone.client.sessions[':id'].hand.$put({ param: { id: gone.sessionId }, json: { raised: true } }).catch((e: unknown) => e)
  assert.ok(err instanceof ApiError)
  assert.equal(err.code, 'unreachable')
  assert.doesNotMatch(err.message, /fetch/i)
  const refused = await grace.client.sessions[':id'].polls[':pollId'].answer
    .$post({ param: { id: grace.sessionId, pollId: 'nope' }, json: { option: 0 } })
    .catch((e: unknown) => e)
  assert.ok(refused instanceof ApiError)
  assert.equal(refused.status, 400, 'a refusal is thrown at once, not queued')
  assert.equal(refused.code, 'invalid_request')
})

test('a short token is renewed by the provider before it expires; the socket reconnects with the new one', async () => {
  const { sessionId } = await liveClass(server)
  const mint = (ttlSeconds: number) =>
    server.services.tokens.mint({ userId: 'grace', name: 'Grace', role: 'learner', sessionId, tenantId: 'default', ttlSeconds })
  let asked = 0
  let warned = 0
  const grace = join((await mint(3)).token, {
    onTokenExpiring: () => (warned++, true),
    tokenProvider: async () => (asked++, (await mint(3600)).token),
  })
  await waitFor(() => asked === 1 && grace.status === 'live', 5000, 'renewed and live')
  assert.equal(warned, 1)
  await sleep(3500) // past the first token's exp
  assert.equal(grace.status, 'live')
  assert.equal(grace.identity.exp > Date.now() / 1000 + 3000, true)
  const hand = await parseResponse(grace.client.sessions[':id'].hand.$put({ param: { id: sessionId }, json: { raised: true } }))
  assert.equal(hand.raised, true)
})

test('without a provider the room closes at exp as expired; a forged token is invalid', async () => {
  const { sessionId, tokens } = await liveClass(server)
  const { token } = await server.services.tokens.mint({ userId: 'alan', name: 'Alan', role: 'learner', sessionId, tenantId: 'default', ttlSeconds: 2 })
  let warned = 0
  const alan = join(token, { onTokenExpiring: () => (warned++, true) })
  await waitFor(() => alan.status === 'live', 5000, 'live')
  assert.equal(warned, 1, 'warned at once: less than a minute left')
  await waitFor(() => alan.status === 'denied', 5000, 'closed at exp')
  assert.equal(alan.denial, 'expired')

  const [h, p] = tokens.grace.split('.')
  const forged = join(`${h}.${p}.${'A'.repeat(43)}`)
  await waitFor(() => forged.status === 'denied', 5000, 'refused')
  assert.equal(forged.denial, 'invalid')
})
