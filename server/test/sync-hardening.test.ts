import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import { syncCloseCodes } from '@hilink/protocol'
import { liveClass, sessionWithTokens, startTestServer, useTestServer } from './helpers/test-server.ts'
import { connectPeer, destroyAllPeers, waitFor, whenSynced, sleep } from './helpers/sync-client.ts'
import { RawSyncSocket, closeAllRawSockets } from './helpers/raw-socket.ts'
import { boardPage, boardShape } from './helpers/board-records.ts'

/**
 * The sync socket under attack and under load (issue 7): the write guard's cost, presence takeover, the size of
 * presences and documents, and a client that stops reading. Attacks are raw y-websocket frames.
 */
const testServer = useTestServer(() => {
  destroyAllPeers()
  closeAllRawSockets()
})

/**
 * An update of `count` separate array items, each inserted before the previous one: every item names only its
 * right neighbour, so deciding its root means following a chain through the whole update (the old guard's
 * cubic case). 4,500 items is about 35 KB.
 */
function chainedUpdate(root: string, count: number): Uint8Array {
  const doc = new Y.Doc()
  const array = doc.getArray<number>(root)
  for (let i = 0; i < count; i++) array.insert(0, [i])
  return Y.encodeStateAsUpdate(doc)
}

/** How long `/health` takes to answer while `work` runs on the same server. */
async function healthLatencyDuring(work: () => void): Promise<number> {
  const started = Date.now()
  const health = fetch(`${testServer().url}/health`).then(() => Date.now() - started)
  work()
  return health
}

async function openRaw(sessionId: string, token: string): Promise<RawSyncSocket> {
  const socket = new RawSyncSocket(testServer().url, sessionId, token)
  await socket.opened()
  await waitFor(() => socket.received.length > 0)
  return socket
}

test('large chained updates are decided in linear time: the server keeps answering', async () => {
  const { sessionId, tokens } = await liveClass(testServer())
  const learner = await openRaw(sessionId, tokens.grace)
  const observer = await openRaw(sessionId, tokens.olga)
  for (const count of [4_500, 20_000]) {
    const update = chainedUpdate('scratch', count)
    // The learner's update is analysed in full, then refused (unknown root); the observer's before decoding.
    const learnerWait = await healthLatencyDuring(() => learner.sendUpdate(update))
    const observerWait = await healthLatencyDuring(() => observer.sendUpdate(update))
    await waitFor(() => learner.denied.length > 0 && observer.denied.length > 0, 10_000, 'both refused')
    assert.ok(learnerWait < 1000, `/health waited ${learnerWait} ms during a ${count}-item learner update`)
    assert.ok(observerWait < 1000, `/health waited ${observerWait} ms during a ${count}-item observer update`)
    assert.match(learner.denied.pop() as string, /unknown part "scratch"/)
    assert.match(observer.denied.pop() as string, /observers cannot write/)
  }
})

test('a learner cannot write presence under the instructor’s client id, nor remove it', async () => {
  const { sessionId, tokens } = await liveClass(testServer())
  const ada = connectPeer(testServer().url, sessionId, tokens.ada)
  const tom = connectPeer(testServer().url, sessionId, tokens.tom)
  await Promise.all([whenSynced(ada), whenSynced(tom)])
  ada.provider.awareness.setLocalStateField('user', { id: 'ada', name: 'Ada', role: 'instructor' })
  const seenByTom = () => tom.provider.awareness.getStates().get(ada.doc.clientID) as { user?: { id: string }; cursor?: number } | undefined
  await waitFor(() => seenByTom()?.user?.id === 'ada', 5000, 'Tom sees Ada')

  // Grace crafts entries under Ada's client id: first with her own (valid) identity, then a removal.
  const grace = await openRaw(sessionId, tokens.grace)
  const forgedDoc = new Y.Doc()
  forgedDoc.clientID = ada.doc.clientID
  const forged = new awarenessProtocol.Awareness(forgedDoc)
  forged.setLocalState({ user: { id: 'grace', name: 'Grace', role: 'learner' } })
  // Clocks above Ada's so that a server that accepted them would apply them.
  for (let i = 0; i < 5; i++) forged.setLocalStateField('tick', i)
  grace.sendAwareness(forged)
  forged.setLocalState(null)
  grace.sendAwareness(forged)
  await sleep(300)
  assert.equal(seenByTom()?.user?.id, 'ada', 'Tom still sees Ada under her client id')

  // Ada's own later updates still go through.
  ada.provider.awareness.setLocalStateField('cursor', 42)
  await waitFor(() => seenByTom()?.cursor === 42, 5000, 'Ada’s later presence reaches Tom')
  forged.destroy()
})

test('a presence larger than 16 KB is refused and reaches nobody', async () => {
  const { sessionId, tokens } = await liveClass(testServer())
  const tom = connectPeer(testServer().url, sessionId, tokens.tom)
  await whenSynced(tom)
  const grace = await openRaw(sessionId, tokens.grace)
  const doc = new Y.Doc()
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalState({ user: { id: 'grace', name: 'Grace', role: 'learner' }, junk: 'x'.repeat(1_500_000) })
  grace.sendAwareness(awareness)
  await waitFor(() => grace.denied.length > 0, 5000, 'refusal')
  assert.match(grace.denied[0] as string, /presence state too large/)
  await sleep(100)
  assert.equal(tom.provider.awareness.getStates().has(doc.clientID), false)
  awareness.destroy()
})

test('an update written under another user’s client id is refused', async () => {
  const { sessionId, tokens } = await liveClass(testServer())
  // Ada draws; Grace then sends a struct that claims to be Ada's next one.
  const ada = connectPeer(testServer().url, sessionId, tokens.ada)
  await whenSynced(ada)
  const shape = boardShape('ada-1')
  ada.doc.transact(() => {
    ada.doc.getMap('whiteboard').set(boardPage.id, boardPage)
    ada.doc.getMap('whiteboard').set(shape.id, shape)
  })
  const server = testServer().services.sync.loadedDoc('default', sessionId)
  await waitFor(() => server?.getMap('whiteboard').has(shape.id) === true, 5000, 'Ada’s write stored')
  const grace = await openRaw(sessionId, tokens.grace)
  const forged = new Y.Doc()
  Y.applyUpdate(forged, Y.encodeStateAsUpdate(ada.doc))
  forged.clientID = ada.doc.clientID // after applying: Yjs would pick a new id on seeing its own in an update
  let update: Uint8Array | undefined
  forged.on('update', (u: Uint8Array) => (update = u))
  forged.getMap('whiteboard').set(shape.id, { ...shape, x: 999 })
  assert.ok(update)
  assert.ok(Y.decodeUpdate(update).structs.every((s) => s.id.client === ada.doc.clientID))
  grace.sendUpdate(update)
  await waitFor(() => grace.denied.length > 0, 5000, 'refusal')
  assert.match(grace.denied[0] as string, /another user's client id/)
  assert.equal((server?.getMap('whiteboard').get(shape.id) as { x: number }).x, shape.x)
})

test('after the lesson ends the board is read-only for learners, not for instructors', async () => {
  const { sessionId, tokens, api } = await liveClass(testServer())
  assert.equal((await api('POST', '/end', tokens.ada)).status, 200)
  const grace = connectPeer(testServer().url, sessionId, tokens.grace)
  const ada = connectPeer(testServer().url, sessionId, tokens.ada)
  await Promise.all([whenSynced(grace), whenSynced(ada)])
  const late = boardShape('late-scribble')
  const wrapUp = boardShape('wrap-up')
  grace.doc.getMap('whiteboard').set(late.id, late)
  ada.doc.transact(() => {
    ada.doc.getMap('whiteboard').set(boardPage.id, boardPage)
    ada.doc.getMap('whiteboard').set(wrapUp.id, wrapUp)
  })
  const server = testServer().services.sync.loadedDoc('default', sessionId)
  await waitFor(() => server?.getMap('whiteboard').has(wrapUp.id) === true, 5000, 'the instructor’s write')
  await sleep(200)
  assert.equal(server?.getMap('whiteboard').has(late.id), false)
  assert.equal(ada.doc.getMap('whiteboard').has(late.id), false, 'the instructor never receives it')
})

test('writes beyond the document size limit are refused and stored nowhere', async () => {
  const server = await startTestServer(undefined, { HILINK_MAX_DOC_BYTES: String(64 * 1024) })
  try {
    const { sessionId, tokens } = await sessionWithTokens(server, { ada: { role: 'instructor' } })
    const socket = new RawSyncSocket(server.url, sessionId, tokens.ada)
    await socket.opened()
    await waitFor(() => socket.received.length > 0)
    const doc = new Y.Doc()
    doc.getMap('whiteboard').set('huge', 'x'.repeat(100 * 1024))
    socket.sendUpdate(Y.encodeStateAsUpdate(doc))
    await waitFor(() => socket.denied.length > 0, 5000, 'refusal')
    assert.match(socket.denied[0] as string, /size limit/)
    const live = server.services.sync.loadedDoc('default', sessionId)
    assert.equal(live?.getMap('whiteboard').has('huge'), false)
    socket.close()
  } finally {
    await server.stop({ removeData: true })
  }
})

test('a connection that stops reading is closed instead of buffering without end', async () => {
  const server = await startTestServer(undefined, { HILINK_MAX_BUFFERED_BYTES: String(512 * 1024) })
  try {
    const { sessionId, tokens } = await sessionWithTokens(server, { kid: { role: 'learner' } })
    const slow = new RawSyncSocket(server.url, sessionId, tokens.kid)
    await slow.opened()
    await waitFor(() => slow.received.length > 0)
    slow.pauseReading()
    // Server-authored changes (as commands make) are relayed to every connection: 24 MB of them.
    for (let i = 0; i < 48; i++) {
      server.services.sync.changeDoc('default', sessionId, (doc) => doc.getMap('captions').set(`c${i}`, 'y'.repeat(512 * 1024)))
      await sleep(5)
    }
    slow.resumeReading()
    assert.equal(await slow.closed(10_000), syncCloseCodes.tooSlow)
  } finally {
    await server.stop({ removeData: true })
  }
})

test('a client that reconnects after the server changed the session keeps its offline edits (its delete set is not a write)', async () => {
  const { sessionId, tokens } = await sessionWithTokens(testServer(), { ada: { role: 'instructor' }, kid: { role: 'learner' } })
  const kid = connectPeer(testServer().url, sessionId, tokens.kid)
  await whenSynced(kid)
  // The server overwrites session values: the learner's document now holds deletions of server-authored items.
  const start = await testServer().api('POST', `/api/v1/sessions/${sessionId}/start`, { auth: tokens.ada })
  assert.equal(start.status, 200)
  await waitFor(() => kid.doc.getMap('session').get('state') === 'live', 5000, 'live reaches the learner')
  kid.provider.disconnect()
  await waitFor(() => kid.provider.ws === null, 5000, 'the learner offline')
  const shape = boardShape('offline-1')
  kid.doc.transact(() => {
    kid.doc.getMap('whiteboard').set(boardPage.id, boardPage)
    kid.doc.getMap('whiteboard').set(shape.id, shape)
  })
  kid.provider.connect()
  // The room unloaded when its only client left: look at whichever document is loaded now.
  const board = () => testServer().services.sync.loadedDoc('default', sessionId)?.getMap('whiteboard')
  await waitFor(() => board()?.has(shape.id) === true, 15_000, 'the offline shape after reconnecting')
})
