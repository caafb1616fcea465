export interface HlTokenExpiringDetail {
  /** The session the token is for. */
  sessionId: string
  /** When the current token expires. */
  expiresAt: Date
}

/**
 * Fired by `<hl-classroom>` a minute before its token expires (at once if less is left). Cancelable: without
 * `preventDefault()` the classroom calls its `tokenProvider` (when set) for a fresh token and reconnects with it;
 * cancel it to renew yourself (set `room.renewToken(token)` or a new `token`). Without a new token the classroom
 * shows "This classroom link has expired" at the token's `exp`.
 */
export type HlTokenExpiringEvent = CustomEvent<HlTokenExpiringDetail>

declare global {
  interface GlobalEventHandlersEventMap {
    'hl-token-expiring': HlTokenExpiringEvent
  }
}
