export interface HlRequestLeaveDetail {
  /** The session the intent is about. */
  sessionId: string
}

/**
 * Fired by `<hl-classroom>` before this person leaves the lesson (the Leave button). Cancel it to keep them in, e.g. to ask first.
 * Cancelable (`event.preventDefault()`), bubbling and composed, like Shoelace's `sl-request-close`.
 */
export type HlRequestLeaveEvent = CustomEvent<HlRequestLeaveDetail>

declare global {
  interface GlobalEventHandlersEventMap {
    'hl-request-leave': HlRequestLeaveEvent
  }
}
