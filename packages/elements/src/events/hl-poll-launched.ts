import type { PollDetail } from '@hilink/protocol'

export interface HlPollLaunchedDetail {
  /** The poll as the server launched it (for a check, with the correct option). */
  poll: PollDetail
}

/** Fired by `<hl-poll>` when this person launched a poll or comprehension check and the server accepted it. */
export type HlPollLaunchedEvent = CustomEvent<HlPollLaunchedDetail>

declare global {
  interface GlobalEventHandlersEventMap {
    'hl-poll-launched': HlPollLaunchedEvent
  }
}
