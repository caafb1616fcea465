export interface HlPollAnsweredDetail {
  pollId: string
  /** The index of the chosen option. */
  option: number
}

/** Fired by `<hl-poll>` when this person's answer (or changed answer) was accepted by the server. */
export type HlPollAnsweredEvent = CustomEvent<HlPollAnsweredDetail>

declare global {
  interface GlobalEventHandlersEventMap {
    'hl-poll-answered': HlPollAnsweredEvent
  }
}
