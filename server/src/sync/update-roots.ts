import * as Y from 'yjs'
import { decodeUpdateOnce } from './decoded-update.ts'

const resolving = Symbol('resolving')

/** What a struct resolves to: a root name, `null` for garbage-collected content, `undefined` for "cannot place". */
type Resolved = string | null | undefined

/** What an update would change: the root types it touches, and the client ids its new structs carry. */
export interface UpdateFootprint {
  roots: Set<string>
  authors: Set<number>
}

/**
 * The names of the root types that a Yjs update would change if applied to `doc`, found without applying
 * it, and the client ids of its structs. Answers `undefined` when some change cannot be placed (it refers to content neither the document nor
 * the update holds, or the update's references loop), which callers treat as "reject": a client can only
 * build on what the server sent it.
 *
 * Why structural analysis rather than applying to a copy: a copy costs O(document) per update, and the
 * whiteboard sends many small updates.
 *
 * Cost is linear in the update: each incoming struct is resolved once (memoised, iteratively, so a long
 * neighbour chain neither recurses nor is walked twice), lookups by id are binary searches, and each type of
 * the document is walked up to its root once. A step budget proportional to the update's struct count stops
 * anything that would still run away.
 */
export function footprintOf(doc: Y.Doc, update: Uint8Array): UpdateFootprint | undefined {
  const { structs, ds } = decodeUpdateOnce(update)
  const incoming = new IncomingItems(structs)
  const roots = new Set<string>()
  /** Resolved roots of the update's items; `resolving` marks the items on the chain being followed (loop check). */
  const memo = new Map<Y.Item, Resolved | typeof resolving>()
  const typeRoots = new Map<Y.AbstractType<unknown>, string | undefined>()
  let budget = 4 * structs.length + 1024

  /** The root of a type of the document, remembered for every type on the way up. */
  const rootOfDocType = (type: Y.AbstractType<unknown>): string | undefined => {
    const path: Y.AbstractType<unknown>[] = []
    let t = type
    let root: string | undefined
    for (;;) {
      if (typeRoots.has(t)) {
        root = typeRoots.get(t)
        break
      }
      path.push(t)
      if (t._item === null) {
        root = Y.findRootTypeKey(t)
        break
      }
      const parent = t._item.parent
      if (!(parent instanceof Y.AbstractType)) break
      t = parent
    }
    for (const p of path) typeRoots.set(p, root)
    return root
  }

  const docStruct = (id: Y.ID): Y.Item | Y.GC | undefined => {
    if (id.clock >= Y.getState(doc.store, id.client)) return undefined
    return Y.getItem(doc.store, id) as Y.Item | Y.GC
  }

  /** Root of an item already in the document. */
  const rootOfDocItem = (item: Y.Item | Y.GC): Resolved => {
    if (item instanceof Y.GC) return null
    return item.parent instanceof Y.AbstractType ? rootOfDocType(item.parent) : undefined
  }

  /**
   * Root of an item of the update: its parent is named, or an id (of the document or of the update), or
   * inferred from its left or right neighbour. Follows the chain through the update's own items iteratively
   * and memoises the answer for every item on the way.
   */
  const rootOfIncoming = (start: Y.Item): Resolved => {
    const path: Y.Item[] = []
    let item = start
    let result: Resolved
    for (;;) {
      const known = memo.get(item)
      if (known === resolving || --budget < 0) {
        result = undefined // a reference loop, or more work than any honest update needs
        break
      }
      if (known !== undefined || memo.has(item)) {
        result = known as Resolved
        break
      }
      path.push(item)
      memo.set(item, resolving)
      const parent = item.parent as unknown
      if (typeof parent === 'string') {
        result = parent
        break
      }
      // The parent is a type created by an item; otherwise the item sits next to a neighbour of the same type.
      const ref = parent instanceof Y.ID ? parent : (item.origin ?? item.rightOrigin)
      if (!ref) {
        result = undefined
        break
      }
      const inDoc = docStruct(ref)
      if (inDoc) {
        if (parent instanceof Y.ID) {
          if (inDoc instanceof Y.GC) result = null
          else {
            const type = (inDoc.content as Partial<Y.ContentType>).type
            result = type ? rootOfDocType(type) : undefined
          }
        } else result = rootOfDocItem(inDoc)
        break
      }
      const next = incoming.find(ref)
      if (!next) {
        result = undefined
        break
      }
      item = next
    }
    for (const p of path) memo.set(p, result)
    return result
  }

  const authors = new Set<number>()
  for (const struct of structs) {
    if (!(struct instanceof Y.Skip)) authors.add(struct.id.client)
    if (!(struct instanceof Y.Item)) continue // GC and Skip structs carry no content
    const root = rootOfIncoming(struct)
    if (root === undefined) return undefined
    if (root !== null) roots.add(root)
  }

  for (const [client, ranges] of ds.clients) {
    const docStructs = doc.store.clients.get(client)
    for (const { clock, len } of ranges) {
      const end = clock + len
      let c = clock
      // Deletions of the document's own content: walk its struct list once from the first one in range.
      // Content the document already deleted changes nothing: a client sends its whole delete set with every
      // sync step 2 (a reconnect re-sends deletions of server-authored values it received), so those are skipped.
      if (docStructs && c < Y.getState(doc.store, client)) {
        for (let i = Y.findIndexSS(docStructs, c); i < docStructs.length && c < end; i++) {
          const struct = docStructs[i] as Y.Item | Y.GC
          if (struct instanceof Y.GC || struct.deleted) {
            c = struct.id.clock + struct.length
            continue
          }
          const root = rootOfDocItem(struct)
          if (root === undefined) return undefined
          if (root !== null) roots.add(root)
          c = struct.id.clock + struct.length
        }
      }
      // The rest must be deletions of the update's own items.
      while (c < end) {
        if (--budget < 0) return undefined
        const item = incoming.find(Y.createID(client, c))
        if (!item) return undefined
        const root = rootOfIncoming(item)
        if (root === undefined) return undefined
        if (root !== null) roots.add(root)
        c = item.id.clock + item.length
      }
    }
  }
  return { roots, authors }
}

/** The items of one update, found by any id they cover (binary search per client). */
class IncomingItems {
  private readonly byClient = new Map<number, Array<Y.Item | Y.GC | Y.Skip>>()

  constructor(structs: Array<Y.Item | Y.GC | Y.Skip>) {
    for (const s of structs) {
      let list = this.byClient.get(s.id.client)
      if (!list) this.byClient.set(s.id.client, (list = []))
      list.push(s)
    }
    // The decoder yields each client's structs in clock order; a crafted update may list a client twice.
    for (const list of this.byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock)
  }

  find(id: Y.ID): Y.Item | undefined {
    const list = this.byClient.get(id.client)
    if (!list) return undefined
    let lo = 0
    let hi = list.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const s = list[mid] as Y.Item | Y.GC | Y.Skip
      if (id.clock < s.id.clock) hi = mid - 1
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1
      else return s instanceof Y.Item ? s : undefined
    }
    return undefined
  }
}
