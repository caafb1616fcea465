export interface HlRequestStartDetail {
  /** The session the intent is about. */
  sessionId: string
}

/**
 * Fired by `<hl-classroom>` before the instructor's Start lesson command is sent. Cancel it to veto or defer the start.
 * Cancelable (`event.preventDefault()`), bubbling and composed, like Shoelace's `sl-request-close`.
 */
export type HlRequestStartEvent = CustomEvent<HlRequestStartDetail>

declare global {
  interface GlobalEventHandlersEventMap {
    'hl-request-start': HlRequestStartEvent
  }
}
