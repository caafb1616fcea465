import * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
// Type-only: the tldraw runtime stays in the whiteboard's lazy chunk; this model never loads it.
import type { TLInstancePresence, TLRecord, TLStore } from '@tldraw/tlschema'
import { can, rootNames, sessionKeys, writePolicies, type ParticipantRole } from '@hilink/protocol'
import type { SessionApi } from './api-client.ts'
import { CommandModel } from './command-model.ts'
import { parseResponse } from 'hono/client'

/** What one participant shows the others on the board (the awareness field `whiteboard`). */
export interface WhiteboardPresence {
  pageId: string
  cursor: { x: number; y: number } | null
  camera: { x: number; y: number; z: number }
  selection: string[]
  /** Set by an instructor or TA who asks learners to follow their page and camera. */
  followMe?: boolean
}

/** A participant's presence on the board with who they are. */
export interface WhiteboardPeer extends WhiteboardPresence {
  clientId: number
  userId: string
  name: string
  role: string
}

export interface WhiteboardConnectOptions {
  /** Remote presences become tldraw `instance_presence` records (cursors, selections) when given. */
  awareness?: Awareness
  /** How long presence waits before it is published again, in ms (default 50). */
  presenceThrottleMs?: number
}

/** The JSON snapshot `GET /sessions/:id/whiteboard` answers. */
export interface WhiteboardRecords {
  records: Record<string, unknown>[]
  locked: boolean
}

const presenceField = 'whiteboard'

/** A stable colour per user id, for cursors. */
export function colorFor(userId: string): string {
  let h = 0
  for (let i = 0; i < userId.length; i++) h = (h * 31 + userId.charCodeAt(i)) >>> 0
  return `hsl(${h % 360}, 70%, 45%)`
}

/**
 * The session's whiteboard: the document's `whiteboard` map (record id → plain JSON tldraw record, document
 * scope only: shapes, pages, assets, bindings, the document record) kept in step with a tldraw store.
 *
 * The user's own edits (`store.listen` with `source: 'user'`, `scope: 'document'`) are written to the map in one
 * transaction with this model as origin; remote changes to the map are put into the store with
 * `mergeRemoteChanges` (so tldraw does not report them as the user's); the origin guard keeps both directions
 * from echoing. Presence (cursor, selection, page, camera, follow-me) travels through awareness, throttled.
 * Locking is a command to the server, which checks the role and writes `session.boardLocked`.
 */
export class WhiteboardModel extends CommandModel {
  readonly records: Y.Map<unknown>
  private readonly session: Y.Map<unknown>
  private observers = 0
  private readonly onSession = () => this.notify()

  constructor(
    readonly doc: Y.Doc,
    private readonly server?: SessionApi,
  ) {
    super()
    this.records = doc.getMap(rootNames.whiteboard)
    this.session = doc.getMap(rootNames.session)
  }

  get locked(): boolean {
    return this.session.get(sessionKeys.boardLocked) === true
  }

  get ended(): boolean {
    return this.session.get(sessionKeys.state) === 'ended'
  }

  /** Whether `role` may draw right now: the document's write policy, and learners not after the lesson ended. */
  mayWrite(role: ParticipantRole): boolean {
    const policy = writePolicies.whiteboard
    if (policy.author !== 'client' || !policy.mayWrite(role, this.doc)) return false
    return !(this.ended && !can(role, 'whiteboard.writeWhileLocked'))
  }

  /** This participant may lock and unlock the board. */
  get mayLock(): boolean {
    return this.server ? can(this.server.identity.role, 'whiteboard.lock') : false
  }

  /** Calls `listener` when the lock, the lesson state or a command's state changes. */
  override subscribe(listener: () => void): () => void {
    if (this.observers++ === 0) this.session.observe(this.onSession)
    const off = super.subscribe(listener)
    let subscribed = true
    return () => {
      if (!subscribed) return
      subscribed = false
      off()
      if (--this.observers === 0) this.session.unobserve(this.onSession)
    }
  }

  /** The board's records as plain JSON, as stored in the document. */
  snapshot(): TLRecord[] {
    return [...this.records.values()].filter(isRecordLike) as TLRecord[]
  }

  /**
   * Keeps `store` and the document in step until the answered function is called. The document wins on
   * connect: the store's document records become the map's; a store whose document is still empty seeds it
   * (a fresh board's page and document record).
   */
  connect(store: TLStore, options: WhiteboardConnectOptions = {}): () => void {
    const origin = this
    const documentTypes = store.scopedTypes.document as ReadonlySet<string>
    const isDocumentRecord = (r: unknown): r is TLRecord => isRecordLike(r) && documentTypes.has(r.typeName)

    // Load what the document has, or seed it from the store.
    if (this.records.size === 0) {
      const initial = store.allRecords().filter(isDocumentRecord)
      this.doc.transact(() => {
        for (const r of initial) this.records.set(r.id, r)
      }, origin)
    } else {
      const wanted = new Map<string, TLRecord>()
      for (const [id, r] of this.records) if (isDocumentRecord(r)) wanted.set(id, r)
      store.mergeRemoteChanges(() => {
        const stale = store
          .allRecords()
          .filter((r) => isDocumentRecord(r) && !wanted.has(r.id))
          .map((r) => r.id)
        if (stale.length) store.remove(stale)
        putEach(store, [...wanted.values()])
      })
    }

    // Local edits → document.
    const unlisten = store.listen(
      ({ changes }) => {
        this.doc.transact(() => {
          for (const r of Object.values(changes.added)) this.records.set(r.id, r)
          for (const [, to] of Object.values(changes.updated)) this.records.set(to.id, to)
          for (const r of Object.values(changes.removed)) this.records.delete(r.id)
        }, origin)
      },
      { source: 'user', scope: 'document' },
    )
    // tldraw delivers `store.listen` on its next frame, which comes only after it has rendered the change: for a
    // paste of 3,880 shapes that held the Yjs update back by 2.5 s (profiled). Flush the user's history as soon as
    // their operation completes (a microtask later, so one tldraw operation is still one Yjs transaction).
    let flushQueued = false
    const stopFlush = store.sideEffects.registerOperationCompleteHandler((source) => {
      if (source !== 'user' || flushQueued) return
      flushQueued = true
      queueMicrotask(() => {
        flushQueued = false
        store._flushHistory()
      })
    })

    // Remote changes → store.
    const onMap = (event: Y.YMapEvent<unknown>, tx: Y.Transaction) => {
      if (tx.origin === origin) return
      const toPut: TLRecord[] = []
      const toRemove: TLRecord['id'][] = []
      for (const key of event.keysChanged) {
        const value = this.records.get(key)
        if (value === undefined) {
          if (store.has(key as TLRecord['id'])) toRemove.push(key as TLRecord['id'])
        } else if (isDocumentRecord(value)) toPut.push(value)
      }
      store.mergeRemoteChanges(() => {
        if (toRemove.length) store.remove(toRemove)
        putEach(store, toPut)
      })
    }
    this.records.observe(onMap)

    if (options.presenceThrottleMs !== undefined) this.presenceThrottleMs = options.presenceThrottleMs
    const stopPresence = options.awareness ? this.mirrorPresence(store, options.awareness) : () => {}
    return () => {
      unlisten()
      stopFlush()
      this.records.unobserve(onMap)
      stopPresence()
    }
  }

  // ── Presence ────────────────────────────────────────────────────────────────────────────────────────────

  private awareness: Awareness | undefined
  private pendingPresence: WhiteboardPresence | undefined
  private presenceTimer: ReturnType<typeof setTimeout> | undefined
  private lastPresenceAt = 0
  private presenceThrottleMs = 50

  /**
   * Publishes this participant's presence; calls closer together than the throttle are merged into one
   * awareness update (the latest wins), so a pointer move does not send a message per frame.
   */
  setPresence(presence: WhiteboardPresence): void {
    const awareness = this.awareness
    if (!awareness) return
    this.pendingPresence = presence
    const wait = this.lastPresenceAt + this.presenceThrottleMs - Date.now()
    if (wait <= 0) this.flushPresence()
    else this.presenceTimer ??= setTimeout(() => this.flushPresence(), wait)
  }

  /** Everyone else on the board (one entry per connection), with their presence. */
  peers(): WhiteboardPeer[] {
    const awareness = this.awareness
    if (!awareness) return []
    const peers: WhiteboardPeer[] = []
    for (const [clientId, state] of awareness.getStates()) {
      if (clientId === awareness.clientID) continue
      const peer = readPeer(clientId, state)
      if (peer) peers.push(peer)
    }
    return peers
  }

  /** The instructor or TA whom learners follow now, if one asked for it. */
  leader(): WhiteboardPeer | undefined {
    return this.peers().find((p) => p.followMe && can(p.role as ParticipantRole, 'whiteboard.lock'))
  }

  private flushPresence(): void {
    clearTimeout(this.presenceTimer)
    this.presenceTimer = undefined
    if (!this.awareness || !this.pendingPresence) return
    this.lastPresenceAt = Date.now()
    this.awareness.setLocalStateField(presenceField, this.pendingPresence)
    this.pendingPresence = undefined
  }

  private mirrorPresence(store: TLStore, awareness: Awareness): () => void {
    this.awareness = awareness
    const shown = new Set<TLInstancePresence['id']>()
    const sync = () => {
      const records: TLInstancePresence[] = []
      for (const peer of this.peers()) records.push(presenceRecord(peer))
      const ids = new Set(records.map((r) => r.id))
      const gone = [...shown].filter((id) => !ids.has(id))
      store.mergeRemoteChanges(() => {
        if (gone.length) store.remove(gone)
        putEach(store, records)
      })
      for (const id of gone) shown.delete(id)
      for (const id of ids) shown.add(id)
      this.notify()
    }
    awareness.on('change', sync)
    sync()
    return () => {
      awareness.off('change', sync)
      clearTimeout(this.presenceTimer)
      this.presenceTimer = undefined
      awareness.setLocalStateField(presenceField, null)
      store.mergeRemoteChanges(() => store.remove([...shown]))
      this.awareness = undefined
    }
  }

  // ── Commands ────────────────────────────────────────────────────────────────────────────────────────────

  /** Locks or unlocks the board for learners (instructors and TAs). */
  setLocked(locked: boolean): Promise<boolean> {
    const server = this.requireServer()
    return this.run(() => parseResponse(server.client.sessions[':id'].whiteboard.lock.$put({ param: { id: server.sessionId }, json: { locked } })))
  }

  /** The board's records from the server (instructors, TAs). */
  fetchRecords(): Promise<WhiteboardRecords> {
    const server = this.requireServer()
    return parseResponse(server.client.sessions[':id'].whiteboard.$get({ param: { id: server.sessionId } }))
  }

  private requireServer(): SessionApi {
    if (!this.server) throw new Error('WhiteboardModel needs the session API for commands.')
    return this.server
  }

}

function isRecordLike(value: unknown): value is { id: string; typeName: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { id?: unknown }).id === 'string' &&
    typeof (value as { typeName?: unknown }).typeName === 'string'
  )
}

/**
 * Puts records one by one so that one the store's schema refuses (a peer on another tldraw version, say) is
 * skipped without losing the rest. The server validates too; this only keeps a bad record from stopping sync.
 */
function putEach(store: TLStore, records: TLRecord[]): void {
  try {
    if (records.length) store.put(records)
  } catch {
    for (const r of records) {
      try {
        store.put([r])
      } catch (err) {
        console.warn('hl-whiteboard: skipped a record the schema refuses', r.id, err)
      }
    }
  }
}

function readPeer(clientId: number, state: Record<string, unknown>): WhiteboardPeer | undefined {
  const user = state.user as { id?: unknown; name?: unknown; role?: unknown } | undefined
  const wb = state[presenceField] as Partial<WhiteboardPresence> | null | undefined
  if (!user || typeof user.id !== 'string' || typeof user.name !== 'string' || typeof user.role !== 'string') return undefined
  if (!wb || typeof wb.pageId !== 'string' || typeof wb.camera !== 'object' || wb.camera === null) return undefined
  return {
    clientId,
    userId: user.id,
    name: user.name,
    role: user.role,
    pageId: wb.pageId,
    cursor: wb.cursor ?? null,
    camera: wb.camera,
    selection: Array.isArray(wb.selection) ? wb.selection.filter((s): s is string => typeof s === 'string') : [],
    followMe: wb.followMe === true,
  }
}

/** A tldraw `instance_presence` record (what tldraw draws as a collaborator's cursor) for a peer. */
function presenceRecord(peer: WhiteboardPeer): TLInstancePresence {
  return {
    id: `instance_presence:${peer.clientId}` as TLInstancePresence['id'],
    typeName: 'instance_presence',
    userId: `user:${peer.userId}` as TLInstancePresence['userId'],
    userName: peer.name,
    lastActivityTimestamp: Date.now(),
    color: colorFor(peer.userId),
    camera: peer.camera,
    selectedShapeIds: peer.selection as TLInstancePresence['selectedShapeIds'],
    currentPageId: peer.pageId as TLInstancePresence['currentPageId'],
    brush: null,
    scribbles: [],
    screenBounds: null,
    followingUserId: null,
    cursor: peer.cursor ? { x: peer.cursor.x, y: peer.cursor.y, rotation: 0, type: 'default' } : null,
    chatMessage: '',
    meta: {},
  }
}
