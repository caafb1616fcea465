import type { ConnectionStatus } from '@hilink/core'

export interface HlStatusChangeDetail {
  status: ConnectionStatus
}

/** Fired by `<hl-classroom>` whenever its room connection status changes. */
export type HlStatusChangeEvent = CustomEvent<HlStatusChangeDetail>

declare global {
  interface GlobalEventHandlersEventMap {
    'hl-status-change': HlStatusChangeEvent
  }
}
