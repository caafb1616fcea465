import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import type { Awareness } from 'y-protocols/awareness'
import { can, liveMessageType, syncCloseCodes, type AwarenessUser, type ParticipantClaims } from '@hilink/protocol'
import { readIdentity } from './identity.ts'
import { LiveChannel } from './live-channel.ts'
import * as decoding from 'lib0/decoding'
import { VisibilitySignals } from './signals.ts'

/**
 * How the room connection is doing, as a person would put it:
 * - connecting: first contact, nothing shown yet
 * - live: in sync with the server
 * - reconnecting: was live, lost the connection, retrying (local edits are kept and sent on return)
 * - offline: the browser reports no network
 * - denied: the server refused the token (invalid, expired, or another session's); no retry
 */
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'denied'

export interface RoomSessionOptions {
  /** Base URL of the HiLink server, e.g. https://hl.example */
  server: string
  /** A participant token minted by the server for this session. */
  token: string
  /** For tests and non-browser hosts: a WebSocket implementation. */
  WebSocketPolyfill?: typeof WebSocket
}

type Listener = () => void

/**
 * One participant's connection to one session: the Yjs document, the y-websocket provider and awareness.
 * The only place that creates and destroys providers; models take `doc` (or a part of it), never a provider.
 */
export class RoomSession {
  readonly doc = new Y.Doc()
  readonly identity: ParticipantClaims
  readonly sessionId: string
  readonly provider: WebsocketProvider
  /** Staff-only live figures (open polls' results…) the server sends on the sync connection; silent for others. */
  readonly live = new LiveChannel()
  /** The server's API root (…/api/v1). */
  readonly apiRoot: string
  /** The audio socket for transcription of this participant's microphone. */
  readonly audioUrl: string
  /** Tab hidden/visible signals to the server, sent while this room is open. */
  readonly signals: VisibilitySignals
  private readonly token: string
  private statusValue: ConnectionStatus = 'connecting'
  private everLive = false
  private readonly listeners = new Set<Listener>()
  private readonly onOnline = () => this.recompute()
  private readonly onOffline = () => this.setStatus('offline')

  constructor(options: RoomSessionOptions) {
    this.identity = readIdentity(options.token)
    this.sessionId = this.identity.session
    this.token = options.token
    const base = new URL(options.server, globalThis.location?.href)
    this.apiRoot = `${base.origin}${base.pathname.replace(/\/$/, '')}/api/v1`
    base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:'
    const syncUrl = `${base.origin}${base.pathname.replace(/\/$/, '')}/sync`
    this.audioUrl = `${syncUrl.replace(/\/sync$/, '/audio')}/${this.sessionId}?token=${encodeURIComponent(options.token)}`
    this.provider = new WebsocketProvider(syncUrl, this.sessionId, this.doc, {
      params: { token: options.token },
      ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
      maxBackoffTime: 5000,
      // No BroadcastChannel between tabs: every update must pass the server's role checks. Otherwise a
      // learner tab's forbidden write could reach an instructor tab in the same browser and be re-sent
      // to the server with the instructor's rights.
      disableBc: true,
    })
    // Staff-only live figures arrive as their own message type on this connection (server/src/sync/live-messages.ts).
    this.provider.messageHandlers[liveMessageType] = (_encoder, decoder) => {
      this.live.receive(decoding.readVarString(decoder))
    }
    this.awareness.setLocalStateField('user', this.user)
    this.provider.on('sync', (synced: boolean) => {
      if (synced) this.renewPresence()
      this.recompute()
    })
    this.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected') this.renewPresence()
      else if (status === 'disconnected') this.forgetRemotePresence()
      this.recompute()
    })
    this.provider.on('connection-close', (event) => {
      if (event?.code === syncCloseCodes.unauthorized || event?.code === syncCloseCodes.notFound) {
        // Retrying a refused token would only be refused again.
        this.provider.shouldConnect = false
        this.setStatus('denied')
      } else this.recompute()
    })
    globalThis.addEventListener?.('online', this.onOnline)
    globalThis.addEventListener?.('offline', this.onOffline)
    this.signals = new VisibilitySignals({ url: `${this.apiRoot}/events`, token: options.token })
    if (can(this.identity.role, 'signals.send')) this.signals.start()
  }

  get awareness(): Awareness {
    return this.provider.awareness
  }

  /** The presence this participant shows others; the server checks it against the token. */
  get user(): AwarenessUser {
    return { id: this.identity.sub, name: this.identity.name, role: this.identity.role }
  }

  get status(): ConnectionStatus {
    return this.statusValue
  }

  /** Calls `listener` whenever the status changes; answers the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Calls the HiLink API with this participant's token; `path` is below /api/v1. The server checks the
   * role; an error answer's message is thrown as is, for the person to read.
   */
  async api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.apiRoot}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const json = (await res.json().catch(() => undefined)) as (T & { error?: { message?: string } }) | undefined
    if (!res.ok) throw new ApiError(res.status, json?.error?.message ?? `The server answered ${res.status}.`)
    return json as T
  }

  /** A lifecycle command for this session (`start`, `end`). */
  async command(name: 'start' | 'end'): Promise<void> {
    await this.api('POST', `/sessions/${this.sessionId}/${name}`)
  }

  destroy(): void {
    globalThis.removeEventListener?.('online', this.onOnline)
    globalThis.removeEventListener?.('offline', this.onOffline)
    this.signals.stop()
    this.listeners.clear()
    this.provider.destroy()
    this.doc.destroy()
  }

  /**
   * y-awareness pitfalls on a reconnect or a server restart: a peer (and the server) ignore a presence whose clock
   * is not newer than the last one they saw, even after they removed it on the drop. So every (re)connect
   * re-announces ours with a fresh clock: the room sees us again, never a ghost or a missing person.
   */
  private renewPresence(): void {
    const state = this.awareness.getLocalState()
    if (state !== null) this.awareness.setLocalState({ ...state })
  }

  /**
   * On a drop the provider removes the others' presence but keeps their clocks, so the same presence resent by
   * the server after the reconnect would be ignored: forget the clocks too, and take whatever the server sends.
   */
  private forgetRemotePresence(): void {
    for (const clientId of [...this.awareness.meta.keys()]) {
      if (clientId !== this.awareness.clientID && !this.awareness.states.has(clientId)) this.awareness.meta.delete(clientId)
    }
  }

  private recompute(): void {
    if (this.statusValue === 'denied') return
    if (globalThis.navigator?.onLine === false) return this.setStatus('offline')
    if (this.provider.wsconnected && this.provider.synced) {
      this.everLive = true
      return this.setStatus('live')
    }
    this.setStatus(this.everLive ? 'reconnecting' : 'connecting')
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.statusValue) return
    this.statusValue = status
    for (const l of this.listeners) l()
  }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}
