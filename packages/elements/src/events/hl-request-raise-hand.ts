export interface HlRequestRaiseHandDetail {
  /** The session the intent is about. */
  sessionId: string
}

/**
 * Fired by `<hl-hand-raise>` before a learner's hand goes up. Cancel it to stop the raise (e.g. the host shows its own dialog).
 * Cancelable (`event.preventDefault()`), bubbling and composed, like Shoelace's `sl-request-close`.
 */
export type HlRequestRaiseHandEvent = CustomEvent<HlRequestRaiseHandDetail>

declare global {
  interface GlobalEventHandlersEventMap {
    'hl-request-raise-hand': HlRequestRaiseHandEvent
  }
}
