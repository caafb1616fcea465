import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as Y from 'yjs'
import { sessionWithTokens, useTestServer } from './helpers/test-server.ts'
import { connectPeer, destroyAllPeers, waitFor, whenSynced, sleep, type SyncPeer } from './helpers/sync-client.ts'
import { RawSyncSocket, closeAllRawSockets } from './helpers/raw-socket.ts'
import { boardShape } from './helpers/board-records.ts'

/**
 * Attacks on the write policy (ARCHITECTURE.md §4) with hand-crafted Yjs updates sent over a raw socket,
 * the way an attacker would, while an honest y-websocket client watches what the others receive.
 */
const testServer = useTestServer(() => {
  destroyAllPeers()
  closeAllRawSockets()
})

interface Room {
  sessionId: string
  tokens: Record<'teacher' | 'kid' | 'other' | 'parent', string>
  watcher: SyncPeer
}

async function room(): Promise<Room> {
  const { sessionId, tokens } = await sessionWithTokens(testServer(), {
    teacher: { role: 'instructor' },
    kid: { role: 'learner' },
    other: { role: 'learner' },
    parent: { role: 'observer' },
  })
  const watcher = connectPeer(testServer().url, sessionId, tokens.teacher)
  await whenSynced(watcher)
  return { sessionId, tokens, watcher }
}

/** An attacker's socket with a local copy of the server's document, ready to craft updates against it. */
async function attacker(r: Room, token: string): Promise<{ socket: RawSyncSocket; doc: Y.Doc }> {
  const socket = new RawSyncSocket(testServer().url, r.sessionId, token)
  await socket.opened()
  await waitFor(() => socket.received.length > 0)
  await sleep(50)
  const doc = new Y.Doc()
  socket.applyReceived(doc)
  // The server's step 1 asks for our state; its step 2 answer to ours gives us its document.
  const { writeSyncStep1 } = await import('y-protocols/sync')
  const encoding = await import('lib0/encoding')
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  writeSyncStep1(encoder, doc)
  socket.send(encoding.toUint8Array(encoder))
  await sleep(100)
  socket.applyReceived(doc)
  return { socket, doc }
}

/** Runs `change` on the attacker's doc and sends exactly the resulting update. */
function craft(doc: Y.Doc, change: (d: Y.Doc) => void): Uint8Array {
  const before = Y.encodeStateVector(doc)
  change(doc)
  return Y.encodeStateAsUpdate(doc, before)
}

function serverDoc(sessionId: string): Y.Doc {
  const doc = testServer().services.sync.loadedDoc('default', sessionId)
  assert.ok(doc, 'room is loaded')
  return doc
}

test('a learner cannot change a poll, not even through a nested type', async () => {
  const r = await room()
  // The server authors a poll with a vote map.
  testServer().services.sync.changeDoc('default', r.sessionId, (doc) => {
    const poll = new Y.Map<unknown>()
    poll.set('question', 'What is 1/2 + 1/4?')
    const votes = new Y.Map<string>()
    votes.set('other', 'b')
    poll.set('votes', votes)
    doc.getMap('polls').set('poll-1', poll)
  })
  await waitFor(() => r.watcher.doc.getMap('polls').has('poll-1'))
  const { socket, doc } = await attacker(r, r.tokens.kid)
  const poll = doc.getMap('polls').get('poll-1') as Y.Map<unknown>
  assert.ok(poll, 'attacker has the poll')

  socket.sendUpdate(craft(doc, () => poll.set('question', 'hacked')))
  socket.sendUpdate(craft(doc, () => (poll.get('votes') as Y.Map<string>).set('other', 'a')))
  socket.sendUpdate(craft(doc, () => (poll.get('votes') as Y.Map<string>).delete('other')))
  socket.sendUpdate(craft(doc, () => doc.getMap('polls').set('poll-2', 'fake poll')))
  await waitFor(() => socket.denied.length === 4, 3000, 'four denials')
  await sleep(100)

  const watched = r.watcher.doc.getMap('polls').get('poll-1') as Y.Map<unknown>
  assert.equal(watched.get('question'), 'What is 1/2 + 1/4?')
  assert.equal((watched.get('votes') as Y.Map<string>).get('other'), 'b')
  assert.equal(r.watcher.doc.getMap('polls').has('poll-2'), false)
  const onServer = serverDoc(r.sessionId).getMap('polls').get('poll-1') as Y.Map<unknown>
  assert.equal((onServer.get('votes') as Y.Map<string>).get('other'), 'b')
  assert.match(socket.denied[0] ?? '', /server only/)
  socket.close()
  r.watcher.destroy()
})

test('an observer cannot write anything, a learner cannot write unknown parts', async () => {
  const r = await room()
  const obs = await attacker(r, r.tokens.parent)
  obs.socket.sendUpdate(craft(obs.doc, (d) => d.getMap('whiteboard').set('shape:x', boardShape('x'))))
  await waitFor(() => obs.socket.denied.length === 1, 3000, 'observer denied')
  assert.match(obs.socket.denied[0] ?? '', /observers cannot write/)
  const kid = await attacker(r, r.tokens.kid)
  kid.socket.sendUpdate(craft(kid.doc, (d) => d.getArray('my-own-root').push(['x'.repeat(1000)])))
  kid.socket.sendUpdate(craft(kid.doc, (d) => d.getMap('session').set('state', 'ended')))
  await waitFor(() => kid.socket.denied.length === 2, 3000, 'learner denied twice')
  await sleep(100)
  assert.equal(r.watcher.doc.getMap('whiteboard').has('shape:x'), false)
  assert.equal(r.watcher.doc.getArray('my-own-root').length, 0)
  assert.notEqual(r.watcher.doc.getMap('session').get('state'), 'ended')
  assert.equal(serverDoc(r.sessionId).share.has('my-own-root'), false)
  obs.socket.close()
  kid.socket.close()
  r.watcher.destroy()
})

test('a learner writes the board while it is unlocked, and not once it is locked', async () => {
  const r = await room()
  const kid = connectPeer(testServer().url, r.sessionId, r.tokens.kid)
  await whenSynced(kid)
  const drawn = boardShape('kid', 'geo', { x: 1 })
  const xOf = (board: Y.Map<unknown>, key: string) => (board.get(key) as { x?: number } | undefined)?.x
  kid.doc.getMap('whiteboard').set(drawn.id, drawn)
  await waitFor(() => xOf(r.watcher.doc.getMap('whiteboard'), 'shape:kid') === 1, 3000, 'kid draws')

  testServer().services.sync.changeDoc('default', r.sessionId, (doc) => doc.getMap('session').set('boardLocked', true))
  await waitFor(() => kid.doc.getMap('session').get('boardLocked') === true, 3000, 'kid sees the lock')
  const locked = await attacker(r, r.tokens.kid)
  locked.socket.sendUpdate(craft(locked.doc, (d) => d.getMap('whiteboard').set('shape:kid', { ...drawn, x: 2 })))
  locked.socket.sendUpdate(craft(locked.doc, (d) => d.getMap('whiteboard').delete('shape:kid')))
  await waitFor(() => locked.socket.denied.length === 2, 3000, 'locked writes denied')
  // The instructor still draws while the board is locked.
  const explains = boardShape('teacher', 'geo', { x: 3 })
  r.watcher.doc.getMap('whiteboard').set(explains.id, explains)
  await waitFor(() => xOf(kid.doc.getMap('whiteboard'), 'shape:teacher') === 3, 3000, 'teacher draws')
  assert.equal(xOf(r.watcher.doc.getMap('whiteboard'), 'shape:kid'), 1)
  assert.equal(xOf(serverDoc(r.sessionId).getMap('whiteboard'), 'shape:kid'), 1)
  locked.socket.close()
  kid.destroy()
  r.watcher.destroy()
})

test('an update that refers to content the server never had is refused', async () => {
  const r = await room()
  const { socket } = await attacker(r, r.tokens.kid)
  // Built on a private document the server never saw: its items point at unknown origins.
  const privateDoc = new Y.Doc()
  const text = new Y.Text()
  privateDoc.getMap('whiteboard').set('note', text)
  text.insert(0, 'hello')
  const sv = Y.encodeStateVector(privateDoc)
  text.insert(5, ' world')
  socket.sendUpdate(Y.encodeStateAsUpdate(privateDoc, sv))
  await waitFor(() => socket.denied.length === 1, 3000, 'denied')
  assert.match(socket.denied[0] ?? '', /does not have/)
  assert.equal(serverDoc(r.sessionId).getMap('whiteboard').has('note'), false)
  socket.close()
  r.watcher.destroy()
})
