import { LitElement } from 'lit'
import { installThemeClasses } from '../themes/theme-classes.ts'

/** Names of the SDK's own events (declared in events/hl-*.ts into GlobalEventHandlersEventMap). */
export type HlEventName = {
  [K in keyof GlobalEventHandlersEventMap]: K extends `hl-${string}` ? K : never
}[keyof GlobalEventHandlersEventMap]

export type HlEventDetail<K extends HlEventName> =
  GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never

/**
 * Base class of every HiLink element. `emit()` dispatches the SDK's events the same way everywhere:
 * bubbling and composed (they cross shadow roots to reach the host page), typed by the event map.
 * A `cancelable` event lets the host veto a user intent with `preventDefault()`.
 */
export class HlElement extends LitElement {
  emit<K extends HlEventName>(
    name: K,
    init: { detail: HlEventDetail<K>; cancelable?: boolean },
  ): CustomEvent<HlEventDetail<K>> {
    const event = new CustomEvent(name, { bubbles: true, composed: true, cancelable: false, ...init })
    this.dispatchEvent(event)
    return event
  }

  /** Defines the element once (and the page's `hl-theme-*` classes); defining twice (two copies of the SDK on a page) is a no-op, not an error. */
  static define(tag: string, ctor: CustomElementConstructor = this): void {
    if (typeof document !== 'undefined') installThemeClasses(document)
    if (!customElements.get(tag)) customElements.define(tag, ctor)
  }
}
