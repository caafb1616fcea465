import type { ParticipantClaims } from '@hilink/protocol'
import type { RoomSession } from './room-session.ts'
import type { LiveChannel } from './live-channel.ts'

/**
 * What a model needs to send commands to the server: the session, who we are, and the API call. A
 * `RoomSession` is one; models take this (and a `Y.Doc`), never a provider.
 */
export interface SessionApi {
  readonly sessionId: string
  readonly identity: Pick<ParticipantClaims, 'sub' | 'role'>
  api: RoomSession['api']
  /** Staff-only live figures from the sync connection, when there is one (a RoomSession). */
  readonly live?: LiveChannel
  /** Commands waiting for an unreachable server (a RoomSession queues them and resends them on return). */
  readonly pendingCommands?: number
}
