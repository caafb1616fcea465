import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as authProtocol from 'y-protocols/auth'
import type * as Y from 'yjs'
import { awarenessUser, type ParticipantClaims } from '@hilink/protocol'
import { checkClientUpdate } from './write-policy.ts'
import type { ClientOwners } from './client-owners.ts'

// Message types of the y-websocket protocol.
const messageSync = 0
const messageAwareness = 1
const messageAuth = 2
const messageQueryAwareness = 3

export type GuardResult =
  | { kind: 'pass'; storeFirst?: Uint8Array; replacement?: Uint8Array }
  | { kind: 'deny'; reason: string }
  /** A board write that arrived just after the lock: applied and undone at once (revert-write.ts), the client told. */
  | { kind: 'revert'; update: Uint8Array; reason: string }
  | { kind: 'drop' }
  | { kind: 'malformed' }

/** What the guard knows of one connection. */
export interface ConnectionContext {
  claims: ParticipantClaims
  /** Awareness client ids this connection introduced with its own identity; only these may it change or clear. */
  ownClients: Set<number>
  /** The room's client id → user registry: nobody writes presence or structs under another user's client id. */
  owners: ClientOwners
}

/** A person with many tabs has one connection per tab; one connection needs only a few awareness ids. */
const maxOwnClientsPerConnection = 4
/** A presence is a name, a colour, a cursor and a selection: far below this. Larger states are refused. */
export const maxAwarenessStateBytes = 16 * 1024

/**
 * Decides what to do with one incoming sync-socket message of a participant: pass it to the protocol
 * handler (with the update to store first, or a filtered replacement), deny it (never applied, the client
 * is told), drop it, or treat it as malformed (the socket is closed).
 */
export function inspectMessage(doc: Y.Doc, conn: ConnectionContext, message: Uint8Array): GuardResult {
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
        const verdict = checkClientUpdate(doc, conn.claims.role, update, conn.claims.sub)
        if (!verdict.allowed && verdict.revertible) {
          for (const client of verdict.revertible.authors) {
            if (!conn.owners.claim(client, conn.claims.sub)) return { kind: 'deny', reason: 'update written under another user\'s client id' }
          }
          return { kind: 'revert', update, reason: verdict.reason }
        }
        if (!verdict.allowed) return { kind: 'deny', reason: verdict.reason }
        for (const client of verdict.authors) {
          if (!conn.owners.claim(client, conn.claims.sub)) return { kind: 'deny', reason: 'update written under another user\'s client id' }
        }
        return verdict.roots.size > 0 ? { kind: 'pass', storeFirst: update } : { kind: 'pass' }
      }
      case messageAwareness:
        return filterAwareness(decoding.readVarUint8Array(decoder), conn)
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

/**
 * Keeps the awareness entries a connection may send: its own presence, naming the token's user, under a client
 * id no other user owns. y-websocket clients echo everyone's presence back to the server; those echoes (other
 * users' entries) are dropped quietly, which also stops one client's stale-presence timeout from removing
 * others for everybody. Claiming another identity for one's own client id, or a presence larger than
 * `maxAwarenessStateBytes`, is denied.
 */
function filterAwareness(update: Uint8Array, conn: ConnectionContext): GuardResult {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const kept: Array<{ clientId: number; clock: number; json: string }> = []
  const { claims } = conn
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const json = decoding.readVarString(decoder)
    const ownedByOther = (conn.owners.ownerOf(clientId) ?? claims.sub) !== claims.sub
    // An echo of someone else's presence (or of this user's other tab), or an attempt to write it: never relayed.
    if (ownedByOther || conn.owners.heldByOther(clientId, conn)) continue
    const own = conn.ownClients.has(clientId)
    if (json.length > maxAwarenessStateBytes) return { kind: 'deny', reason: 'presence state too large' }
    const state = JSON.parse(json) as unknown
    if (state === null) {
      if (own) kept.push({ clientId, clock, json })
      continue
    }
    const user = awarenessUser.safeParse((state as { user?: unknown }).user)
    const isMe = user.success && user.data.id === claims.sub && user.data.name === claims.name && user.data.role === claims.role
    if (isMe) {
      if (!own && conn.ownClients.size >= maxOwnClientsPerConnection) return { kind: 'deny', reason: 'too many presences' }
      conn.owners.claim(clientId, claims.sub)
      conn.owners.hold(clientId, conn)
      conn.ownClients.add(clientId)
      kept.push({ clientId, clock, json })
    } else if (own) {
      return { kind: 'deny', reason: 'awareness user does not match the token' }
    }
  }
  if (kept.length === 0) return { kind: 'drop' }
  if (kept.length === count) return { kind: 'pass' }
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageAwareness)
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, kept.length)
  for (const e of kept) {
    encoding.writeVarUint(inner, e.clientId)
    encoding.writeVarUint(inner, e.clock)
    encoding.writeVarString(inner, e.json)
  }
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner))
  return { kind: 'pass', replacement: encoding.toUint8Array(encoder) }
}

/**
 * Whether a message would write to the document (a sync step 2 or update), judged from its first two bytes
 * only, so that limits can refuse it before anything is decoded.
 */
export function isDocumentWrite(message: Uint8Array): boolean {
  return message[0] === messageSync && (message[1] === syncProtocol.messageYjsSyncStep2 || message[1] === syncProtocol.messageYjsUpdate)
}

/** The y-protocols auth message that tells a client its write was refused. */
export function permissionDeniedMessage(reason: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageAuth)
  authProtocol.writePermissionDenied(encoder, reason)
  return encoding.toUint8Array(encoder)
}
