import * as Y from 'yjs'

/**
 * The names of the root types that a Yjs update would change if applied to `doc`, found without applying
 * it. Answers `undefined` when some change cannot be placed (it refers to content neither the document nor
 * the update holds), which callers treat as "reject": a client can only build on what the server sent it.
 *
 * Why structural analysis rather than applying to a copy: a copy costs O(document) per update, and the
 * whiteboard sends many small updates.
 */
export function rootsTouchedBy(doc: Y.Doc, update: Uint8Array): Set<string> | undefined {
  const { structs, ds } = Y.decodeUpdate(update)
  const incoming = new IncomingItems(structs)
  const roots = new Set<string>()

  const rootOfDocType = (type: Y.AbstractType<unknown>): string | undefined => {
    let t = type
    while (t._item !== null) {
      const parent = t._item.parent
      if (!(parent instanceof Y.AbstractType)) return undefined
      t = parent
    }
    return Y.findRootTypeKey(t)
  }

  const docStruct = (id: Y.ID): Y.Item | Y.GC | undefined => {
    if (id.clock >= Y.getState(doc.store, id.client)) return undefined
    return Y.getItem(doc.store, id) as Y.Item | Y.GC
  }

  /** Root of the type that contains the struct with this id; null when that content is garbage-collected. */
  const rootOfId = (id: Y.ID, depth: number): string | null | undefined => {
    const known = docStruct(id)
    if (known instanceof Y.GC) return null
    if (known) return known.parent instanceof Y.AbstractType ? rootOfDocType(known.parent) : undefined
    const item = incoming.find(id)
    return item ? rootOfIncoming(item, depth + 1) : undefined
  }

  /** Root for an item of the update: its parent is named, or an id, or inferred from its neighbours. */
  const rootOfIncoming = (item: Y.Item, depth: number): string | null | undefined => {
    if (depth > 10_000) return undefined
    const parent = item.parent as unknown
    if (typeof parent === 'string') return parent
    if (parent instanceof Y.ID) {
      // The parent is a type created by an item: find that item, then the type's own root.
      const known = docStruct(parent)
      if (known instanceof Y.GC) return null
      if (known) {
        const type = (known.content as Partial<Y.ContentType>).type
        return type ? rootOfDocType(type) : undefined
      }
      const creator = incoming.find(parent)
      return creator ? rootOfIncoming(creator, depth + 1) : undefined
    }
    const neighbour = item.origin ?? item.rightOrigin
    return neighbour ? rootOfId(neighbour, depth) : undefined
  }

  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue // GC and Skip structs carry no content
    const root = rootOfIncoming(struct, 0)
    if (root === undefined) return undefined
    if (root !== null) roots.add(root)
  }

  for (const [client, ranges] of ds.clients) {
    for (const { clock, len } of ranges) {
      for (let c = clock; c < clock + len; ) {
        const id = Y.createID(client, c)
        const known = docStruct(id)
        const struct = known ?? incoming.find(id)
        if (!struct) return undefined
        if (struct instanceof Y.Item) {
          const root = known instanceof Y.Item
            ? known.parent instanceof Y.AbstractType
              ? rootOfDocType(known.parent)
              : undefined
            : rootOfIncoming(struct, 0)
          if (root === undefined) return undefined
          if (root !== null) roots.add(root)
        }
        c = struct.id.clock + struct.length
      }
    }
  }
  return roots
}

/** The items of one update, found by any id they cover. */
class IncomingItems {
  private readonly byClient = new Map<number, Array<Y.Item | Y.GC | Y.Skip>>()

  constructor(structs: Array<Y.Item | Y.GC | Y.Skip>) {
    for (const s of structs) {
      const list = this.byClient.get(s.id.client) ?? []
      list.push(s)
      this.byClient.set(s.id.client, list)
    }
  }

  find(id: Y.ID): Y.Item | undefined {
    const list = this.byClient.get(id.client)
    if (!list) return undefined
    for (const s of list) {
      if (id.clock >= s.id.clock && id.clock < s.id.clock + s.length) return s instanceof Y.Item ? s : undefined
    }
    return undefined
  }
}
