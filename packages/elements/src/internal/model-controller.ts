import type { ReactiveController, ReactiveControllerHost } from 'lit'

/** Anything that can tell us it changed: models, RoomSession. Answers the unsubscribe function. */
export type Subscribe = (listener: () => void) => () => void

/**
 * Re-renders its host when a model changes. It subscribes while the host is connected and unsubscribes
 * when it disconnects; `watch()` switches to another model (e.g. when the room changes).
 */
export class ModelController implements ReactiveController {
  private source: Subscribe | undefined
  private unsubscribe: (() => void) | undefined
  private connected = false
  private readonly onChange = () => this.host.requestUpdate()

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this)
  }

  watch(source: Subscribe | undefined): void {
    if (source === this.source) return
    this.unsubscribe?.()
    this.unsubscribe = undefined
    this.source = source
    if (this.connected && source) this.unsubscribe = source(this.onChange)
    this.host.requestUpdate()
  }

  hostConnected(): void {
    this.connected = true
    if (this.source && !this.unsubscribe) this.unsubscribe = this.source(this.onChange)
  }

  hostDisconnected(): void {
    this.connected = false
    this.unsubscribe?.()
    this.unsubscribe = undefined
  }
}
