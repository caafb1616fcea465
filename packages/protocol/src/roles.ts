/** Roles a participant token can carry. `admin` is not a participant role: it is the tenant admin key. */
export const participantRoles = ['instructor', 'ta', 'learner', 'observer'] as const
export type ParticipantRole = (typeof participantRoles)[number]
export type Role = ParticipantRole | 'admin'

/**
 * Every action that the server authorises. The server checks each request and each CRDT write against this
 * table; the elements read it only to hide controls a role cannot use.
 */
export const permissions = {
  'session.create': ['admin'],
  'session.list': ['admin'],
  'session.read': ['admin', 'instructor', 'ta', 'learner', 'observer'],
  'session.mintToken': ['admin'],
  'session.start': ['instructor'],
  'session.end': ['instructor'],
  'room.join': ['instructor', 'ta', 'learner', 'observer'],
  'room.presence': ['instructor', 'ta', 'learner', 'observer'],
  /** Receive staff-only live figures (open polls' results, engagement) on the sync socket. */
  'room.liveData': ['instructor', 'ta'],
  'whiteboard.write': ['instructor', 'ta', 'learner'],
  'whiteboard.writeWhileLocked': ['instructor', 'ta'],
  'whiteboard.lock': ['instructor', 'ta'],
  /** The board's records as JSON (archives, replay). */
  'whiteboard.read': ['admin', 'instructor', 'ta'],
  /** Delete a shape someone else drew (a learner deletes only their own). */
  'whiteboard.deleteAny': ['instructor', 'ta'],
  'analytics.read': ['admin', 'instructor', 'ta'],
  'transcript.read': ['admin', 'instructor', 'ta'],
  'transcription.configure': ['instructor'],
  'summary.review': ['instructor'],
  'recaps.read': ['admin', 'instructor'],
  'brief.read': ['admin', 'instructor', 'ta'],
  /** Send microphone audio for transcription; learners also need the session's learner setting. */
  'audio.send': ['instructor', 'ta', 'learner'],
  'audio.sendAlways': ['instructor', 'ta'],
  'poll.read': ['admin', 'instructor', 'ta', 'learner', 'observer'],
  'poll.launch': ['instructor', 'ta'],
  'poll.close': ['instructor', 'ta'],
  /** Results while a poll is open, and everyone's answers. */
  'poll.results': ['admin', 'instructor', 'ta'],
  'poll.answer': ['learner'],
  'hand.raise': ['learner'],
  /** Lower someone else's hand (e.g. once their question is answered). */
  'hand.lowerOthers': ['instructor', 'ta'],
  /** Client-side signals (tab hidden or visible); admins have no browser tab in a session. */
  'signals.send': ['instructor', 'ta', 'learner', 'observer'],
  /** Post to the session's chat (everyone in the room reads it; observers only read). */
  'chat.post': ['instructor', 'ta', 'learner'],
  /** Remove any chat message (moderation). */
  'chat.delete': ['instructor', 'ta'],
  /** Join the session's audio/video room (observers subscribe only, hidden). */
  'av.join': ['instructor', 'ta', 'learner', 'observer'],
  /** Publish camera and microphone at any time; learners only while the instructor allows it. */
  'av.publish': ['instructor', 'ta'],
  'av.publishScreen': ['instructor', 'ta'],
  /** Allow or stop learners' cameras and microphones. */
  'av.allowLearners': ['instructor'],
  /** The tenant's xAPI statements (`GET /xapi/statements`) and its external LRS settings. */
  'xapi.read': ['admin'],
  'lrs.configure': ['admin'],
  /** Webhook subscriptions and their delivery logs. */
  'webhooks.manage': ['admin'],
  /** LTI 1.3 platforms (LMSs) registered with the tenant. */
  'lti.manage': ['admin'],
  /** Cross-session views: learners at risk, exceptions. */
  'insights.read': ['admin'],
  /** The live engagement panel's idle minutes and score weights. */
  'engagement.configure': ['admin'],
  /** The tenant's own settings: name, brand, theme, allowed origins, default locale (`/api/v1/tenant`). */
  'tenant.configure': ['admin'],
} as const satisfies Record<string, readonly Role[]>

export type Action = keyof typeof permissions

export function can(role: Role, action: Action): boolean {
  return (permissions[action] as readonly Role[]).includes(role)
}
