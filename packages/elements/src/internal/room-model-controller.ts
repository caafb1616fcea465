import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { ContextConsumer } from '@lit/context'
import { roomContext, type RoomSession } from '@hilink/core'
import { ModelController, type Subscribe } from './model-controller.ts'

/**
 * The room a feature element lives in and the model it renders: consumes the `RoomSession` from the enclosing
 * `<hl-classroom>` (@lit/context), builds the element's model once per room, and re-renders the host when the
 * model changes. A new room (e.g. the classroom's token changed) gets a new model and calls `onRoomChange`.
 */
export class RoomModelController<M extends { subscribe: Subscribe }> implements ReactiveController {
  private readonly consumer: ContextConsumer<typeof roomContext, ReactiveControllerHost & HTMLElement>
  private readonly updates: ModelController
  private bound: RoomSession | undefined
  private current: M | undefined

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    private readonly create: (room: RoomSession) => M,
    private readonly onRoomChange: () => void = () => {},
  ) {
    host.addController(this)
    this.consumer = new ContextConsumer(host, { context: roomContext, subscribe: true })
    this.updates = new ModelController(host)
  }

  get room(): RoomSession | undefined {
    this.follow()
    return this.bound
  }

  get model(): M | undefined {
    this.follow()
    return this.current
  }

  hostUpdate(): void {
    this.follow()
  }

  /** Rebinds when the provided room changed; read lazily, so `willUpdate` already sees the new model. */
  private follow(): void {
    const room = this.consumer.value
    if (room === this.bound) return
    this.bound = room
    const model = room ? this.create(room) : undefined
    this.current = model
    this.updates.watch(model && ((listener) => model.subscribe(listener)))
    this.onRoomChange()
  }
}
