import type { ReactiveController, ReactiveControllerHost } from 'lit'

/** Space kept between the board's lower edge and the learner's bar. */
const gap = 8

/**
 * Keeps the whiteboard clear of the learner's sticky action bar. The bar sticks to the bottom of the screen, so
 * whatever lies under it stays hidden until the page scrolls past it: on a phone that was the board's toolbar.
 *
 * It measures the bar (a ResizeObserver, as it grows with the open poll) and sets `--_board-room` on the room's
 * `.body`: the canvas height that ends where the bar begins on the first screen, or, when that would leave less
 * than the canvas's own minimum (a short phone, a classroom low on its page), the height that fits above the
 * bar once the board is scrolled to. The styles cap the canvas with it (`max-height`), so a host's
 * `--hl-whiteboard-height` still holds whenever it is the smaller.
 */
export class BoardRoomController implements ReactiveController {
  private readonly observer = new ResizeObserver(() => this.schedule())
  /** What the observer watches: the bar and the classroom's base (anything above the board that grows). */
  private observed: Element[] = []
  private frame = 0

  constructor(
    host: ReactiveControllerHost,
    private readonly root: () => ParentNode,
  ) {
    host.addController(this)
  }

  hostConnected(): void {
    window.addEventListener('resize', this.schedule)
  }

  hostDisconnected(): void {
    window.removeEventListener('resize', this.schedule)
    this.observer.disconnect()
    this.observed = []
    cancelAnimationFrame(this.frame)
    this.frame = 0
  }

  /** After each render: the bar and the base may be new elements (the lesson went live, the room changed). */
  hostUpdated(): void {
    const root = this.root()
    const watch = [root.querySelector('.action-bar'), root.querySelector('.base')].filter((el): el is Element => el !== null)
    if (watch.length !== this.observed.length || watch.some((el, i) => el !== this.observed[i])) {
      this.observer.disconnect()
      for (const el of watch) this.observer.observe(el)
      this.observed = watch
    }
    this.schedule()
  }

  /** One measurement per frame, whatever asked for it. */
  private readonly schedule = (): void => {
    if (this.frame) return
    this.frame = requestAnimationFrame(() => {
      this.frame = 0
      this.measure()
    })
  }

  private measure(): void {
    const root = this.root()
    const body = root.querySelector<HTMLElement>('.body')
    if (!body) return
    const bar = root.querySelector('.action-bar')
    const board = root.querySelector('hl-whiteboard')
    // The board's public canvas part (its chunk loads on demand: there may be no canvas yet).
    const canvas = board?.shadowRoot?.querySelector('[part~="canvas"]')
    if (!bar || !board || !canvas) {
      body.style.removeProperty('--_board-room')
      return
    }
    // Where the bar begins on screen once it sticks to the bottom. The viewport as the root element sees it (the
    // small viewport on a phone, address bar shown): innerHeight grows as the address bar hides while scrolling,
    // and the board would change size under the learner's finger.
    const barTop = document.documentElement.clientHeight - bar.getBoundingClientRect().height
    const canvasTop = canvas.getBoundingClientRect().top
    const firstScreen = barTop - (canvasTop + window.scrollY) - gap
    const minimum = parseFloat(getComputedStyle(canvas).minHeight) || 0
    const scrolledTo = barTop - (canvasTop - board.getBoundingClientRect().top) - gap
    const room = `${Math.floor(Math.max(firstScreen >= minimum ? firstScreen : scrolledTo, 0))}px`
    if (body.style.getPropertyValue('--_board-room') !== room) body.style.setProperty('--_board-room', room)
  }
}
