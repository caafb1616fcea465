import type { ClientSignal, ClientSignalType } from '@hilink/protocol'
import { Notifier } from './command-model.ts'
import { apiClient, type ApiClient } from './api-client.ts'

/** The part of `document` the signals watch. */
export interface VisibilitySource {
  readonly visibilityState: DocumentVisibilityState
  addEventListener(type: 'visibilitychange', listener: () => void): void
  removeEventListener(type: 'visibilitychange', listener: () => void): void
}

/** The part of `window` the signals watch: focus lost to another window or app, and regained. */
export interface FocusSource {
  addEventListener(type: 'blur' | 'focus', listener: () => void): void
  removeEventListener(type: 'blur' | 'focus', listener: () => void): void
}

export interface VisibilitySignalsOptions {
  /** The HiLink server, e.g. https://hl.example (signals go to `POST /api/v1/events`). */
  server: string
  /** The participant token; the server takes actor and session from it. */
  token: string
  /** Defaults to the page's `document`. */
  source?: VisibilitySource
  /** Defaults to the page's `window` (blur/focus: another window in front of a visible tab). */
  focusSource?: FocusSource
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch
  /** How many unsent signals are kept (the oldest go first). */
  cap?: number
}

/**
 * Signals only the browser can see (ARCHITECTURE.md §5): the lesson's tab hidden or visible again, and its
 * window losing focus to another window or app and regaining it. Each
 * signal gets its own id and the time it happened and is sent to `POST /api/v1/events` with `keepalive`, so
 * one sent as the page hides still leaves. Signals that could not be sent (network down, server error, rate
 * limited) stay in a small in-memory queue and are sent again when the browser is back online or with the
 * next signal; the server records an id once, so sending twice is harmless. Other refusals (4xx) are dropped:
 * sending them again would be refused again.
 */
export class VisibilitySignals extends Notifier {
  /** Signals the server answered with 202. */
  delivered = 0
  /** Signals dropped: refused by the server, or pushed out of a full queue. */
  dropped = 0
  private queue: ClientSignal[] = []
  private readonly inFlight = new Map<string, Promise<void>>()
  private readonly cap: number
  private readonly source: VisibilitySource | undefined
  private readonly api: ApiClient
  private running = false
  private readonly onVisibility = () => {
    const state = this.source?.visibilityState
    if (state === 'hidden') this.record('tab-hidden')
    else if (state === 'visible') this.record('tab-visible')
  }
  private readonly onOnline = () => void this.flush()
  private readonly focus: FocusSource | undefined
  // A window blurs and focuses with every click into an iframe or dialog; only a change of state is a signal.
  private blurred = false
  private readonly onBlur = () => {
    if (this.blurred) return
    this.blurred = true
    this.record('window-blurred')
  }
  private readonly onFocus = () => {
    if (!this.blurred) return
    this.blurred = false
    this.record('window-focused')
  }

  constructor(private readonly options: VisibilitySignalsOptions) {
    super()
    this.cap = options.cap ?? 100
    this.source = options.source ?? (globalThis.document as VisibilitySource | undefined)
    this.focus = options.focusSource ?? (options.source ? undefined : (globalThis.window as FocusSource | undefined))
    this.api = apiClient(options.server, options.fetch ?? ((input, init) => globalThis.fetch(input, init)))
  }

  /** Signals not yet accepted by the server, oldest first. */
  get pending(): readonly ClientSignal[] {
    return this.queue
  }

  get started(): boolean {
    return this.running
  }

  /** Starts watching the page's visibility (nothing to watch outside a browser). */
  start(): void {
    if (this.running || !this.source) return
    this.running = true
    this.source.addEventListener('visibilitychange', this.onVisibility)
    this.focus?.addEventListener('blur', this.onBlur)
    this.focus?.addEventListener('focus', this.onFocus)
    globalThis.addEventListener?.('online', this.onOnline)
  }

  /** Stops watching; signals still queued are forgotten with the page. */
  /** A renewed participant token (RoomSession.renewToken): signals sent from now on carry it. */
  setToken(token: string): void {
    this.options.token = token
  }

  stop(): void {
    if (!this.running) return
    this.running = false
    this.source?.removeEventListener('visibilitychange', this.onVisibility)
    this.focus?.removeEventListener('blur', this.onBlur)
    this.focus?.removeEventListener('focus', this.onFocus)
    globalThis.removeEventListener?.('online', this.onOnline)
  }

  // subscribe (Notifier): called when a signal is queued, delivered or dropped.

  /** Records a signal that happened now, and sends it together with any still queued. */
  record(type: ClientSignalType, at: Date = new Date()): ClientSignal {
    const signal: ClientSignal = { id: crypto.randomUUID(), type, at: at.toISOString() }
    this.queue.push(signal)
    while (this.queue.length > this.cap) {
      this.queue.shift()
      this.dropped++
    }
    this.notify()
    void this.flush()
    return signal
  }

  /** Sends every queued signal that is not already on its way; resolves when all of them have been answered. */
  async flush(): Promise<void> {
    await Promise.all(this.queue.map((s) => this.inFlight.get(s.id) ?? this.send(s)))
  }

  private send(signal: ClientSignal): Promise<void> {
    const sending = this.post(signal).finally(() => this.inFlight.delete(signal.id))
    this.inFlight.set(signal.id, sending)
    return sending
  }

  private async post(signal: ClientSignal): Promise<void> {
    let keep: boolean
    try {
      // keepalive: a signal sent as the tab hides still leaves. Not a RoomSession command: a refusal is counted,
      // never thrown, and an unreachable server keeps the signal queued here.
      const res = await this.api.events.$post(
        { json: signal },
        { headers: { authorization: `Bearer ${this.options.token}` }, init: { keepalive: true } },
      )
      keep = res.status >= 500 || res.status === 429
      if (res.ok) this.delivered++
      else if (!keep) this.dropped++
    } catch {
      // Network error (offline, server unreachable): keep it for the next chance.
      keep = true
    }
    if (!keep) this.queue = this.queue.filter((s) => s.id !== signal.id)
    this.notify()
  }
}
