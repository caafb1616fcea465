import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { randomUUID } from 'node:crypto'
import { WebSocketServer, type WebSocket } from 'ws'
import * as Y from 'yjs'
import { docs, getYDoc, setPersistence, setupWSConnection, type WSSharedDoc } from '@y/websocket-server/utils'
import { can, syncCloseCodes, type LiveMessage, type ParticipantClaims } from '@hilink/protocol'
import { authenticateSocket, type SocketAuth } from '../auth/socket-auth.ts'
import type { FailedAuthLimiter } from '../http/rate-limits.ts'
import type { ClientAddress } from '../http/client-address.ts'
import type { TokenService } from '../auth/tokens.ts'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { ParticipantsRepo } from '../db/participants-repo.ts'
import { DocStore, markStoredOrigin } from './doc-store.ts'
import { GuardedConnection } from './guarded-connection.ts'
import { inspectMessage, isDocumentWrite, permissionDeniedMessage, type GuardResult } from './message-guard.ts'
import { applyAndRevert } from './revert-write.ts'

/** Transaction origin of a late board write applied and undone by the server (revert-write.ts). */
const revertOrigin = { name: 'hilink:reverted-board-write' }
import { clientOwnersOf } from './client-owners.ts'
import { encodeLiveMessage, type LiveSnapshot } from './live-messages.ts'

/**
 * @y/websocket-server keeps one room map and one persistence hook per process. Each SyncServer names its
 * rooms `<instance>/<tenant>/<session>` and registers its store under its instance id, so that several
 * servers in one process (tests, benchmarks) never share a room or a database.
 */
const storesByInstance = new Map<string, DocStore>()
const splitName = (name: string) => {
  const slash = name.indexOf('/')
  return { instance: name.slice(0, slash), key: name.slice(slash + 1) }
}
setPersistence({
  provider: null,
  bindState: (name, doc) => {
    const { instance, key } = splitName(name)
    storesByInstance.get(instance)?.bind(key, doc)
  },
  writeState: async (name, doc) => {
    const { instance, key } = splitName(name)
    storesByInstance.get(instance)?.unload(key, doc)
  },
})

export interface SyncServerDeps {
  tokens: TokenService
  failedAuth: FailedAuthLimiter
  /** The client behind the trusted proxies, whom a refused upgrade counts against. */
  clientAddress: ClientAddress
  sessions: SessionsRepo
  participants: ParticipantsRepo
  store: DocStore
  maxMessageBytes: number
  /** Largest stored size of one room's document; client updates beyond it are refused. */
  maxDocBytes: number
  /** A connection that lets more than this pile up unread is closed (it would hold the server's memory). */
  maxBufferedBytes: number
}

/** A client update the server applied, with who sent it (ARCHITECTURE.md §6: one hook for applied changes). */
export interface ClientChange {
  claims: ParticipantClaims
  /** The room's live document, after the update was applied. */
  doc: Y.Doc
  update: Uint8Array
}
export type ClientChangeListener = (change: ClientChange) => void

/** Hears of every participant connection to the sync socket, after authentication. */
export interface ConnectionListener {
  opened(claims: ParticipantClaims): void
  closed(claims: ParticipantClaims): void
}

const syncPath = /^\/sync\/([0-9a-fA-F-]{36})$/

/** The sync WebSocket endpoint: authenticates the upgrade, then runs the y-websocket protocol behind the guard. */
export class SyncServer {
  private readonly instance = randomUUID()
  private readonly wss: WebSocketServer
  /** Open connections and whose they are (attendance itself listens through `onConnection`). */
  private readonly present = new Map<GuardedConnection, { claims: ParticipantClaims }>()
  private readonly liveSnapshots = new Set<LiveSnapshot>()

  /** Told when a participant's sync connection opens and closes (attendance). */
  private readonly connectionListeners = new Set<ConnectionListener>()
  private readonly changeListeners = new Set<ClientChangeListener>()

  constructor(private readonly deps: SyncServerDeps) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxMessageBytes })
    storesByInstance.set(this.instance, deps.store)
  }

  /** Handles an HTTP upgrade; answers false when the path is not a sync path (the caller rejects it). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const match = syncPath.exec(url.pathname)
    if (!match) return false
    const sessionId = (match[1] as string).toLowerCase()
    const token = url.searchParams.get('token')
    // Read now: a socket the caller closes while the token is checked has no address any more.
    const address = this.deps.clientAddress(req)
    const tooMany = (seconds: number): SocketAuth => ({
      refuse: { code: syncCloseCodes.rateLimited, reason: `too many failed sign-ins; retry in ${seconds} s` },
    })
    const prefixBlocked = this.deps.failedAuth.prefixBlockedFor(token ?? '')
    // Authenticate before completing the upgrade: no message can arrive before we listen for it.
    const authenticated: Promise<SocketAuth> =
      prefixBlocked !== undefined
        ? Promise.resolve(tooMany(prefixBlocked))
        : authenticateSocket(this.deps.tokens, this.deps.sessions, sessionId, token).then((outcome) => {
            if (!('refuse' in outcome) || outcome.refuse.code !== syncCloseCodes.unauthorized) return outcome
            const retryAfter = this.deps.failedAuth.recordFailure(address, token ?? '')
            return retryAfter === undefined ? outcome : tooMany(retryAfter)
          })
    void authenticated.then(
      (outcome) => {
        this.wss.handleUpgrade(req, socket, head, (ws) => {
          ws.on('error', () => {}) // protocol errors close the socket; 'close' does the cleanup
          if ('refuse' in outcome) ws.close(outcome.refuse.code, outcome.refuse.reason)
          else this.join(ws, req, outcome.claims)
        })
      },
      () => socket.destroy(),
    )
    return true
  }

  /** Calls `listener` as participants' sync connections open and close; answers the unsubscribe function. */
  onConnection(listener: ConnectionListener): () => void {
    this.connectionListeners.add(listener)
    return () => this.connectionListeners.delete(listener)
  }

  /** Calls `listener` after each client update that changed a document was applied; answers the unsubscribe. */
  onClientChange(listener: ClientChangeListener): () => void {
    this.changeListeners.add(listener)
    return () => this.changeListeners.delete(listener)
  }

  /** The live document of a session, when its room is loaded. */
  loadedDoc(tenantId: string, sessionId: string): WSSharedDoc | undefined {
    return docs.get(this.roomName(tenantId, sessionId))
  }

  /**
   * Applies a server-authored change to a session's document, loaded or not. This is how commands write the
   * server-authored parts (ARCHITECTURE.md §4).
   */
  changeDoc(tenantId: string, sessionId: string, change: (doc: Y.Doc) => void): void {
    const live = this.loadedDoc(tenantId, sessionId)
    if (live) live.transact(() => change(live))
    else this.deps.store.changeUnloaded(docKey(tenantId, sessionId), change)
  }

  /** Registers what a staff connection receives as it joins (ARCHITECTURE.md §6, staff-only live data). */
  addLiveSnapshot(snapshot: LiveSnapshot): void {
    this.liveSnapshots.add(snapshot)
  }

  /**
   * Sends a staff-only live message to every connection of the session whose role may see live data
   * (`room.liveData`): per connection, never through the shared document, which learners receive too.
   */
  sendLive(tenantId: string, sessionId: string, message: LiveMessage): void {
    let bytes: Uint8Array | undefined
    for (const [conn, { claims }] of this.present) {
      if (claims.tenant !== tenantId || claims.session !== sessionId || !can(claims.role, 'room.liveData')) continue
      bytes ??= encodeLiveMessage(message)
      conn.send(bytes, {})
    }
  }

  close(): void {
    this.present.clear()
    for (const ws of this.wss.clients) ws.terminate()
    this.wss.close(() => {}) // may run twice on shutdown; the second is a no-op
    storesByInstance.delete(this.instance)
  }

  private roomName(tenantId: string, sessionId: string): string {
    return `${this.instance}/${docKey(tenantId, sessionId)}`
  }

  private join(ws: WebSocket, req: IncomingMessage, claims: ParticipantClaims): void {
    const docName = this.roomName(claims.tenant, claims.session)
    const key = docKey(claims.tenant, claims.session)
    // Loading happens here, synchronously, before setupWSConnection sends its first sync message.
    const doc = getYDoc(docName)
    const owners = clientOwnersOf(doc)
    const context = { claims, ownClients: new Set<number>(), owners }
    const conn = new GuardedConnection(ws, this.deps.maxBufferedBytes, (message) => {
      // The size limit first: a full room refuses a write before any work is spent on it.
      const full = isDocumentWrite(message) && message.byteLength > 8 && this.deps.store.bytesOf(key) + message.byteLength > this.deps.maxDocBytes
      const result: GuardResult = full ? { kind: 'deny', reason: 'the document has reached its size limit' } : inspectMessage(doc, context, message)
      switch (result.kind) {
        case 'pass':
          if (result.storeFirst) {
            this.deps.store.storeBeforeApply(key, result.storeFirst)
            // The protocol handler applies the update synchronously once this returns; report it right after.
            const update = result.storeFirst
            if (this.changeListeners.size > 0) queueMicrotask(() => { for (const l of this.changeListeners) l({ claims, doc, update }) })
          }
          return result.replacement ?? message
        case 'revert':
          // Not the connection as origin: the result is stored like a server write, and no contribution is reported.
          applyAndRevert(doc, result.update, revertOrigin)
          if (ws.readyState === ws.OPEN) ws.send(permissionDeniedMessage(result.reason))
          return null
        case 'deny':
          if (ws.readyState === ws.OPEN) ws.send(permissionDeniedMessage(result.reason))
          return null
        case 'drop':
          return null
        case 'malformed':
          ws.close(syncCloseCodes.badMessage, 'malformed message')
          return null
      }
    })
    markStoredOrigin(conn)
    this.deps.participants.joined(claims.tenant, claims.session, claims.sub, new Date())
    this.present.set(conn, { claims })
    for (const l of this.connectionListeners) l.opened(claims)
    conn.on('close', () => {
      owners.release(context)
      for (const l of this.connectionListeners) l.closed(claims)
      this.present.delete(conn)
    })
    // The library's types ask for a ws WebSocket; the guarded connection implements the part it uses.
    setupWSConnection(conn as unknown as WebSocket, req, { docName })
    if (can(claims.role, 'room.liveData')) {
      for (const snapshot of this.liveSnapshots) {
        for (const message of snapshot(claims.tenant, claims.session)) conn.send(encodeLiveMessage(message), {})
      }
    }
  }
}

/** The storage key of a session's document: tenant and session, so tenants can never share a document. */
export function docKey(tenantId: string, sessionId: string): string {
  return `${tenantId}/${sessionId}`
}
