import type { ParticipantRole } from '@hilink/protocol'

export interface HlJoinedDetail {
  sessionId: string
  userId: string
  name: string
  role: ParticipantRole
}

/** Fired by `<hl-classroom>` once per room when its connection is first live: this person is in the room. */
export type HlJoinedEvent = CustomEvent<HlJoinedDetail>

declare global {
  interface GlobalEventHandlersEventMap {
    'hl-joined': HlJoinedEvent
  }
}
