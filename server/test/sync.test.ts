import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import { TokenService } from '../src/auth/tokens.ts'
import { SecretsRepo } from '../src/db/secrets-repo.ts'
import { DocUpdatesRepo } from '../src/db/doc-updates-repo.ts'
import { docKey } from '../src/sync/sync-server.ts'
import { sessionWithTokens, startTestServer, useTestServer } from './helpers/test-server.ts'
import { connectPeer, destroyAllPeers, waitFor, whenSynced, sleep } from './helpers/sync-client.ts'
import { boardShape } from './helpers/board-records.ts'
import { RawSyncSocket, closeAllRawSockets } from './helpers/raw-socket.ts'

const testServer = useTestServer(() => {
  destroyAllPeers()
  closeAllRawSockets()
})

test('two y-websocket clients share a document through the server', async () => {
  const { sessionId, tokens } = await sessionWithTokens(testServer(), { ada: { role: 'instructor' }, bo: { role: 'learner' } })
  const a = connectPeer(testServer().url, sessionId, tokens.ada)
  const b = connectPeer(testServer().url, sessionId, tokens.bo)
  try {
    await Promise.all([whenSynced(a), whenSynced(b)])
    const rect = boardShape('1', 'geo', { x: 10 })
    a.doc.getMap('whiteboard').set(rect.id, rect)
    await waitFor(() => b.doc.getMap('whiteboard').has('shape:1'), 3000, 'update reaches b')
    assert.deepEqual(b.doc.getMap('whiteboard').get('shape:1'), rect)
    const line = boardShape('2', 'line')
    b.doc.getMap('whiteboard').set(line.id, line)
    await waitFor(() => a.doc.getMap('whiteboard').has('shape:2'), 3000, 'update reaches a')
  } finally {
    a.destroy()
    b.destroy()
  }
})

test('bad, expired and other-session tokens are closed with 4401', async () => {
  const one = await sessionWithTokens(testServer(), { ada: { role: 'instructor' } })
  const two = await sessionWithTokens(testServer(), {})
  const signer = new TokenService(new SecretsRepo(testServer().services.db).getOrCreate('token-signing-key'))
  const expired = await signer.mint(
    { userId: 'ada', name: 'ada', role: 'instructor', sessionId: one.sessionId, tenantId: 'default', ttlSeconds: 60 },
    Date.now() - 3600_000,
  )
  const forged = await new TokenService(new Uint8Array(32).fill(7)).mint({
    userId: 'ada', name: 'ada', role: 'instructor', sessionId: one.sessionId, tenantId: 'default',
  })
  const attempts: Array<[string, string, string]> = [
    ['garbage', one.sessionId, 'garbage'],
    ['expired', one.sessionId, expired.token],
    ['forged', one.sessionId, forged.token],
    ['other session', two.sessionId, one.tokens.ada],
  ]
  for (const [what, sessionId, token] of attempts) {
    const socket = new RawSyncSocket(testServer().url, sessionId, token)
    assert.equal(await socket.closed(), 4401, what)
    assert.equal(socket.received.length, 0, `${what}: no document bytes before the refusal`)
  }
})

test('awareness reaches the other clients, and a spoofed identity is refused', async () => {
  const { sessionId, tokens } = await sessionWithTokens(testServer(), { ada: { role: 'instructor', name: 'Ada' }, bo: { role: 'learner', name: 'Bo' } })
  const a = connectPeer(testServer().url, sessionId, tokens.ada)
  const b = connectPeer(testServer().url, sessionId, tokens.bo)
  try {
    await Promise.all([whenSynced(a), whenSynced(b)])
    a.provider.awareness.setLocalStateField('user', { id: 'ada', name: 'Ada', role: 'instructor' })
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === 'Ada', 3000, 'presence of Ada')
    // Bo pretends to be the instructor: the server drops it, so Ada never sees it.
    b.provider.awareness.setLocalStateField('user', { id: 'ada', name: 'Ada', role: 'instructor' })
    await sleep(300)
    assert.equal(a.provider.awareness.getStates().get(b.doc.clientID), undefined)
    b.provider.awareness.setLocalStateField('user', { id: 'bo', name: 'Bo', role: 'learner' })
    await waitFor(() => a.provider.awareness.getStates().get(b.doc.clientID)?.user?.name === 'Bo', 3000, 'presence of Bo')
    // Leaving removes the presence.
    b.destroy()
    await waitFor(() => !a.provider.awareness.getStates().has(b.doc.clientID), 3000, 'Bo leaves')
  } finally {
    a.destroy()
    b.destroy()
  }
})

test('nobody can clear or overwrite another participant’s presence', async () => {
  const { sessionId, tokens } = await sessionWithTokens(testServer(), {
    ada: { role: 'instructor', name: 'Ada' },
    bo: { role: 'learner', name: 'Bo' },
    cy: { role: 'learner', name: 'Cy' },
  })
  const a = connectPeer(testServer().url, sessionId, tokens.ada)
  const b = connectPeer(testServer().url, sessionId, tokens.bo)
  await Promise.all([whenSynced(a), whenSynced(b)])
  a.provider.awareness.setLocalStateField('user', { id: 'ada', name: 'Ada', role: 'instructor' })
  await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === 'Ada', 3000, 'Ada present')

  // Cy crafts awareness entries for Ada's client id: a removal and an impersonation, with a newer clock.
  const attacker = new RawSyncSocket(testServer().url, sessionId, tokens.cy)
  await attacker.opened()
  const forged = new Y.Doc()
  forged.clientID = a.doc.clientID
  const fake = new awarenessProtocol.Awareness(forged)
  fake.setLocalState({ user: { id: 'ada', name: 'Ada', role: 'instructor' }, cursor: 'hijacked' })
  for (let i = 0; i < 5; i++) fake.setLocalStateField('cursor', `hijacked-${i}`)
  attacker.sendAwareness(fake)
  fake.setLocalState(null)
  attacker.sendAwareness(fake)
  await sleep(300)
  const seen = b.provider.awareness.getStates().get(a.doc.clientID)
  assert.equal(seen?.user?.name, 'Ada', 'Ada is still present for Bo')
  assert.equal(seen?.cursor, undefined, 'no forged fields')
  attacker.close()
  fake.destroy() // an Awareness keeps a timer until destroyed
  a.destroy()
  b.destroy()
})

test('the document is loaded from SQLite before the first sync message', async () => {
  const { sessionId, tokens } = await sessionWithTokens(testServer(), { ada: { role: 'instructor' } })
  const writer = connectPeer(testServer().url, sessionId, tokens.ada)
  await whenSynced(writer)
  writer.doc.getMap('whiteboard').set('shape:1', boardShape('1', 'geo', { x: 42 }))
  await waitFor(() => testServer().services.sync.loadedDoc('default', sessionId)?.getMap('whiteboard').has('shape:1') ?? false)
  writer.destroy()
  await waitFor(() => testServer().services.sync.loadedDoc('default', sessionId) === undefined, 3000, 'room unloads')

  // A fresh connection: the server's very first message (sync step 1) already carries the stored state vector.
  const socket = new RawSyncSocket(testServer().url, sessionId, tokens.ada)
  await waitFor(() => socket.received.length > 0, 3000, 'first message')
  const first = decoding.createDecoder(socket.received[0] as Uint8Array)
  assert.equal(decoding.readVarUint(first), 0, 'sync message')
  assert.equal(decoding.readVarUint(first), 0, 'sync step 1')
  const stateVector = Y.decodeStateVector(decoding.readVarUint8Array(first))
  assert.ok((stateVector.get(writer.doc.clientID) ?? 0) > 0, 'state vector includes the stored update')
  socket.close()

  // And a y-websocket client sees the content at the moment it reports synced.
  const reader = connectPeer(testServer().url, sessionId, tokens.ada)
  let contentWhenSynced: unknown
  reader.provider.on('sync', (synced: boolean) => {
    if (synced) contentWhenSynced = (reader.doc.getMap('whiteboard').get('shape:1') as { x: number } | undefined)?.x
  })
  await whenSynced(reader)
  assert.equal(contentWhenSynced, 42)
  reader.destroy()
})

test('a room unloads when its last client leaves, and updates are compacted', async () => {
  const { sessionId, tokens } = await sessionWithTokens(testServer(), { ada: { role: 'instructor' } })
  const a = connectPeer(testServer().url, sessionId, tokens.ada)
  await whenSynced(a)
  assert.ok(testServer().services.sync.loadedDoc('default', sessionId), 'loaded while a client is in it')
  const board = a.doc.getMap('whiteboard')
  for (let i = 0; i < 700; i++) board.set(`shape:${i % 50}`, boardShape(String(i % 50), 'geo', { x: i }))
  const repo = new DocUpdatesRepo(testServer().services.db)
  const key = docKey('default', sessionId)
  const xOf = (map: Y.Map<unknown> | undefined, key: string) => (map?.get(key) as { x?: number } | undefined)?.x
  await waitFor(() => xOf(testServer().services.sync.loadedDoc('default', sessionId)?.getMap('whiteboard'), 'shape:49') === 699, 5000, 'all applied')
  assert.ok(repo.count(key) <= 500 + 1, `compacted while live: ${repo.count(key)} rows`)
  a.destroy()
  await waitFor(() => testServer().services.sync.loadedDoc('default', sessionId) === undefined, 3000, 'room unloads')
  assert.equal(repo.count(key), 1, 'one row after unloading')
  const b = connectPeer(testServer().url, sessionId, tokens.ada)
  await whenSynced(b)
  assert.equal(xOf(b.doc.getMap('whiteboard'), 'shape:49'), 699)
  assert.equal(b.doc.getMap('whiteboard').size, 50)
  b.destroy()
})

test('session start and end are mirrored into the live document', async () => {
  const { sessionId, tokens } = await sessionWithTokens(testServer(), { ada: { role: 'instructor' }, bo: { role: 'learner' } })
  const b = connectPeer(testServer().url, sessionId, tokens.bo)
  await whenSynced(b)
  await testServer().api('POST', `/api/v1/sessions/${sessionId}/start`, { auth: tokens.ada })
  await waitFor(() => b.doc.getMap('session').get('state') === 'live', 3000, 'live state')
  b.destroy()
  await testServer().api('POST', `/api/v1/sessions/${sessionId}/end`, { auth: tokens.ada })
  const c = connectPeer(testServer().url, sessionId, tokens.bo)
  await whenSynced(c)
  assert.equal(c.doc.getMap('session').get('state'), 'ended', 'written while the room was unloaded')
  c.destroy()
})

test('an oversized or malformed message closes the socket and changes nothing', async () => {
  const small = await startTestServer(undefined, { HILINK_MAX_SYNC_MESSAGE_BYTES: '4096' })
  try {
    const { sessionId, tokens } = await sessionWithTokens(small, { ada: { role: 'instructor' } })
    const big = new RawSyncSocket(small.url, sessionId, tokens.ada)
    await big.opened()
    const doc = new Y.Doc()
    doc.getMap('whiteboard').set('shape:blob', boardShape('blob', 'geo', { meta: { note: 'x'.repeat(10_000) } }))
    big.sendUpdate(Y.encodeStateAsUpdate(doc))
    assert.equal(await big.closed(), 1009)
    const garbage = new RawSyncSocket(small.url, sessionId, tokens.ada)
    await garbage.opened()
    garbage.send(new Uint8Array([0, 2, 200, 1, 2, 3]))
    assert.equal(await garbage.closed(), 4400)
    const check = connectPeer(small.url, sessionId, tokens.ada)
    await whenSynced(check)
    assert.equal(check.doc.getMap('whiteboard').size, 0)
    check.destroy()
  } finally {
    await small.stop({ removeData: true })
  }
})
