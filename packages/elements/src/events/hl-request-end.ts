export interface HlRequestEndDetail {
  /** The session the intent is about. */
  sessionId: string
}

/**
 * Fired by `<hl-classroom>` before the instructor's End lesson command is sent. Cancel it, e.g. to confirm first.
 * Cancelable (`event.preventDefault()`), bubbling and composed, like Shoelace's `sl-request-close`.
 */
export type HlRequestEndEvent = CustomEvent<HlRequestEndDetail>

declare global {
  interface GlobalEventHandlersEventMap {
    'hl-request-end': HlRequestEndEvent
  }
}
