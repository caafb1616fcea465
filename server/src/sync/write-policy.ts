import type * as Y from 'yjs'
import { can, rootNames, sessionKeys, writePolicies, writePolicyFor, type DocReader, type ParticipantRole, type RootName } from '@hilink/protocol'
import { footprintOf } from './update-roots.ts'
import { checkWhiteboardUpdate } from '../whiteboard/validate.ts'

export type Verdict =
  | { allowed: true; roots: Set<string>; authors: Set<number> }
  | { allowed: false; reason: string; revertible?: { authors: Set<number> } }

/** The update a client sends when it has nothing new (y-websocket's answer to sync step 1): no structs, no deletes. */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0
}

/** The roots a role may write in the document as it is now; empty for observers and, e.g., a locked board. */
export function writableRoots(role: ParticipantRole, doc: DocReader): RootName[] {
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
  return checkAgainst(doc, doc, role, update, userId)
}

/**
 * Checks `update` with the write policies reading `policyDoc` (the document itself, or a view of it with the
 * board unlocked). A learner's board write that only the lock refuses is marked `revertible`: it was drawn
 * while the lock was on its way, and the server applies and undoes it (revert-write.ts) to keep that client in step.
 */
function checkAgainst(doc: Y.Doc, policyDoc: DocReader, role: ParticipantRole, update: Uint8Array, userId?: string): Verdict {
  if (isEmptyUpdate(update)) return { allowed: true, roots: new Set(), authors: new Set() }
  if (writableRoots(role, policyDoc).length === 0) {
    const reason = role === 'observer' ? 'observers cannot write' : `the ${role} role may not write now`
    if (policyDoc !== doc || !lockedOnly(doc, role)) return { allowed: false, reason }
    const unlocked = checkAgainst(doc, unlockedView(doc), role, update, userId)
    if (!unlocked.allowed || [...unlocked.roots].some((r) => r !== rootNames.whiteboard)) return { allowed: false, reason }
    return { allowed: false, reason: 'the board is locked', revertible: { authors: unlocked.authors } }
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
    if (!policy.mayWrite(role, policyDoc)) return { allowed: false, reason: `the ${role} role may not write "${root}" now` }
  }
  // The board's records are checked against tldraw's schema, limits and authorship (server/src/whiteboard/).
  if (footprint.roots.has(rootNames.whiteboard)) {
    const board = checkWhiteboardUpdate(doc, role, update, userId)
    if (!board.allowed) return board
  }
  return { allowed: true, ...footprint }
}

/** Whether only the board's lock keeps `role` from writing: a learner, the lesson not over. */
function lockedOnly(doc: Y.Doc, role: ParticipantRole): boolean {
  const session = doc.getMap(rootNames.session)
  return session.get(sessionKeys.boardLocked) === true && session.get(sessionKeys.state) !== 'ended' && can(role, 'whiteboard.write')
}

/** `doc` as the write policies would read it with the board unlocked. */
function unlockedView(doc: Y.Doc): DocReader {
  return {
    getMap(name) {
      const map = doc.getMap(name)
      return { get: (key) => (name === rootNames.session && key === sessionKeys.boardLocked ? false : map.get(key)) }
    },
  }
}
