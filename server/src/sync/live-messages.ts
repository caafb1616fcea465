import * as encoding from 'lib0/encoding'
import { liveMessageType, type LiveMessage } from '@hilink/protocol'

/** One staff-only live message as it travels on the sync socket: the custom message type, then its JSON. */
export function encodeLiveMessage(message: LiveMessage): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, liveMessageType)
  encoding.writeVarString(encoder, JSON.stringify(message))
  return encoding.toUint8Array(encoder)
}

/** What a staff connection receives when it joins a session: the live state so far (e.g. open polls' results). */
export type LiveSnapshot = (tenantId: string, sessionId: string) => LiveMessage[]
