import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as authProtocol from 'y-protocols/auth'
import type * as Y from 'yjs'
import { awarenessUser, type ParticipantClaims } from '@hilink/protocol'
import { checkClientUpdate } from './write-policy.ts'

// Message types of the y-websocket protocol.
const messageSync = 0
const messageAwareness = 1
const messageAuth = 2
const messageQueryAwareness = 3

export type GuardResult =
  | { kind: 'pass'; storeFirst?: Uint8Array }
  | { kind: 'deny'; reason: string }
  | { kind: 'drop' }
  | { kind: 'malformed' }

/**
 * Decides what to do with one incoming sync-socket message of a participant: pass it to the protocol
 * handler (with the update to store first, if any), deny it (never applied, the client is told), drop it,
 * or treat it as malformed (the socket is closed).
 */
export function inspectMessage(doc: Y.Doc, claims: ParticipantClaims, message: Uint8Array): GuardResult {
  try {
    const decoder = decoding.createDecoder(message)
    const type = decoding.readVarUint(decoder)
    switch (type) {
      case messageSync: {
        const syncType = decoding.readVarUint(decoder)
        if (syncType === syncProtocol.messageYjsSyncStep1) return { kind: 'pass' }
        if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
          return { kind: 'malformed' }
        }
        const update = decoding.readVarUint8Array(decoder)
        const verdict = checkClientUpdate(doc, claims.role, update)
        if (!verdict.allowed) return { kind: 'deny', reason: verdict.reason }
        return verdict.roots.size > 0 ? { kind: 'pass', storeFirst: update } : { kind: 'pass' }
      }
      case messageAwareness: {
        const reason = awarenessProblem(decoding.readVarUint8Array(decoder), claims)
        return reason ? { kind: 'deny', reason } : { kind: 'pass' }
      }
      case messageQueryAwareness:
      case messageAuth:
        return { kind: 'drop' } // meaningful only from server to client

      default:
        return { kind: 'malformed' }
    }
  } catch {
    return { kind: 'malformed' }
  }
}

/** Presence must name the token's own user: a participant cannot appear as someone else or another role. */
function awarenessProblem(update: Uint8Array, claims: ParticipantClaims): string | undefined {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  if (count > 16) return 'too many awareness states in one message'
  for (let i = 0; i < count; i++) {
    decoding.readVarUint(decoder) // client id
    decoding.readVarUint(decoder) // clock
    const state = JSON.parse(decoding.readVarString(decoder)) as unknown
    if (state === null) continue
    const user = awarenessUser.safeParse((state as { user?: unknown }).user)
    if (!user.success) return 'awareness state needs a user'
    if (user.data.id !== claims.sub || user.data.name !== claims.name || user.data.role !== claims.role) {
      return 'awareness user does not match the token'
    }
  }
  return undefined
}

/** The y-protocols auth message that tells a client its write was refused. */
export function permissionDeniedMessage(reason: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageAuth)
  authProtocol.writePermissionDenied(encoder, reason)
  return encoding.toUint8Array(encoder)
}
