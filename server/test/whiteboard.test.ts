import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as Y from 'yjs'
import { adminKey, liveClass, sessionWithTokens, useTestServer } from './helpers/test-server.ts'
import { waitFor, sleep } from './helpers/sync-client.ts'
import { RawSyncSocket, closeAllRawSockets } from './helpers/raw-socket.ts'
import { boardDocument, boardPage, boardShape, defaultShapeProps } from './helpers/board-records.ts'

/**
 * The whiteboard's server side (issue 9): every record a client writes is checked with tldraw's own schema,
 * limits and authorship, with hand-crafted updates on raw y-websocket sockets; the lock and records routes.
 */
const testServer = useTestServer(() => closeAllRawSockets())

interface Writer {
  socket: RawSyncSocket
  doc: Y.Doc
  /** Runs `change` on the local copy and sends exactly the resulting update; answers the denials so far. */
  write(change: (board: Y.Map<unknown>, doc: Y.Doc) => void): void
}

/** A participant's raw socket with a copy of the server's document. */
async function writer(sessionId: string, token: string): Promise<Writer> {
  const socket = new RawSyncSocket(testServer().url, sessionId, token)
  await socket.opened()
  await waitFor(() => socket.received.length > 0)
  const doc = new Y.Doc()
  const { writeSyncStep1 } = await import('y-protocols/sync')
  const encoding = await import('lib0/encoding')
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  writeSyncStep1(encoder, doc)
  socket.send(encoding.toUint8Array(encoder))
  await sleep(100)
  socket.applyReceived(doc)
  return {
    socket,
    doc,
    write(change) {
      // Exactly what a y-websocket client sends: the transaction's update (its own structs and deletes only).
      const updates: Uint8Array[] = []
      const capture = (u: Uint8Array, origin: unknown) => origin !== 'server' && updates.push(u)
      doc.on('update', capture)
      doc.transact(() => change(doc.getMap('whiteboard'), doc))
      doc.off('update', capture)
      for (const u of updates) socket.sendUpdate(u)
    },
  }
}

/** Catches the writer's copy up with what the server applied meanwhile. */
async function refresh(w: Writer): Promise<void> {
  await sleep(100)
  w.socket.applyReceived(w.doc)
}

function board(sessionId: string): Y.Map<unknown> {
  const doc = testServer().services.sync.loadedDoc('default', sessionId)
  assert.ok(doc, 'room is loaded')
  return doc.getMap('whiteboard')
}

/** Waits until the server has answered everything sent so far (a write after it lands or is denied). */
async function settle(w: Writer, denials: number): Promise<void> {
  await waitFor(() => w.socket.denied.length >= denials, 3000, `${denials} denials`)
  await sleep(150)
  assert.equal(w.socket.denied.length, denials, `denials: ${w.socket.denied.join(' | ')}`)
}

test('a valid record of every default tldraw shape type is accepted, with page, document, binding and asset', async () => {
  const { sessionId, tokens } = await liveClass(testServer())
  const kid = await writer(sessionId, tokens.grace)
  const types = Object.keys(defaultShapeProps)
  assert.ok(types.length >= 13, 'every default shape type')
  kid.write((b) => {
    b.set(boardDocument.id, boardDocument)
    b.set(boardPage.id, boardPage)
    for (const type of types) b.set(`shape:${type}`, boardShape(type, type))
    b.set('asset:img', {
      id: 'asset:img', typeName: 'asset', type: 'image', meta: {},
      props: { name: 'dot.png', src: 'data:image/png;base64,iVBORw0KGgo=', w: 1, h: 1, mimeType: 'image/png', isAnimated: false },
    })
    b.set('binding:b1', {
      id: 'binding:b1', typeName: 'binding', type: 'arrow', fromId: 'shape:arrow', toId: 'shape:geo', meta: {},
      props: { terminal: 'end', normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' },
    })
  })
  await waitFor(() => board(sessionId).has('binding:b1'), 3000, 'the records stored')
  assert.deepEqual(kid.socket.denied, [])
  for (const type of types) assert.equal((board(sessionId).get(`shape:${type}`) as { type: string }).type, type)
})

test('invalid records are refused and never stored: wrong type, missing props, unknown shape type, oversized, nested types', async () => {
  const { sessionId, tokens } = await liveClass(testServer())
  const kid = await writer(sessionId, tokens.grace)
  const attempts: Array<[string, (b: Y.Map<unknown>) => void]> = [
    ['not a record', (b) => b.set('shape:a', 'scribble')],
    ['wrong typeName', (b) => b.set('camera:a', { ...boardShape('x'), id: 'camera:a', typeName: 'camera' })],
    ['id mismatch', (b) => b.set('shape:b', boardShape('c'))],
    ['missing props', (b) => b.set('shape:d', { ...boardShape('d'), props: { w: 10 } })],
    ['no x', (b) => { const { x: _x, ...rest } = boardShape('e'); b.set('shape:e', rest) }],
    ['unknown shape type', (b) => b.set('shape:f', boardShape('f', 'laser-cannon'))],
    ['oversized record', (b) => b.set('shape:g', { ...boardShape('g'), meta: { pad: 'x'.repeat(200 * 1024) } })],
    ['oversized asset', (b) => b.set('asset:big', {
      id: 'asset:big', typeName: 'asset', type: 'image', meta: {},
      props: { name: 'big.png', src: `data:image/png;base64,${'A'.repeat(1100 * 1024)}`, w: 1, h: 1, mimeType: 'image/png', isAnimated: false },
    })],
    ['nested Y type', (b) => b.set('shape:h', new Y.Map())],
    ['instance state is not board content', (b) => b.set('instance:instance', { id: 'instance:instance', typeName: 'instance' })],
  ]
  for (const [, attempt] of attempts) kid.write(attempt)
  await settle(kid, attempts.length)
  assert.equal(board(sessionId).size, 0, 'nothing stored')
  assert.match(kid.socket.denied.join('\n'), /not a valid tldraw shape/)
  assert.match(kid.socket.denied.join('\n'), /larger than/)
  assert.match(kid.socket.denied.join('\n'), /nested types/)
  // A good record after all that still goes through: the socket was not closed.
  const honest = await writer(sessionId, tokens.alan)
  honest.write((b) => b.set('shape:ok', boardShape('ok')))
  await waitFor(() => board(sessionId).has('shape:ok'), 3000, 'a valid record after invalid ones')
})

test('a stored record cannot be changed into an invalid one; moving it is accepted', async () => {
  const { sessionId, tokens } = await liveClass(testServer())
  const kid = await writer(sessionId, tokens.grace)
  kid.write((b) => b.set('shape:r', boardShape('r')))
  await waitFor(() => board(sessionId).has('shape:r'))
  await refresh(kid)
  kid.write((b) => b.set('shape:r', { ...boardShape('r'), props: { ...boardShape('r').props as object, geo: 'banana' } }))
  await settle(kid, 1)
  assert.equal((board(sessionId).get('shape:r') as { props: { geo: string } }).props.geo, 'rectangle')
  // Moving it (an overwrite whose parent is only implied by the previous value) is fine. A refused update
  // leaves its client's later ones unplaceable on the server, so the next write comes from a fresh client.
  const again = await writer(sessionId, tokens.grace)
  again.write((b) => b.set('shape:r', boardShape('r', 'geo', { x: 321 })))
  await waitFor(() => (board(sessionId).get('shape:r') as { x: number }).x === 321, 3000, 'the move applied')
})

test('the lock: learners are refused while locked, staff are not; PUT lock validates and checks roles', async () => {
  const { sessionId, tokens, api } = await liveClass(testServer())
  assert.equal((await api('PUT', '/whiteboard/lock', tokens.grace, { locked: true })).status, 403)
  assert.equal((await api('PUT', '/whiteboard/lock', tokens.olga, { locked: true })).status, 403)
  const bad = await api('PUT', '/whiteboard/lock', tokens.ada, { locked: 'yes' })
  assert.equal(bad.status, 400)
  assert.equal(bad.body.error.code, 'invalid_request')
  assert.equal((await api('PUT', '/whiteboard/lock', tokens.ada, { locked: true, extra: 1 })).status, 400)
  const locked = await api('PUT', '/whiteboard/lock', tokens.tom, { locked: true })
  assert.equal(locked.status, 200)
  assert.deepEqual(locked.body, { locked: true })
  const kid = await writer(sessionId, tokens.grace)
  kid.write((b) => b.set('shape:k', boardShape('k')))
  await settle(kid, 1)
  assert.equal(board(sessionId).has('shape:k'), false)
  const ta = await writer(sessionId, tokens.tom)
  ta.write((b) => b.set('shape:t', boardShape('t')))
  await waitFor(() => board(sessionId).has('shape:t'), 3000, 'the TA draws on a locked board')
  assert.equal((await api('PUT', '/whiteboard/lock', tokens.ada, { locked: false })).status, 200)
  const kid2 = await writer(sessionId, tokens.grace)
  kid2.write((b) => b.set('shape:k2', boardShape('k2')))
  await waitFor(() => board(sessionId).has('shape:k2'), 3000, 'unlocked again')
})

test('a stroke finished just after the lock is undone on the server and in the learner’s own copy, who keeps drawing after the unlock', async () => {
  const { sessionId, tokens, api } = await liveClass(testServer())
  const kid = await writer(sessionId, tokens.grace)
  kid.write((b) => {
    b.set('shape:moved', boardShape('moved', 'geo', { x: 1 }))
    b.set('shape:erased', boardShape('erased'))
  })
  await waitFor(() => board(sessionId).has('shape:erased'), 3000, 'the learner’s first shapes')
  const watcher = await writer(sessionId, tokens.ada)
  assert.equal((await api('PUT', '/whiteboard/lock', tokens.ada, { locked: true })).status, 200)
  // Written before this copy heard of the lock: a new shape, a move and a delete.
  kid.write((b) => {
    b.set('shape:late', boardShape('late'))
    b.set('shape:moved', boardShape('moved', 'geo', { x: 500 }))
    b.delete('shape:erased')
  })
  await settle(kid, 1)
  assert.equal(kid.socket.denied[0], 'the board is locked')
  assert.equal(board(sessionId).has('shape:late'), false)
  assert.equal((board(sessionId).get('shape:moved') as { x: number }).x, 1)
  assert.ok(board(sessionId).has('shape:erased'))
  // The learner's copy is back in step with the server without reconnecting; so is everyone else's.
  for (const w of [kid, watcher]) {
    await refresh(w)
    const b = w.doc.getMap('whiteboard')
    assert.equal(b.has('shape:late'), false)
    assert.equal((b.get('shape:moved') as { x: number }).x, 1)
    assert.ok(b.has('shape:erased'))
  }
  assert.equal((await api('PUT', '/whiteboard/lock', tokens.ada, { locked: false })).status, 200)
  await refresh(kid)
  // The same client (same Yjs client id, whose refused structs the server now holds) draws on.
  kid.write((b) => b.set('shape:after', boardShape('after')))
  await waitFor(() => board(sessionId).has('shape:after'), 3000, 'the same learner draws after the unlock')
  assert.equal(kid.socket.denied.length, 1)
  // A write the lock alone does not explain is still refused outright (an observer's, a nested type).
  kid.write((b) => b.set('shape:nested', new Y.Map()))
  await settle(kid, 2)
  assert.equal(board(sessionId).has('shape:nested'), false)
})

test('only its author, an instructor or a TA may delete a shape', async () => {
  const { sessionId, tokens } = await liveClass(testServer())
  const ada = await writer(sessionId, tokens.ada)
  const grace = await writer(sessionId, tokens.grace)
  const alan = await writer(sessionId, tokens.alan)
  ada.write((b) => b.set('shape:teacher', boardShape('teacher')))
  grace.write((b) => b.set('shape:grace', boardShape('grace')))
  await waitFor(() => board(sessionId).has('shape:teacher') && board(sessionId).has('shape:grace'))
  for (const w of [ada, grace, alan]) await refresh(w)
  alan.write((b) => b.delete('shape:teacher'))
  alan.write((b) => b.delete('shape:grace'))
  await settle(alan, 2)
  assert.match(alan.socket.denied[0] ?? '', /only its author/)
  assert.ok(board(sessionId).has('shape:teacher') && board(sessionId).has('shape:grace'))
  // A learner may still change another's shape (collaboration), only not delete it.
  await refresh(alan)
  alan.write((b) => b.set('shape:teacher', boardShape('teacher', 'geo', { x: 50 })))
  await waitFor(() => (board(sessionId).get('shape:teacher') as { x: number }).x === 50, 3000, 'a learner moves the teacher’s shape')
  await refresh(grace)
  grace.write((b) => b.delete('shape:grace'))
  await waitFor(() => !board(sessionId).has('shape:grace'), 3000, 'the author deletes her own shape')
  await refresh(ada)
  ada.write((b) => b.delete('shape:teacher'))
  await waitFor(() => !board(sessionId).has('shape:teacher'), 3000, 'the instructor deletes')
})

test('observers never draw; after the lesson ended the board is read-only for learners', async () => {
  const { sessionId, tokens, api } = await liveClass(testServer())
  const olga = await writer(sessionId, tokens.olga)
  olga.write((b) => b.set('shape:o', boardShape('o')))
  await settle(olga, 1)
  assert.match(olga.socket.denied[0] ?? '', /observers cannot write/)
  const grace = await writer(sessionId, tokens.grace)
  assert.equal((await api('POST', '/end', tokens.ada)).status, 200)
  await refresh(grace)
  grace.write((b) => b.set('shape:late', boardShape('late')))
  await settle(grace, 1)
  assert.match(grace.socket.denied[0] ?? '', /ended|may not write/)
  const ada = await writer(sessionId, tokens.ada)
  ada.write((b) => b.set('shape:wrapup', boardShape('wrapup')))
  await waitFor(() => board(sessionId).has('shape:wrapup'), 3000, 'the instructor still writes')
  assert.equal(board(sessionId).has('shape:late'), false)
  assert.equal(board(sessionId).has('shape:o'), false)
})

test('a page holds at most 4,000 shapes', async () => {
  const { sessionId, tokens } = await liveClass(testServer())
  const grace = await writer(sessionId, tokens.grace)
  testServer().services.sync.changeDoc('default', sessionId, (doc) => {
    const b = doc.getMap('whiteboard')
    b.set(boardPage.id, boardPage)
    for (let i = 0; i < 3999; i++) b.set(`shape:n${i}`, boardShape(`n${i}`))
  })
  await refresh(grace)
  grace.write((b) => b.set('shape:last', boardShape('last')))
  await waitFor(() => board(sessionId).has('shape:last'), 3000, 'the 4,000th shape')
  await refresh(grace)
  grace.write((b) => b.set('shape:over', boardShape('over')))
  await settle(grace, 1)
  assert.match(grace.socket.denied[0] ?? '', /at most 4000 shapes/)
  // Another page has room.
  const again = await writer(sessionId, tokens.grace)
  again.write((b) => {
    b.set('page:two', { ...boardPage, id: 'page:two', index: 'a2', name: 'Page 2' })
    b.set('shape:p2', boardShape('p2', 'geo', { parentId: 'page:two' }))
  })
  await waitFor(() => board(sessionId).has('shape:p2'), 3000, 'a shape on page 2')
})

test('GET whiteboard answers the records to staff and admins; other sessions’ tokens get 404', async () => {
  const { sessionId, tokens, api } = await liveClass(testServer())
  const ada = await writer(sessionId, tokens.ada)
  ada.write((b) => b.set('shape:s', boardShape('s')))
  await waitFor(() => board(sessionId).has('shape:s'))
  for (const token of [tokens.ada, tokens.tom, adminKey]) {
    const got = await api('GET', '/whiteboard', token)
    assert.equal(got.status, 200)
    assert.equal(got.body.locked, false)
    assert.deepEqual(got.body.records.map((r: { id: string }) => r.id), ['shape:s'])
  }
  assert.equal((await api('GET', '/whiteboard', tokens.grace)).status, 403)
  assert.equal((await api('GET', '/whiteboard', tokens.olga)).status, 403)
  const other = await sessionWithTokens(testServer(), { t: { role: 'instructor' } })
  const foreign = await api('GET', '/whiteboard', other.tokens.t)
  assert.equal(foreign.status, 404)
  assert.equal(foreign.body.error.code, 'not_found')
  assert.equal((await api('PUT', '/whiteboard/lock', other.tokens.t, { locked: true })).status, 404)
  const missing = await testServer().api('GET', '/api/v1/sessions/not-a-uuid/whiteboard', { auth: adminKey })
  assert.equal(missing.status, 400)
})

test('contributions are summed per participant per minute as learning events', async () => {
  const { sessionId, tokens } = await liveClass(testServer())
  const grace = await writer(sessionId, tokens.grace)
  grace.write((b) => {
    b.set('shape:c1', boardShape('c1'))
    b.set('shape:c2', boardShape('c2'))
  })
  await waitFor(() => board(sessionId).has('shape:c2'))
  await refresh(grace)
  for (let i = 0; i < 20; i++) grace.write((b) => b.set('shape:c1', boardShape('c1', 'geo', { x: i })))
  grace.write((b) => b.delete('shape:c2'))
  await waitFor(() => !board(sessionId).has('shape:c2'))
  await sleep(50)
  testServer().services.whiteboard.contributions?.flush()
  const events = testServer().services.events.forSession('default', sessionId)
  const mine = events.filter((e) => e.verb.id.endsWith('contributed-to-whiteboard'))
  assert.equal(mine.length, 1, 'one event for the minute, not one per move')
  assert.equal(mine[0]?.actor.account.name, 'grace')
  assert.deepEqual(mine[0]?.result?.extensions, {
    'urn:hilink:xapi:shapes-created': 2,
    'urn:hilink:xapi:shapes-changed': 20,
    'urn:hilink:xapi:shapes-deleted': 1,
  })
})

test('the author a shape names is checked: nobody claims another’s shape, and it decides deletes after a restart', async () => {
  const { sessionId, tokens } = await liveClass(testServer())
  // As after a restart: the shape is in the document, the room never saw who drew it.
  testServer().services.sync.changeDoc('default', sessionId, (doc) => {
    doc.getMap('whiteboard').set('shape:old', boardShape('old', 'geo', { meta: { createdBy: 'grace' } }))
  })
  const alan = await writer(sessionId, tokens.alan)
  alan.write((b) => b.set('shape:old', boardShape('old', 'geo', { meta: { createdBy: 'alan' } })))
  await settle(alan, 1)
  assert.match(alan.socket.denied[0] ?? '', /author/)
  const alan2 = await writer(sessionId, tokens.alan)
  alan2.write((b) => b.set('shape:fake', boardShape('fake', 'geo', { meta: { createdBy: 'ada' } })))
  await settle(alan2, 1)
  const alan3 = await writer(sessionId, tokens.alan)
  alan3.write((b) => b.delete('shape:old'))
  await settle(alan3, 1)
  assert.ok(board(sessionId).has('shape:old'))
  const grace = await writer(sessionId, tokens.grace)
  grace.write((b) => b.delete('shape:old'))
  await waitFor(() => !board(sessionId).has('shape:old'), 3000, 'its author deletes it')
  assert.equal(board(sessionId).has('shape:fake'), false)
})

test('when the lesson ends, the last minute of drawing is on record and the summary draft counts it per learner', async () => {
  const { sessionId, tokens, api } = await liveClass(testServer())
  const grace = await writer(sessionId, tokens.grace)
  grace.write((b) => {
    b.set('shape:s1', boardShape('s1'))
    b.set('shape:s2', boardShape('s2'))
    b.set('shape:s3', boardShape('s3'))
  })
  await waitFor(() => board(sessionId).has('shape:s3'))
  // No flush by hand: ending the lesson puts the current minute on record before the draft reads the events.
  assert.equal((await api('POST', '/end', tokens.ada)).status, 200)
  await waitFor(() => testServer().services.sync.loadedDoc('default', sessionId)?.getMap('session').get('summary') === 'drafted', 20_000, 'the draft')
  const summary = await api('GET', '/summary', tokens.ada)
  assert.equal(summary.status, 200)
  const learnerNotes: Array<{ userId: string; notes: Array<{ text: string }> }> = summary.body.content.learnerNotes
  const notes = learnerNotes.find((n) => n.userId === 'grace')?.notes.map((n) => n.text) ?? []
  assert.ok(notes.includes('Grace worked on the whiteboard (3 shapes drawn, changed or erased).'), notes.join(' | '))
})
