import type { ReactiveController, ReactiveControllerHost } from 'lit'

/** Space kept between a focused control and the learner's bar. */
const gap = 8

/**
 * Keeps the control that has keyboard focus clear of the learner's sticky action bar (WCAG 2.2, 2.4.11 Focus Not
 * Obscured). The browser scrolls a focused control into the viewport, but not out from under a sticky bar: on a
 * phone a learner tabbing to the chat box below the board would type into a field hidden behind the bar. After the
 * browser's own scroll, the page scrolls on by what the bar covers (never so far that the control's top leaves the
 * screen: a control taller than the room above the bar, such as the board, stays where the browser put it).
 * Scrolls the document; a host page that scrolls the classroom inside its own container keeps the browser's scroll.
 */
export class BarFocusController implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly root: () => ParentNode,
  ) {
    host.addController(this)
  }

  hostConnected(): void {
    this.host.addEventListener('focusin', this.onFocus)
  }

  hostDisconnected(): void {
    this.host.removeEventListener('focusin', this.onFocus)
  }

  private readonly onFocus = (event: FocusEvent): void => {
    const path = event.composedPath()
    const target = path[0]
    const bar = this.root().querySelector('.action-bar')
    // Focus inside the bar is in view by definition (the bar is).
    if (!bar || !(target instanceof Element) || path.includes(bar)) return
    // Measured a frame later, once the browser has scrolled the control into view.
    requestAnimationFrame(() => {
      if (!target.isConnected || !bar.isConnected) return
      const box = target.getBoundingClientRect()
      const covered = box.bottom + gap - bar.getBoundingClientRect().top
      if (covered > 0 && box.top - covered >= 0) window.scrollBy({ top: covered, behavior: 'instant' })
    })
  }
}
