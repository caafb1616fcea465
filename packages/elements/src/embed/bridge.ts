import { readIdentity } from '@hilink/core'
import type { HlClassroom } from '../components/classroom/classroom.component.ts'
import { allLocales } from '../localization/locale-codes.ts'
import { setLocale } from '../localization/localization.ts'
import { mirroredEvents, parseCommand, protocolVersion, type Command, type CommandId, type ErrorCode } from './messages.ts'

/** The one method of the host's window the bridge uses (window.parent; a test's recorder). */
export interface MessageTarget {
  postMessage(message: unknown, targetOrigin: string): void
}

export interface BridgeOptions {
  classroom: HlClassroom
  sessionId: string
  /** The window that framed this page: the only one whose commands count, the only one events go to. */
  host: MessageTarget
  /** Origins allowed to frame and command this page (the tenant's, plus HiLink's own). */
  allowedOrigins: readonly string[]
  /**
   * The parent's origin as the browser reports it (`location.ancestorOrigins[0]`, Chromium and Safari): when it is
   * allowed, messages go to it alone from the start instead of one copy per allowed origin (each undelivered copy
   * costs a console error in the frame). Firefox has no such list: there the fan-out stands until the first command.
   */
  parentOrigin?: string | undefined
  /** Where commands arrive (this page's window). */
  inbox?: EventTarget
  /** Told of a theme set by the host (the embed page colours itself behind the classroom). */
  onTheme?: (theme: 'light' | 'dark') => void
  /** How long a request for a fresh token waits for the host's `hilink:set-token` (default 20 s). */
  tokenWaitMs?: number
}

/** The one open request for a token: answered by `hilink:set-token`, or refused when the wait runs out. */
interface TokenRequest {
  promise: Promise<string>
  resolve(token: string): void
  timer: ReturnType<typeof setTimeout>
}

type Answer = { ok: true; result?: Record<string, unknown> } | { ok: false; code: ErrorCode; message: string }

/**
 * The iframe's postMessage API (docs/embedding.md): mirrors `<hl-classroom>`'s events to the host window and runs
 * its commands. Nothing ever goes to '*': until the host has spoken, every message is posted once per allowed
 * origin with that origin as `targetOrigin` (the browser delivers only the one matching the real parent); once a
 * command from the parent arrives from an allowed origin, that origin alone. Commands from any other origin or
 * window are dropped unanswered (answering would tell a stranger what is framed here).
 */
export class EmbedBridge {
  private readonly allowed: ReadonlySet<string>
  private hostOrigin: string | undefined
  /** Where messages go before the host has spoken: the browser-reported parent origin, when allowed. */
  private readonly target: string | undefined
  private readonly inbox: EventTarget
  private tokenRequest: TokenRequest | undefined

  constructor(private readonly opts: BridgeOptions) {
    this.allowed = new Set(opts.allowedOrigins)
    this.inbox = opts.inbox ?? window
    this.target = opts.parentOrigin && this.allowed.has(opts.parentOrigin) ? opts.parentOrigin : undefined
  }

  start(): this {
    for (const name of mirroredEvents) this.opts.classroom.addEventListener(name, this.onEvent)
    this.inbox.addEventListener('message', this.onMessage)
    // Inside the frame only the host can mint a token: the classroom asks it through the bridge.
    this.opts.classroom.tokenProvider = this.requestToken
    this.post({ type: 'hilink:ready', sessionId: this.opts.sessionId })
    return this
  }

  stop(): void {
    for (const name of mirroredEvents) this.opts.classroom.removeEventListener(name, this.onEvent)
    this.inbox.removeEventListener('message', this.onMessage)
    if (this.opts.classroom.tokenProvider === this.requestToken) this.opts.classroom.tokenProvider = undefined
    if (this.tokenRequest) clearTimeout(this.tokenRequest.timer)
    this.tokenRequest = undefined
  }

  /**
   * The classroom's `tokenProvider`: posts `hilink:token-expiring` and waits, bounded, for the host's
   * `hilink:set-token`. A host that does not answer (an LMS that knows nothing of HiLink) makes it fail, and the
   * classroom behaves as without a provider: the expired screen at `exp`.
   */
  private readonly requestToken = (): Promise<string> => {
    if (this.tokenRequest) return this.tokenRequest.promise
    const room = this.opts.classroom.room
    const exp = room?.identity.exp ?? 0
    this.post({
      type: 'hilink:token-expiring',
      sessionId: this.opts.sessionId,
      exp,
      // The shape the mirrored hl-token-expiring had, for hosts written against it.
      detail: { sessionId: this.opts.sessionId, expiresAt: new Date(exp * 1000).toISOString() },
    })
    const waitMs = this.opts.tokenWaitMs ?? 20_000
    let resolve!: (token: string) => void
    let reject!: (err: Error) => void
    const promise = new Promise<string>((res, rej) => {
      resolve = res
      reject = rej
    })
    const timer = setTimeout(() => {
      this.tokenRequest = undefined
      reject(new Error(`the host page did not answer hilink:token-expiring with hilink:set-token within ${waitMs / 1000} s`))
    }, waitMs)
    this.tokenRequest = { promise, resolve, timer }
    return promise
  }

  /** The verified origin of the host, once it has sent a command. */
  get verifiedOrigin(): string | undefined {
    return this.hostOrigin
  }

  private post(message: { type: string } & Record<string, unknown>): void {
    const full = { ...message, version: protocolVersion }
    const origin = this.hostOrigin ?? this.target
    for (const o of origin ? [origin] : this.allowed) this.opts.host.postMessage(full, o)
  }

  private readonly onEvent = (event: Event) => {
    // Details are plain data today; the JSON round trip keeps a future non-cloneable field from breaking the bridge.
    const detail: unknown = JSON.parse(JSON.stringify((event as CustomEvent<unknown>).detail ?? null))
    this.post({ type: `hilink:${event.type.replace(/^hl-/, '')}`, detail })
  }

  private readonly onMessage = (e: Event) => {
    const event = e as MessageEvent
    const fromHost = event.source === this.opts.host
    if (!fromHost || !this.allowed.has(event.origin)) {
      // Said in this page's console only (for whoever integrates it), never to the sender.
      if (isHilinkMessage(event.data)) {
        const why = fromHost ? 'which is not an allowed origin' : 'which is not the window that framed this page'
        console.warn(`hilink embed: ignored a command from ${event.origin}, ${why}`)
      }
      return
    }
    const parsed = parseCommand(event.data)
    if (!parsed.ok && parsed.code === 'ignored') return
    this.hostOrigin = event.origin
    if (!parsed.ok) return this.answer(parsed.command, parsed.id, { ok: false, code: parsed.code, message: parsed.message })
    const name = parsed.command.type.slice('hilink:'.length)
    void this.run(parsed.command).then(
      (answer) => this.answer(name, parsed.id, answer),
      (err: unknown) => this.answer(name, parsed.id, { ok: false, code: 'failed', message: err instanceof Error ? err.message : String(err) }),
    )
  }

  private answer(command: string, id: CommandId | undefined, answer: Answer): void {
    const ids = id === undefined ? {} : { id }
    if (answer.ok) this.post({ type: 'hilink:ack', command, ...ids, ...answer.result })
    else this.post({ type: 'hilink:error', command, ...ids, code: answer.code, message: answer.message })
  }

  private async run(command: Command): Promise<Answer> {
    const classroom = this.opts.classroom
    switch (command.type) {
      case 'hilink:ready': {
        const room = classroom.room
        return { ok: true, result: { sessionId: this.opts.sessionId, status: room?.status ?? 'left' } }
      }
      case 'hilink:leave':
        if (!classroom.room) return { ok: false, code: 'not_joined', message: 'Not in the room.' }
        classroom.leave()
        return classroom.room ? { ok: false, code: 'failed', message: 'Leaving was vetoed (hl-request-leave).' } : { ok: true }
      case 'hilink:mute': {
        const av = classroom.av
        if (!av || av.status !== 'connected') {
          return { ok: false, code: 'av_unavailable', message: 'Audio and video are not on in this classroom now.' }
        }
        await av.setMicrophone(!command.muted)
        if (av.microphoneOn === command.muted) return { ok: false, code: 'failed', message: 'The microphone could not be changed.' }
        return { ok: true, result: { muted: !av.microphoneOn } }
      }
      case 'hilink:set-theme':
        if (command.theme) {
          classroom.theme = command.theme
          this.opts.onTheme?.(command.theme)
        }
        for (const [name, value] of Object.entries(command.tokens ?? {})) classroom.style.setProperty(`--hl-${name}`, value)
        await classroom.updateComplete
        return { ok: true, result: { theme: classroom.theme } }
      case 'hilink:set-locale': {
        const wanted = command.locale.toLowerCase().split('-')[0]
        const known = allLocales.find((l) => l === wanted)
        if (!known) return { ok: false, code: 'invalid_command', message: `No ${command.locale} translation; available: ${allLocales.join(', ')}.` }
        // Loaded before answering, so the host's ack means the text has changed.
        await setLocale(known)
        classroom.locale = known
        await classroom.updateComplete
        return { ok: true, result: { locale: known } }
      }
      case 'hilink:set-token':
        return this.setToken(command.token)
    }
  }

  /**
   * A fresh token from the host, asked for or pushed. Refused unless it is for this session, tenant and person
   * and not yet expired (the server verifies its signature on every request and socket anyway).
   */
  private setToken(token: string): Answer {
    let claims: ReturnType<typeof readIdentity>
    try {
      claims = readIdentity(token)
    } catch {
      return { ok: false, code: 'invalid_command', message: 'token is not a HiLink participant token.' }
    }
    if (claims.session !== this.opts.sessionId) {
      return { ok: false, code: 'wrong_session', message: `The token is for another session; this frame shows session ${this.opts.sessionId}.` }
    }
    const classroom = this.opts.classroom
    const room = classroom.room
    const current = room?.identity ?? (classroom.token ? safeIdentity(classroom.token) : undefined)
    if (current && claims.tenant !== current.tenant) {
      return { ok: false, code: 'wrong_session', message: 'The token is for another tenant than this frame’s.' }
    }
    if (current && claims.sub !== current.sub) {
      return { ok: false, code: 'invalid_command', message: 'The token is for another person than the one in this frame.' }
    }
    if (claims.exp * 1000 <= Date.now()) return { ok: false, code: 'invalid_command', message: 'The token has already expired.' }
    const request = this.tokenRequest
    if (request) {
      // The classroom asked: it renews the room with the answer (RoomSession.refreshToken).
      clearTimeout(request.timer)
      this.tokenRequest = undefined
      request.resolve(token)
    } else if (room) {
      // Pushed: the room reconnects with it now (also from the expired screen).
      room.renewToken(token)
    } else if (!classroom.token) {
      // The first token, by message instead of the URL fragment.
      classroom.token = token
    } else {
      return { ok: false, code: 'not_joined', message: 'Not in the room.' }
    }
    return { ok: true, result: { exp: claims.exp } }
  }
}

function safeIdentity(token: string): ReturnType<typeof readIdentity> | undefined {
  try {
    return readIdentity(token)
  } catch {
    return undefined
  }
}

function isHilinkMessage(data: unknown): boolean {
  return typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string' && (data as { type: string }).type.startsWith('hilink:')
}
