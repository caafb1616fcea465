import * as Y from 'yjs'
import { createTLSchema } from '@tldraw/tlschema'
import { can, rootNames, sessionKeys, type ParticipantRole } from '@hilink/protocol'
import { decodeUpdateOnce, type DecodedUpdate } from '../sync/decoded-update.ts'

/**
 * What the server accepts in the `whiteboard` root (issue 9): every record a client writes is checked with
 * tldraw's own schema (the validators of `@tldraw/tlschema`, the same ones the editor runs) before the update
 * is applied or relayed, within size limits, and only its author, an instructor or a TA may delete a shape.
 */
export const whiteboardLimits = {
  /** tldraw's own maximum number of shapes on one page. */
  shapesPerPage: 4000,
  /** One record as JSON (a long freehand stroke is a few tens of KB). */
  recordBytes: 128 * 1024,
  /** One asset record as JSON, mostly its `src` data URL (an image pasted on the board). */
  assetBytes: 1024 * 1024,
}

const schema = createTLSchema()
/** Record types of the document scope (shapes, pages, assets, bindings, the document record, users). */
const documentTypes = new Set(
  Object.values(schema.types)
    .filter((t) => t.scope === 'document')
    .map((t) => t.typeName as string),
)
/** Records only their author (or staff) may delete. */
const authoredTypes = new Set(['shape', 'page'])

export type WhiteboardVerdict = { allowed: true } | { allowed: false; reason: string }

interface PlainRecord {
  id: string
  typeName: string
  parentId?: unknown
  [key: string]: unknown
}

/** Record id → the user who created it, per live document (kept while the room is loaded). */
const authorsByDoc = new WeakMap<Y.Doc, Map<string, string>>()
function authorsOf(doc: Y.Doc): Map<string, string> {
  let authors = authorsByDoc.get(doc)
  if (!authors) authorsByDoc.set(doc, (authors = new Map()))
  return authors
}

/** The user who created a record, as far as this room remembers (not across a server restart). */
export function authorOf(doc: Y.Doc, recordId: string): string | undefined {
  return authorsByDoc.get(doc)?.get(recordId)
}

/** Where an item of an update sits: a key of a root map, or somewhere nested (or unknown). */
type Place = { root: string; key: string } | { root: string | null; key: null } | undefined

/**
 * Checks the part of a client update that writes the `whiteboard` root. Called by the write policy after the
 * roots were allowed for `role`; `userId` is the connection's user (for authorship and deletes).
 */
export function checkWhiteboardUpdate(doc: Y.Doc, role: ParticipantRole, update: Uint8Array, userId: string | undefined): WhiteboardVerdict {
  const session = doc.getMap(rootNames.session)
  if (session.get(sessionKeys.state) === 'ended' && !can(role, 'whiteboard.writeWhileLocked')) {
    return { allowed: false, reason: 'the lesson has ended: the board is read-only for learners' }
  }
  let decoded: DecodedUpdate
  try {
    decoded = decodeUpdateOnce(update) // decoded already by the write policy's footprint
  } catch {
    return { allowed: false, reason: 'malformed update' }
  }
  const board = doc.getMap(rootNames.whiteboard)
  const byClient = new Map<number, Y.Item[]>()
  for (const s of decoded.structs) {
    if (!(s instanceof Y.Item)) continue
    let list = byClient.get(s.id.client)
    if (!list) byClient.set(s.id.client, (list = []))
    list.push(s)
  }
  for (const list of byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock)
  const memo = new Map<Y.Item, Place>()

  const placeOfDocItem = (item: Y.Item): Place => {
    const parent = item.parent
    if (!(parent instanceof Y.AbstractType)) return undefined
    if (parent._item !== null) return { root: rootOfType(parent), key: null } // inside a nested type
    const root = Y.findRootTypeKey(parent)
    return item.parentSub !== null ? { root, key: item.parentSub } : { root, key: null }
  }
  const findIncoming = (id: Y.ID): Y.Item | undefined => {
    const list = byClient.get(id.client)
    if (!list) return undefined
    let lo = 0
    let hi = list.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const s = list[mid] as Y.Item
      if (id.clock < s.id.clock) hi = mid - 1
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1
      else return s
    }
    return undefined
  }
  const placeOf = (start: Y.Item): Place => {
    let item = start
    const seen = new Set<Y.Item>()
    for (;;) {
      const known = memo.get(item)
      if (known !== undefined) return known
      if (seen.has(item)) return undefined
      seen.add(item)
      const parent = item.parent as unknown
      if (typeof parent === 'string') return item.parentSub !== null ? { root: parent, key: item.parentSub } : { root: parent, key: null }
      if (parent instanceof Y.ID) {
        // A child of a type: under the whiteboard that is a nested Y type, which the board never uses.
        const typeItem = docItem(doc, parent) ?? findIncoming(parent)
        if (!typeItem) return undefined
        const outer = placeOf(typeItem)
        return outer === undefined ? undefined : { root: outer.root, key: null }
      }
      const ref = item.origin ?? item.rightOrigin
      if (!ref) return undefined
      const inDoc = docItem(doc, ref)
      if (inDoc) return placeOfDocItem(inDoc)
      const next = findIncoming(ref)
      if (!next) return undefined
      item = next
    }
  }

  // New values written to the board's keys.
  const written = new Map<string, unknown>()
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue
    const place = placeOf(struct)
    memo.set(struct, place)
    if (place === undefined) continue // the write policy already refused what it cannot place
    if (place.root !== rootNames.whiteboard) continue
    if (place.key === null) return { allowed: false, reason: 'the board holds plain records, not nested types' }
    const content = struct.content
    if (content instanceof Y.ContentDeleted) continue
    if (!(content instanceof Y.ContentAny)) return { allowed: false, reason: 'the board holds plain records, not nested types' }
    for (const value of content.getContent()) written.set(place.key, value)
  }

  // Every written record is valid, within the limits, under its own id.
  const newShapesByPage = new Map<string, number>()
  for (const [key, value] of written) {
    const problem = recordProblem(key, value)
    if (problem) return { allowed: false, reason: problem }
    const record = value as PlainRecord
    // The author a shape names (`meta.createdBy`, set by the editor) is the one who drew it, and never changes:
    // it is how deletes are checked after a restart, when the room's memory of authors is gone.
    const claimed = createdByOf(record)
    const stored = board.get(key) as PlainRecord | undefined
    if (stored === undefined ? claimed !== undefined && claimed !== userId : claimed !== createdByOf(stored)) {
      return { allowed: false, reason: 'a shape’s author is the person who drew it' }
    }
    if (record.typeName === 'shape' && !board.has(key)) {
      const page = pageOf(board, written, record)
      newShapesByPage.set(page, (newShapesByPage.get(page) ?? 0) + 1)
    }
  }
  if (newShapesByPage.size > 0) {
    const counts = shapeCountsByPage(board, written)
    for (const [page, added] of newShapesByPage) {
      if ((counts.get(page) ?? 0) + added > whiteboardLimits.shapesPerPage) {
        return { allowed: false, reason: `a page holds at most ${whiteboardLimits.shapesPerPage} shapes` }
      }
    }
  }

  // Deletions of records (a key's current value deleted and nothing new written under it).
  const deletedKeys = new Set<string>()
  for (const [client, ranges] of decoded.ds.clients) {
    const structs = doc.store.clients.get(client)
    if (!structs) continue
    for (const { clock, len } of ranges) {
      const end = clock + len
      if (clock >= Y.getState(doc.store, client)) continue
      for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
        const s = structs[i] as Y.Item | Y.GC
        if (s.id.clock >= end) break
        if (!(s instanceof Y.Item) || s.deleted || s.parent !== board || s.parentSub === null) continue
        if (!written.has(s.parentSub)) deletedKeys.add(s.parentSub)
      }
    }
  }
  const authors = authorsOf(doc)
  if (deletedKeys.size > 0 && !can(role, 'whiteboard.deleteAny')) {
    for (const key of deletedKeys) {
      const record = board.get(key) as PlainRecord | undefined
      if (!record || !authoredTypes.has(record.typeName)) continue
      const author = authors.get(key) ?? createdByOf(record)
      if (userId === undefined || author !== userId) {
        return { allowed: false, reason: 'only its author, an instructor or a TA may delete a shape' }
      }
    }
  }

  if (userId !== undefined) for (const key of written.keys()) if (!board.has(key)) authors.set(key, userId)
  return { allowed: true }
}

function docItem(doc: Y.Doc, id: Y.ID): Y.Item | undefined {
  if (id.clock >= Y.getState(doc.store, id.client)) return undefined
  const s = Y.getItem(doc.store, id) as Y.Item | Y.GC
  return s instanceof Y.Item ? s : undefined
}

function createdByOf(record: PlainRecord): string | undefined {
  const meta = record.meta
  if (typeof meta !== 'object' || meta === null) return undefined
  const by = (meta as { createdBy?: unknown }).createdBy
  return typeof by === 'string' ? by : undefined
}

/** The root name a nested type sits in. */
function rootOfType(type: Y.AbstractType<unknown>): string | null {
  let t: Y.AbstractType<unknown> = type
  for (let depth = 0; depth < 256; depth++) {
    if (t._item === null) return Y.findRootTypeKey(t)
    const parent = t._item.parent
    if (!(parent instanceof Y.AbstractType)) return null
    t = parent
  }
  return null
}

/** Why a record may not be stored under `key`, or undefined when it may. */
export function recordProblem(key: string, value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `"${key}" is not a record`
  const record = value as PlainRecord
  if (record.id !== key) return `"${key}" holds a record with another id`
  if (typeof record.typeName !== 'string' || !documentTypes.has(record.typeName)) {
    return `"${key}" is not a board record (type ${String(record.typeName)})`
  }
  let size: number
  try {
    size = JSON.stringify(value).length
  } catch {
    return `"${key}" is not plain JSON`
  }
  const cap = record.typeName === 'asset' ? whiteboardLimits.assetBytes : whiteboardLimits.recordBytes
  if (size > cap) return `"${key}" is larger than ${cap} bytes`
  const type = schema.types[record.typeName as keyof typeof schema.types]
  try {
    type.validate(value)
  } catch (err) {
    return `"${key}" is not a valid tldraw ${record.typeName}: ${(err as Error).message}`.slice(0, 300)
  }
  return undefined
}

/** The page a shape is on: its parent, or its parent's page (frames and groups). */
function pageOf(board: Y.Map<unknown>, written: Map<string, unknown>, record: PlainRecord): string {
  let parentId = record.parentId
  for (let depth = 0; depth < 32 && typeof parentId === 'string'; depth++) {
    if (parentId.startsWith('page:')) return parentId
    const parent = (written.get(parentId) ?? board.get(parentId)) as PlainRecord | undefined
    parentId = parent?.parentId
  }
  return String(parentId)
}

function shapeCountsByPage(board: Y.Map<unknown>, written: Map<string, unknown>): Map<string, number> {
  const counts = new Map<string, number>()
  for (const value of board.values()) {
    const record = value as PlainRecord
    if (record?.typeName !== 'shape') continue
    const page = pageOf(board, written, record)
    counts.set(page, (counts.get(page) ?? 0) + 1)
  }
  return counts
}

/** For the contribution tracker: the board keys an applied update wrote (created or changed) and deleted. */
export function boardKeysOf(doc: Y.Doc, update: Uint8Array): { created: Set<string>; written: Set<string>; deleted: Set<string> } {
  const created = new Set<string>()
  const written = new Set<string>()
  const deleted = new Set<string>()
  const { structs, ds } = decodeUpdateOnce(update) // the guard decoded this update before applying it
  const board = doc.getMap(rootNames.whiteboard)
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue
    // After the update was applied, its items are in the document with their parent resolved.
    const item = docItem(doc, s.id)
    if (item && item.parent === board && item.parentSub !== null) {
      // A map entry's first value has nothing to its left; later values sit right of the one they replace.
      if (item.left === null) created.add(item.parentSub)
      else written.add(item.parentSub)
    }
  }
  for (const [client, ranges] of ds.clients) {
    const list = doc.store.clients.get(client)
    if (!list) continue
    for (const { clock, len } of ranges) {
      if (clock >= Y.getState(doc.store, client)) continue
      for (let i = Y.findIndexSS(list, clock); i < list.length; i++) {
        const s = list[i] as Y.Item | Y.GC
        if (s.id.clock >= clock + len) break
        if (s instanceof Y.Item && s.parent === board && s.parentSub !== null && !board.has(s.parentSub)) deleted.add(s.parentSub)
      }
    }
  }
  return { created, written, deleted }
}
