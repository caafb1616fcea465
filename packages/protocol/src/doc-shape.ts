// No zod here: the client bundles this module (see values.ts); the awareness schema lives in awareness.ts.
export { awarenessUser, type AwarenessUser } from './awareness.ts'
import { can, type ParticipantRole } from './roles.ts'

/**
 * The root types of a session's Yjs document and who may write each.
 *
 * - `server`: only the server writes (clients send commands); any client update touching it is rejected.
 * - `client`: clients write directly, when `mayWrite` allows it for their role and the current document.
 *
 * Roots not listed here are rejected too, so a client cannot grow the document with types nobody reads.
 */
export const rootNames = {
  session: 'session',
  roster: 'roster',
  hands: 'hands',
  polls: 'polls',
  chat: 'chat',
  whiteboard: 'whiteboard',
  /** Final caption segments, newest last (the latest few; the full transcript is on the server). */
  captions: 'captions',
  /** Captions being spoken, by speaker id. */
  captionsPartial: 'captionsPartial',
} as const
export type RootName = (typeof rootNames)[keyof typeof rootNames]

/** Keys of the server-authored `session` map. */
export const sessionKeys = {
  state: 'state',
  title: 'title',
  boardLocked: 'boardLocked',
  /** 'on' | 'off' | 'unavailable' (no speech model installed): announced to everyone in the room. */
  transcription: 'transcription',
  /** Whether learners' microphones are transcribed too. */
  transcribeLearners: 'transcribeLearners',
  /** The lesson summary after the end: absent while drafting, then 'drafted', then 'approved' (no content here). */
  summary: 'summary',
} as const

/** The part of a document a write policy may look at: only reads, so it works on any Y.Doc. */
export interface DocReader {
  getMap(name: string): { get(key: string): unknown }
}

export type WritePolicy =
  | { author: 'server' }
  | { author: 'client'; mayWrite: (role: ParticipantRole, doc: DocReader) => boolean }

export const writePolicies: Record<RootName, WritePolicy> = {
  session: { author: 'server' },
  roster: { author: 'server' },
  hands: { author: 'server' },
  polls: { author: 'server' },
  chat: { author: 'server' },
  captions: { author: 'server' },
  captionsPartial: { author: 'server' },
  whiteboard: {
    author: 'client',
    // Learners draw while the board is unlocked and the lesson not over; staff always (to prepare and wrap up).
    mayWrite: (role, doc) => {
      const session = doc.getMap(rootNames.session)
      return session.get(sessionKeys.boardLocked) === true || session.get(sessionKeys.state) === 'ended'
        ? can(role, 'whiteboard.writeWhileLocked')
        : can(role, 'whiteboard.write')
    },
  },
}

export function writePolicyFor(root: string): WritePolicy | undefined {
  return Object.hasOwn(writePolicies, root) ? writePolicies[root as RootName] : undefined
}
