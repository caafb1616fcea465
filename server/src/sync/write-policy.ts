import type * as Y from 'yjs'
import { rootNames, writePolicies, writePolicyFor, type ParticipantRole, type RootName } from '@hilink/protocol'
import { footprintOf } from './update-roots.ts'
import { checkWhiteboardUpdate } from '../whiteboard/validate.ts'

export type Verdict =
  | { allowed: true; roots: Set<string>; authors: Set<number> }
  | { allowed: false; reason: string }

/** The update a client sends when it has nothing new (y-websocket's answer to sync step 1): no structs, no deletes. */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0
}

/** The roots a role may write in the document as it is now; empty for observers and, e.g., a locked board. */
export function writableRoots(role: ParticipantRole, doc: Y.Doc): RootName[] {
  return (Object.keys(writePolicies) as RootName[]).filter((root) => {
    const policy = writePolicies[root]
    return policy.author === 'client' && policy.mayWrite(role, doc)
  })
}

/**
 * The write-policy hook of ARCHITECTURE.md §4: may a participant with `role` apply `update` to `doc`?
 * Server-authored roots and unknown roots are never client-writable; client-authored roots ask their policy.
 * A role that may write nothing right now (observers always) is refused before the update is even decoded,
 * so that such a connection cannot make the server do any work on what it sends.
 */
export function checkClientUpdate(doc: Y.Doc, role: ParticipantRole, update: Uint8Array, userId?: string): Verdict {
  if (isEmptyUpdate(update)) return { allowed: true, roots: new Set(), authors: new Set() }
  if (writableRoots(role, doc).length === 0) {
    return { allowed: false, reason: role === 'observer' ? 'observers cannot write' : `the ${role} role may not write now` }
  }
  let footprint: ReturnType<typeof footprintOf>
  try {
    footprint = footprintOf(doc, update)
  } catch {
    return { allowed: false, reason: 'malformed update' }
  }
  if (footprint === undefined) return { allowed: false, reason: 'update refers to content the server does not have' }
  for (const root of footprint.roots) {
    const policy = writePolicyFor(root)
    if (!policy) return { allowed: false, reason: `unknown part "${root}"` }
    if (policy.author === 'server') return { allowed: false, reason: `"${root}" is written by the server only` }
    if (!policy.mayWrite(role, doc)) return { allowed: false, reason: `the ${role} role may not write "${root}" now` }
  }
  // The board's records are checked against tldraw's schema, limits and authorship (server/src/whiteboard/).
  if (footprint.roots.has(rootNames.whiteboard)) {
    const board = checkWhiteboardUpdate(doc, role, update, userId)
    if (!board.allowed) return board
  }
  return { allowed: true, ...footprint }
}
