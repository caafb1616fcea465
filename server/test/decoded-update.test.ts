import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as Y from 'yjs'
import { decodeUpdateOnce } from '../src/sync/decoded-update.ts'
import { checkClientUpdate } from '../src/sync/write-policy.ts'
import { boardKeysOf } from '../src/whiteboard/validate.ts'
import { boardDocument, boardPage, boardShape } from './helpers/board-records.ts'

/** A server-side room document with a board, and a client's update adding `n` shapes to it. */
function boardAndPaste(n: number): { doc: Y.Doc; update: Uint8Array } {
  const doc = new Y.Doc()
  const client = new Y.Doc()
  client.transact(() => {
    const board = client.getMap('whiteboard')
    board.set(boardDocument.id, boardDocument)
    board.set(boardPage.id, boardPage)
  })
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(client))
  let update: Uint8Array | undefined
  client.on('update', (u: Uint8Array) => (update = u))
  client.transact(() => {
    for (let i = 0; i < n; i++) client.getMap('whiteboard').set(`shape:p${i}`, boardShape(`p${i}`, 'geo', { x: i * 40 }))
  })
  return { doc, update: update! }
}

test('an update is decoded once however many readers ask: the same structs for the same bytes, a new decode for a copy', () => {
  const { update } = boardAndPaste(3)
  const first = decodeUpdateOnce(update)
  assert.equal(decodeUpdateOnce(update), first)
  assert.deepEqual(first.structs.map((s) => s.id.clock), Y.decodeUpdate(update).structs.map((s) => s.id.clock))
  const copy = decodeUpdateOnce(update.slice())
  assert.notEqual(copy, first, 'keyed by the bytes object, not by content: a copy is decoded anew')
})

test('a malformed update throws each time it is asked for, and is never remembered as decoded', () => {
  const bad = new Uint8Array([1, 200, 200, 200, 200, 200])
  assert.throws(() => decodeUpdateOnce(bad))
  assert.throws(() => decodeUpdateOnce(bad))
})

test('the guard, the board validation and the contribution tracker read one decode of a paste and agree on it', () => {
  const { doc, update } = boardAndPaste(50)
  const verdict = checkClientUpdate(doc, 'instructor', update, undefined)
  assert.deepEqual(verdict, { allowed: true, roots: new Set(['whiteboard']), authors: new Set([Y.decodeUpdate(update).structs[0]!.id.client]) })
  Y.applyUpdate(doc, update)
  const keys = boardKeysOf(doc, update)
  assert.equal(keys.created.size, 50)
  assert.equal(keys.deleted.size, 0)
})
