import type * as Y from 'yjs'
import { writePolicyFor, type ParticipantRole } from '@hilink/protocol'
import { rootsTouchedBy } from './update-roots.ts'

export type Verdict = { allowed: true; roots: Set<string> } | { allowed: false; reason: string }

/**
 * The write-policy hook of ARCHITECTURE.md §4: may a participant with `role` apply `update` to `doc`?
 * Server-authored roots and unknown roots are never client-writable; client-authored roots ask their policy.
 * Observers never write anything.
 */
export function checkClientUpdate(doc: Y.Doc, role: ParticipantRole, update: Uint8Array): Verdict {
  let roots: Set<string> | undefined
  try {
    roots = rootsTouchedBy(doc, update)
  } catch {
    return { allowed: false, reason: 'malformed update' }
  }
  if (roots === undefined) return { allowed: false, reason: 'update refers to content the server does not have' }
  if (roots.size > 0 && role === 'observer') return { allowed: false, reason: 'observers cannot write' }
  for (const root of roots) {
    const policy = writePolicyFor(root)
    if (!policy) return { allowed: false, reason: `unknown part "${root}"` }
    if (policy.author === 'server') return { allowed: false, reason: `"${root}" is written by the server only` }
    if (!policy.mayWrite(role, doc)) return { allowed: false, reason: `the ${role} role may not write "${root}" now` }
  }
  return { allowed: true, roots }
}
