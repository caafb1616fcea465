import type { HlEventName } from '../internal/hl-element.ts'

/**
 * The iframe's postMessage API, version 1 (docs/embedding.md). Every message either way is an object
 * `{type: 'hilink:<name>', version: 1, …}`; a command may carry an `id` that its answer echoes.
 */
export const protocolVersion = 1

/**
 * The element events mirrored to the host as `hilink:<name without hl->` with the event's `detail`. Not
 * `hl-token-expiring`: the bridge's own token provider posts `hilink:token-expiring` whenever the classroom needs a
 * token (also after a refused one, which fires no event), so the host hears it once per request and can answer.
 */
export const mirroredEvents = [
  'hl-status-change',
  'hl-joined',
  'hl-left',
  'hl-request-start',
  'hl-request-end',
  'hl-request-leave',
  'hl-request-raise-hand',
  'hl-poll-launched',
  'hl-poll-answered',
] as const satisfies readonly HlEventName[]

export type CommandName = 'ready' | 'leave' | 'mute' | 'set-theme' | 'set-locale' | 'set-token'

export type Command =
  | { type: 'hilink:ready' }
  | { type: 'hilink:leave' }
  | { type: 'hilink:mute'; muted: boolean }
  | { type: 'hilink:set-theme'; theme?: 'light' | 'dark'; tokens?: Record<string, string> }
  | { type: 'hilink:set-locale'; locale: string }
  | { type: 'hilink:set-token'; token: string }

export type CommandId = string | number

export type ErrorCode =
  | 'unsupported_version'
  | 'unknown_command'
  | 'invalid_command'
  | 'wrong_session'
  | 'not_joined'
  | 'av_unavailable'
  | 'failed'

export type Parsed =
  | { ok: true; command: Command; id: CommandId | undefined }
  | { ok: false; code: ErrorCode; message: string; command: string; id: CommandId | undefined }
  /** Not addressed to us (no `hilink:` type): left alone, unanswered, for the host's other frames and libraries. */
  | { ok: false; code: 'ignored' }

/** A design token name (without `--hl-`) and a value that cannot close the declaration it is set in. */
const tokenName = /^[a-z][a-z0-9-]{0,63}$/
const tokenValue = /^[^;{}<>\\]{1,200}$/
const maxTokens = 100
/** A compact JWT (three base64url parts); its claims are read and checked by the bridge, its signature by the server. */
const compactJwt = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/
const maxJwtLength = 8192

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Checks a message from the host. A hand-written guard rather than zod/mini: six small shapes, in the embed
 * page's lazy chunk, where pulling a validator's runtime in would cost more than the whole bridge.
 */
export function parseCommand(data: unknown): Parsed {
  if (!isRecord(data) || typeof data.type !== 'string' || !data.type.startsWith('hilink:')) return { ok: false, code: 'ignored' }
  const name = data.type.slice('hilink:'.length)
  const id = typeof data.id === 'string' || typeof data.id === 'number' ? data.id : undefined
  const refuse = (code: ErrorCode, message: string): Parsed => ({ ok: false, code, message, command: name, id })
  if (data.version !== protocolVersion) return refuse('unsupported_version', `This iframe speaks version ${protocolVersion}; send "version": ${protocolVersion}.`)
  switch (name) {
    case 'ready':
    case 'leave':
      return { ok: true, command: { type: `hilink:${name}` }, id }
    case 'mute':
      if (data.muted !== undefined && typeof data.muted !== 'boolean') return refuse('invalid_command', 'muted is true or false.')
      return { ok: true, command: { type: 'hilink:mute', muted: data.muted ?? true }, id }
    case 'set-locale':
      if (typeof data.locale !== 'string' || !/^[a-zA-Z]{2}(-[a-zA-Z]{2})?$/.test(data.locale)) {
        return refuse('invalid_command', 'locale is a language code such as "en" or "es".')
      }
      return { ok: true, command: { type: 'hilink:set-locale', locale: data.locale }, id }
    case 'set-token':
      if (typeof data.token !== 'string' || data.token.length > maxJwtLength || !compactJwt.test(data.token)) {
        return refuse('invalid_command', 'token is a HiLink participant token (a JWT from POST /api/v1/sessions/:id/tokens).')
      }
      return { ok: true, command: { type: 'hilink:set-token', token: data.token }, id }
    case 'set-theme': {
      const command: Command & { type: 'hilink:set-theme' } = { type: 'hilink:set-theme' }
      if (data.theme !== undefined) {
        if (data.theme !== 'light' && data.theme !== 'dark') return refuse('invalid_command', 'theme is "light" or "dark".')
        command.theme = data.theme
      }
      if (data.tokens !== undefined) {
        if (!isRecord(data.tokens)) return refuse('invalid_command', 'tokens is an object of token name to value.')
        const entries = Object.entries(data.tokens)
        if (entries.length > maxTokens) return refuse('invalid_command', `At most ${maxTokens} tokens at once.`)
        for (const [k, v] of entries) {
          if (!tokenName.test(k)) return refuse('invalid_command', `"${k.slice(0, 64)}" is not a token name (lower-case, digits and dashes, without --hl-).`)
          if (typeof v !== 'string' || !tokenValue.test(v)) return refuse('invalid_command', `The value of ${k} is not a CSS value HiLink accepts.`)
        }
        command.tokens = Object.fromEntries(entries as Array<[string, string]>)
      }
      if (!command.theme && !command.tokens) return refuse('invalid_command', 'Send theme, tokens or both.')
      return { ok: true, command, id }
    }
    default:
      return refuse('unknown_command', `Unknown command ${name.slice(0, 64)}; see docs/embedding.md.`)
  }
}
