import { participantRoles, type AwarenessUser, type ChatMessage, type LiveMessage, type ParticipantClaims, type ParticipantRole, type PollView, type RaisedHand } from '@hilink/protocol'

/**
 * How the client reads what reaches it, without zod (issue #13: full zod alone was a quarter of the SDK).
 *
 * The server is the authority and validates every write with the protocol's zod schemas: request bodies at the
 * edge, the document's server-authored roots (polls, chat, hands) written only by server code, awareness checked
 * against the token (server/src/sync/message-guard.ts), live messages built by the server. So the client does not
 * parse them again; it only skips an entry it could not render (e.g. from an older server) by checking the
 * fields it keys, sorts and branches on. The types still come from @hilink/protocol, so a changed schema is a
 * type error wherever a field is used.
 */

type Fields = Record<string, unknown>

const isRecord = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value)
const strings = (value: Fields, keys: readonly string[]) => keys.every((k) => typeof value[k] === 'string')
const isRole = (value: unknown): value is ParticipantRole => participantRoles.some((r) => r === value)

/** A participant token's claims, for display: the server verifies the signature on every request and socket. */
export function isParticipantClaims(value: unknown): value is ParticipantClaims {
  return isRecord(value) && strings(value, ['sub', 'name', 'session', 'tenant']) && isRole(value.role) && typeof value.exp === 'number'
}

/** Another participant's presence (written by that participant's client, checked by the server). */
export function isAwarenessUser(value: unknown): value is AwarenessUser {
  return isRecord(value) && strings(value, ['id', 'name', 'role']) && (value.color === undefined || (typeof value.color === 'string' && value.color.length <= 32))
}

export function isChatMessage(value: unknown): value is ChatMessage {
  return isRecord(value) && strings(value, ['id', 'authorId', 'authorName', 'text', 'sentAt']) && isRole(value.authorRole)
}

export function isRaisedHand(value: unknown): value is RaisedHand {
  return isRecord(value) && strings(value, ['userId', 'name', 'raisedAt'])
}

export function isPollView(value: unknown): value is PollView {
  return isRecord(value) && strings(value, ['id', 'kind', 'question', 'state', 'launchedAt']) && Array.isArray(value.options) && typeof value.responses === 'number'
}

/** A live message of a topic this client knows (the server sends only these). */
export function isLiveMessage(value: unknown): value is LiveMessage {
  if (!isRecord(value)) return false
  if (value.topic === 'poll.results') return typeof value.pollId === 'string' && isRecord(value.results) && Array.isArray(value.results.counts)
  return value.topic === 'engagement' && Array.isArray(value.learners)
}

/** The code and message of the server's error body (`{"error":{"code","message"}}`), when that is what came. */
export function errorOf(value: unknown): { code?: string; message?: string } {
  if (!isRecord(value) || !isRecord(value.error)) return {}
  const { code, message } = value.error
  return { ...(typeof code === 'string' ? { code } : {}), ...(typeof message === 'string' ? { message } : {}) }
}

/** The entries of a document root that `is` accepts, in their order. */
export function entries<T>(values: Iterable<unknown>, is: (value: unknown) => value is T): T[] {
  const out: T[] = []
  for (const value of values) if (is(value)) out.push(value)
  return out
}
