// Unit test of WhiteboardModel against real tldraw stores (tldraw's own schema, no editor) and real Yjs docs.
// Run: node --import tsx --test packages/core/src/whiteboard-model.test.ts
import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as Y from 'yjs'
import { Awareness } from 'y-protocols/awareness'
import { Store } from '@tldraw/store'
import {
  createShapeId,
  createTLSchema,
  DocumentRecordType,
  PageRecordType,
  type TLPageId,
  type TLRecord,
  type TLShape,
  type TLStore,
  type TLStoreProps,
} from '@tldraw/tlschema'
import { WhiteboardModel } from './whiteboard-model.ts'

// tldraw's store batches its listeners to the next animation frame; Node has none, and the tests flush by hand.
globalThis.requestAnimationFrame ??= ((cb: FrameRequestCallback) => setTimeout(() => cb(0), 0)) as unknown as typeof requestAnimationFrame
/** Delivers the store's pending history to its listeners now (what the next animation frame would do). */
const flush = (...stores: TLStore[]) => stores.forEach((s) => s._flushHistory())

const schema = createTLSchema()
const pageId = 'page:page' as TLPageId

function newStore(): TLStore {
  // The props are only read by an editor; a bare store for sync needs none of them.
  const store = new Store({ schema, props: {} as TLStoreProps })
  store.put([DocumentRecordType.create({ id: 'document:document' as never }), PageRecordType.create({ id: pageId, name: 'Page 1', index: 'a1' as never })])
  return store
}

function rect(id: string, x = 0): TLShape {
  return {
    id: createShapeId(id),
    typeName: 'shape',
    type: 'geo',
    x,
    y: 0,
    rotation: 0,
    index: 'a1' as never,
    parentId: pageId,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      geo: 'rectangle', w: 100, h: 60, color: 'black', labelColor: 'black', fill: 'none', dash: 'draw', size: 'm', font: 'draw',
      align: 'middle', verticalAlign: 'middle', growY: 0, url: '', scale: 1, flipX: false, flipY: false,
      richText: { type: 'doc', content: [{ type: 'paragraph' }] },
    },
  } as unknown as TLShape
}

/** Two docs joined like two browsers through a server: every update of one is applied to the other. */
function pair() {
  const a = new Y.Doc()
  const b = new Y.Doc()
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'net' && Y.applyUpdate(b, u, 'net'))
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'net' && Y.applyUpdate(a, u, 'net'))
  return { a, b }
}

test('a shape drawn in one store appears in the other, moves, and is deleted there', () => {
  const { a, b } = pair()
  const storeA = newStore()
  const storeB = newStore()
  const offA = new WhiteboardModel(a).connect(storeA)
  const offB = new WhiteboardModel(b).connect(storeB)
  storeA.put([rect('r1')])
  flush(storeA)
  assert.equal(storeB.get(createShapeId('r1'))?.typeName, 'shape')
  assert.ok(b.getMap('whiteboard').has(createShapeId('r1')))
  storeA.update(createShapeId('r1'), (r) => ({ ...r, x: 250 }))
  flush(storeA)
  assert.equal((storeB.get(createShapeId('r1')) as TLShape).x, 250)
  storeB.remove([createShapeId('r1')])
  flush(storeB)
  assert.equal(storeA.get(createShapeId('r1')), undefined)
  offA()
  offB()
})

test("the user's change reaches the document right after their operation, not on tldraw's next frame, as one update", async () => {
  const doc = new Y.Doc()
  const store = newStore()
  const off = new WhiteboardModel(doc).connect(store)
  let updates = 0
  doc.on('update', () => updates++)
  store.put([rect('now1'), rect('now2', 200)])
  // A microtask later (the next frame here is a setTimeout away, and nothing flushes by hand).
  await Promise.resolve()
  assert.ok(doc.getMap('whiteboard').has(createShapeId('now1')))
  assert.ok(doc.getMap('whiteboard').has(createShapeId('now2')))
  assert.equal(updates, 1, 'one tldraw operation, one Yjs transaction')
  off()
})

test('only document records go into the map; remote changes do not echo back', () => {
  const { a, b } = pair()
  const storeA = newStore()
  const storeB = newStore()
  new WhiteboardModel(a).connect(storeA)
  new WhiteboardModel(b).connect(storeB)
  let updatesFromB = 0
  b.on('update', (_u: Uint8Array, origin: unknown) => {
    if (origin !== 'net') updatesFromB++
  })
  storeA.put([rect('r2')])
  flush(storeA)
  assert.equal(updatesFromB, 0, 'applying a remote change wrote nothing back')
  const types = new Set([...a.getMap('whiteboard').values()].map((r) => (r as TLRecord).typeName))
  for (const t of types) assert.ok(['document', 'page', 'shape'].includes(t), `unexpected ${t}`)
})

test('a store joining a board with content takes the board, dropping its own stale records', () => {
  const { a, b } = pair()
  const storeA = newStore()
  new WhiteboardModel(a).connect(storeA)
  storeA.put([rect('kept')])
  flush(storeA)
  const storeB = newStore()
  storeB.put([rect('stale')])
  flush(storeB)
  new WhiteboardModel(b).connect(storeB)
  assert.ok(storeB.get(createShapeId('kept')))
  assert.equal(storeB.get(createShapeId('stale')), undefined)
})

test('offline edits on both sides merge when the documents meet again', () => {
  const a = new Y.Doc()
  const b = new Y.Doc()
  const storeA = newStore()
  const storeB = newStore()
  new WhiteboardModel(a).connect(storeA)
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  new WhiteboardModel(b).connect(storeB)
  storeA.put([rect('fromA')])
  flush(storeA)
  storeB.put([rect('fromB', 300)])
  flush(storeB)
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  for (const s of [storeA, storeB]) {
    assert.ok(s.get(createShapeId('fromA')))
    assert.ok(s.get(createShapeId('fromB')))
  }
})

test('a record the schema refuses is skipped without stopping the others', () => {
  const { a, b } = pair()
  const storeB = newStore()
  new WhiteboardModel(b).connect(storeB)
  const warn = console.warn
  console.warn = () => {}
  try {
    a.transact(() => {
      const map = a.getMap('whiteboard')
      map.set('shape:bad', { ...rect('bad'), id: 'shape:bad', props: { geo: 'nope' } })
      map.set(createShapeId('good'), rect('good'))
    })
  } finally {
    console.warn = warn
  }
  assert.ok(storeB.get(createShapeId('good')))
  assert.equal(storeB.get('shape:bad' as TLShape['id']), undefined)
})

test('disconnect stops both directions', () => {
  const { a, b } = pair()
  const storeA = newStore()
  const storeB = newStore()
  const off = new WhiteboardModel(a).connect(storeA)
  new WhiteboardModel(b).connect(storeB)
  off()
  storeA.put([rect('local')])
  flush(storeA)
  assert.equal(storeB.get(createShapeId('local')), undefined)
  storeB.put([rect('remote')])
  flush(storeB)
  assert.equal(storeA.get(createShapeId('remote')), undefined)
})

test('presence is throttled into awareness and shown as tldraw instance_presence records', async () => {
  const { a, b } = pair()
  const awA = new Awareness(a)
  const awB = new Awareness(b)
  awA.setLocalStateField('user', { id: 'u-a', name: 'Ana', role: 'instructor' })
  awB.setLocalStateField('user', { id: 'u-b', name: 'Ben', role: 'learner' })
  let awarenessUpdates = 0
  awA.on('update', () => awarenessUpdates++)
  const modelA = new WhiteboardModel(a)
  const storeA = newStore()
  modelA.connect(storeA, { awareness: awA, presenceThrottleMs: 50 })
  const before = awarenessUpdates
  for (let i = 0; i < 30; i++) {
    modelA.setPresence({ pageId, cursor: { x: i, y: i }, camera: { x: 0, y: 0, z: 1 }, selection: [], followMe: true })
  }
  assert.ok(awarenessUpdates - before <= 2, `30 pointer moves sent ${awarenessUpdates - before} awareness updates`)
  await new Promise((r) => setTimeout(r, 80))
  const published = awA.getLocalState()?.whiteboard as { cursor: { x: number } }
  assert.equal(published.cursor.x, 29, 'the latest presence wins')
  // B sees A as a peer (copy A's state into B's awareness as the provider would), and as a tldraw presence record.
  const modelB = new WhiteboardModel(b)
  const storeB = newStore()
  modelB.connect(storeB, { awareness: awB })
  awB.states.set(awA.clientID, awA.getLocalState() as Record<string, unknown>)
  awB.emit('change', [{ added: [awA.clientID], updated: [], removed: [] }, 'remote'])
  const leader = modelB.leader()
  assert.equal(leader?.userId, 'u-a')
  const presence = storeB.get(`instance_presence:${awA.clientID}` as TLRecord['id']) as { cursor: { x: number }; userName: string }
  assert.equal(presence.userName, 'Ana')
  assert.equal(presence.cursor.x, 29)
  awA.destroy()
  awB.destroy()
})

test('lock and lesson state decide who may draw', () => {
  const doc = new Y.Doc()
  const model = new WhiteboardModel(doc)
  assert.equal(model.mayWrite('learner'), true)
  assert.equal(model.mayWrite('observer'), false)
  doc.getMap('session').set('boardLocked', true)
  assert.equal(model.mayWrite('learner'), false)
  assert.equal(model.mayWrite('ta'), true)
  doc.getMap('session').set('boardLocked', false)
  doc.getMap('session').set('state', 'ended')
  assert.equal(model.mayWrite('learner'), false)
  assert.equal(model.mayWrite('instructor'), true)
})
