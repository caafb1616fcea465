import * as Y from 'yjs'
import { rootNames } from '@hilink/protocol'

/**
 * Applies a learner's board write that arrived after the board was locked, and undoes it in the same
 * transaction, so that the board does not change and the relayed update carries both halves (nobody sees the
 * stroke appear). Dropping it, as other refusals are, would leave the learner's editor with a stroke the server
 * does not have, and every later write of that client unplaceable (Yjs needs each client's updates without
 * gaps, and a new map value points at the one it replaces): their board would stay out of step until a reload.
 * Applied and undone, the writer's own copy receives the undo like everyone else and matches the server again.
 *
 * Only for updates that would have been accepted on an unlocked board (the caller checks), which a learner who
 * was drawing while the lock arrived sends; `origin` must not be a stored origin, so the result is persisted.
 */
export function applyAndRevert(doc: Y.Doc, update: Uint8Array, origin: object): void {
  const board = doc.getMap<unknown>(rootNames.whiteboard)
  doc.transact((tr) => {
    Y.applyUpdate(doc, update, origin) // joins this transaction
    // Y.Map is an AbstractType at run time; its declared event type makes TypeScript disagree.
    const keys = tr.changed.get(board as unknown as Y.AbstractType<Y.YEvent<Y.AbstractType<unknown>>>)
    if (!keys) return
    for (const key of keys) {
      if (key === null) continue
      const before = valueBefore(board, key, tr)
      if (before.had) board.set(key, before.value)
      else if (board.has(key)) board.delete(key)
    }
  }, origin)
}

/** The value `key` had before `tr`: the newest of its items that existed before and was not deleted before. */
function valueBefore(map: Y.Map<unknown>, key: string, tr: Y.Transaction): { had: true; value: unknown } | { had: false } {
  // A map key's items form a list, newest last (`_map` holds the newest); deleted content stays readable until
  // the transaction's cleanup.
  for (let item: Y.Item | null = map._map.get(key) ?? null; item !== null; item = item.left) {
    if (item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0)) continue // written in this transaction
    if (item.deleted && !Y.isDeleted(tr.deleteSet, item.id)) return { had: false } // already gone before
    const content = item.content.getContent()
    return content.length === 1 ? { had: true, value: content[0] } : { had: false }
  }
  return { had: false }
}
