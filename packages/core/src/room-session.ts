import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import type { Awareness } from 'y-protocols/awareness'
import { can, liveMessageType, syncCloseCodes, type AwarenessUser, type ParticipantClaims } from '@hilink/protocol'
import { readIdentity } from './identity.ts'
import { LiveChannel } from './live-channel.ts'
import * as decoding from 'lib0/decoding'
import { VisibilitySignals } from './signals.ts'
import { Notifier } from './command-model.ts'
import { parseResponse } from 'hono/client'
import { apiClient, type ApiClient } from './api-client.ts'
import { errorOf } from './readers.ts'

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
  /**
   * Fetches a fresh token for the same person and session (the host's own endpoint). Called a minute before the
   * token's `exp` (unless `onTokenExpiring` vetoes it) and when the server refuses an expired token.
   */
  tokenProvider?: () => Promise<string | undefined>
  /** Hears a minute before `exp`; answering false keeps the session from calling `tokenProvider` then. */
  onTokenExpiring?: (expiresAt: Date) => boolean
  /** How long a command waits for an unreachable server before it is given up (default two minutes). */
  commandQueueMs?: number
}

/** Why the room is closed for good: the token ran out, or the server refused it (forged, other session). */
export type DenialReason = 'expired' | 'invalid'

/** Answers the server gives when it is restarting or behind a proxy that cannot reach it: worth a retry. */
const retryableStatus = new Set([502, 503, 504])

/**
 * One participant's connection to one session: the Yjs document, the y-websocket provider and awareness.
 * The only place that creates and destroys providers; models take `doc` (or a part of it), never a provider.
 */
export class RoomSession extends Notifier {
  readonly doc = new Y.Doc()
  readonly identity: ParticipantClaims
  readonly sessionId: string
  readonly provider: WebsocketProvider
  /** Staff-only live figures (open polls' results…) the server sends on the sync connection; silent for others. */
  readonly live = new LiveChannel()
  /** The server's API root (…/api/v1). */
  readonly apiRoot: string
  private readonly audioBase: string
  /** Tab hidden/visible signals to the server, sent while this room is open. */
  readonly signals: VisibilitySignals
  private tokenValue: string
  private readonly tokenProvider: (() => Promise<string | undefined>) | undefined
  private readonly onTokenExpiring: ((expiresAt: Date) => boolean) | undefined
  private readonly commandQueueMs: number
  private expiryTimer: ReturnType<typeof setTimeout> | undefined
  private refreshing: Promise<boolean> | undefined
  private pendingValue = 0
  private destroyed = false
  private denialValue: DenialReason | undefined
  private statusValue: ConnectionStatus = 'connecting'
  private everLive = false
  private readonly onOnline = () => this.recompute()
  private readonly onOffline = () => this.setStatus('offline')

  constructor(options: RoomSessionOptions) {
    super()
    this.identity = readIdentity(options.token)
    this.sessionId = this.identity.session
    this.tokenValue = options.token
    this.tokenProvider = options.tokenProvider
    this.onTokenExpiring = options.onTokenExpiring
    this.commandQueueMs = options.commandQueueMs ?? 120_000
    const base = new URL(options.server, globalThis.location?.href)
    this.apiRoot = `${base.origin}${base.pathname.replace(/\/$/, '')}/api/v1`
    const httpBase = `${base.origin}${base.pathname}`
    this.client = apiClient(httpBase, this.send)
    base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:'
    const syncUrl = `${base.origin}${base.pathname.replace(/\/$/, '')}/sync`
    this.audioBase = `${syncUrl.replace(/\/sync$/, '/audio')}/${this.sessionId}`
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
        void this.refused()
      } else this.recompute()
    })
    globalThis.addEventListener?.('online', this.onOnline)
    globalThis.addEventListener?.('offline', this.onOffline)
    this.signals = new VisibilitySignals({ server: httpBase, token: options.token })
    if (can(this.identity.role, 'signals.send')) this.signals.start()
    this.armExpiry()
  }

  /** The audio socket for transcription of this participant's microphone (with the current token). */
  get audioUrl(): string {
    return `${this.audioBase}?token=${encodeURIComponent(this.tokenValue)}`
  }

  /** The current participant token (it changes when `tokenProvider` renews it). */
  get token(): string {
    return this.tokenValue
  }

  /** Why the room is closed for good, once `status` is `denied`. */
  get denial(): DenialReason | undefined {
    return this.denialValue
  }

  /** Commands waiting for the server to be reachable again (shown as pending; sent by themselves on return). */
  get pendingCommands(): number {
    return this.pendingValue
  }

  /**
   * Takes a fresh token for the same person and session: API calls use it at once, and the sync socket
   * reconnects with it (the server checks a token when a socket opens), without a reload.
   */
  renewToken(token: string): void {
    const claims = readIdentity(token)
    if (claims.sub !== this.identity.sub || claims.session !== this.sessionId) {
      throw new Error('The new token is for another person or session.')
    }
    this.tokenValue = token
    this.identity.exp = claims.exp
    this.provider.params = { ...this.provider.params, token }
    this.signals.setToken(token)
    if (this.statusValue === 'denied') {
      this.statusValue = 'connecting'
      this.denialValue = undefined
    }
    if (this.provider.wsconnected || this.provider.shouldConnect) this.provider.disconnect()
    this.provider.connect()
    this.armExpiry()
    this.notify()
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

  // subscribe (Notifier): called whenever the status changes.

  /**
   * The HiLink API (below /api/v1) as a typed client with this participant's token; the server checks the role, and
   * a refusal is thrown as an `ApiError` with the server's code and message. Read answers with `parseResponse`.
   *
   * Commands (POST/PUT/DELETE) survive a dropped connection: each carries an `Idempotency-Key`, and while the
   * server cannot be reached the command waits (counted in `pendingCommands`) and is sent again with the same key
   * when the connection returns, so the server records it once. A browser's own error text ("Failed to fetch")
   * never reaches the person: an unreachable server is an `ApiError` with code `unreachable`.
   * @internal its types come from the server's routes, so they are not published
   */
  readonly client: ApiClient

  /** The `fetch` under `client`: the token, the idempotency key, the wait for the server, refusals as errors. */
  private readonly send = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const method = (init.method ?? 'GET').toUpperCase()
    const key = method === 'GET' ? undefined : idempotencyKey()
    const giveUpAt = Date.now() + this.commandQueueMs
    let queued = false
    let renewed = false
    try {
      for (;;) {
        const headers = new Headers(init.headers)
        headers.set('authorization', `Bearer ${this.tokenValue}`)
        if (key) headers.set('idempotency-key', key)
        const res = await fetch(input, { ...init, headers }).catch(() => undefined)
        if (res && !retryableStatus.has(res.status)) {
          // An expired token: renew it once (if the host gave a provider) and send the same command again.
          if (res.status === 401 && !renewed && this.tokenProvider) {
            renewed = true
            if (await this.refreshToken()) continue
          }
          if (!res.ok) {
            const error = errorOf(await res.json().catch(() => undefined))
            throw new ApiError(res.status, error.message ?? `The server answered ${res.status}.`, error.code ?? 'http_error')
          }
          return res
        }
        if (key === undefined || this.destroyed || Date.now() >= giveUpAt) {
          throw new ApiError(0, 'The server could not be reached. Check the connection and try again.', 'unreachable')
        }
        if (!queued) {
          queued = true
          this.pendingValue++
          this.notify()
        }
        await this.untilRetry()
      }
    } finally {
      if (queued) {
        this.pendingValue--
        this.notify()
      }
    }
  }

  /** A lifecycle command for this session (`start`, `end`). */
  async command(name: 'start' | 'end'): Promise<void> {
    await parseResponse(this.client.sessions[':id'][name].$post({ param: { id: this.sessionId } }))
  }

  destroy(): void {
    this.destroyed = true
    clearTimeout(this.expiryTimer)
    globalThis.removeEventListener?.('online', this.onOnline)
    globalThis.removeEventListener?.('offline', this.onOffline)
    this.signals.stop()
    this.clearListeners()
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

  /** Resolves when the sync socket is live again, or after two seconds (the API may be back before the socket). */
  private untilRetry(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        off()
        resolve()
      }
      const timer = setTimeout(done, 2000)
      const off = this.subscribe(() => {
        if (this.statusValue === 'live' || this.destroyed) done()
      })
    })
  }

  /** A minute before `exp`: asks the host (`onTokenExpiring`), then the provider; without one, closes at `exp`. */
  private armExpiry(): void {
    clearTimeout(this.expiryTimer)
    if (this.destroyed) return
    const expMs = this.identity.exp * 1000
    const warnIn = Math.max(0, expMs - 60_000 - Date.now())
    this.expiryTimer = setTimeout(() => {
      const allowed = this.onTokenExpiring?.(new Date(expMs)) ?? true
      if (allowed && this.tokenProvider) {
        void this.refreshToken().then((ok) => {
          if (!ok) this.closeAtExpiry(expMs)
        })
      } else this.closeAtExpiry(expMs)
    }, warnIn)
  }

  private closeAtExpiry(expMs: number): void {
    clearTimeout(this.expiryTimer)
    this.expiryTimer = setTimeout(() => this.deny('expired'), Math.max(0, expMs - Date.now()))
  }

  /** Asks the host's provider for a fresh token (one request at a time); answers whether it got a usable one. */
  private refreshToken(): Promise<boolean> {
    const provider = this.tokenProvider
    if (!provider) return Promise.resolve(false)
    this.refreshing ??= provider()
      .then((token) => {
        if (token === undefined) return false // the host has no provider (yet)
        this.renewToken(token)
        return true
      })
      .catch((err: unknown) => {
        console.warn('hilink: the token provider failed:', err instanceof Error ? err.message : err)
        return false
      })
      .finally(() => {
        this.refreshing = undefined
      })
    return this.refreshing
  }

  /** The server refused the socket's token: a fresh one from the provider, else closed for good. */
  private async refused(): Promise<void> {
    this.provider.shouldConnect = false
    if (await this.refreshToken()) return
    this.deny(this.identity.exp * 1000 <= Date.now() ? 'expired' : 'invalid')
  }

  private deny(reason: DenialReason): void {
    if (this.destroyed) return
    this.denialValue = reason
    this.provider.shouldConnect = false
    this.provider.disconnect()
    this.setStatus('denied')
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
    this.notify()
  }
}

/** A random key per command; its retries reuse it so the server can answer them without running it again. */
function idempotencyKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
}

/**
 * A command the server refused (`status` 4xx, `code` from its error body) or could not be reached for
 * (`status` 0, `code` `unreachable`). `message` is the server's English text; the elements translate by `code`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string = 'http_error',
  ) {
    super(message)
  }
}
