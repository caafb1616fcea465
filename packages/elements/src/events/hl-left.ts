export interface HlLeftDetail {
  sessionId: string
}

/** Fired by `<hl-classroom>` after this person left the room (the Leave button, or `leave()`; not vetoed). */
export type HlLeftEvent = CustomEvent<HlLeftDetail>

declare global {
  interface GlobalEventHandlersEventMap {
    'hl-left': HlLeftEvent
  }
}
