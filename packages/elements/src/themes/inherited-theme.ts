import type { ReactiveController, ReactiveControllerHost } from 'lit'

// Its own chunk: <hl-classroom> loads it only when a tenant's theme has `dark-*` variants and the classroom has no
// `theme` of its own, i.e. when which variant applies depends on the page (issue #13: the core stays ≤ 60 KB).

export type Theme = 'light' | 'dark'

let probe: CanvasRenderingContext2D | null | undefined

/** Relative luminance (WCAG) of any CSS colour; undefined for what is not a colour (`var()` left over, garbage). */
function luminance(color: string): number | undefined {
  // The canvas parses every CSS colour syntax (names, hsl, oklch…) and hands back #rrggbb or rgba().
  probe ??= document.createElement('canvas').getContext('2d')
  if (!probe) return undefined
  probe.fillStyle = '#010203'
  probe.fillStyle = color
  const parsed = String(probe.fillStyle)
  if (parsed === '#010203' && color.trim().toLowerCase() !== '#010203') return undefined
  const channels = parsed.startsWith('#')
    ? [1, 3, 5].map((i) => parseInt(parsed.slice(i, i + 2), 16))
    : (parsed.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number)
  const [r, g, b] = channels.map((c) => {
    const s = c / 255
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  })
  return r === undefined || g === undefined || b === undefined ? undefined : 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/**
 * The theme an element inherits from the page, whichever way the page set it: `class="hl-theme-dark"`, a
 * HiLink ancestor with `theme="dark"`, or the page's own `--hl-*` values (e.g. under a
 * `prefers-color-scheme: dark` media query). All three end up as the surface colour the element inherits, so
 * that is what decides: a dark inherited `--hl-color-surface` is the dark theme. A page that only says
 * `color-scheme: dark` leaves HiLink's surfaces light, and so is light here too.
 */
export function inheritedTheme(el: Element): Theme {
  const parent = el.parentElement ?? ((el.getRootNode() as ShadowRoot).host as Element | undefined)
  if (!parent) return 'light'
  const surface = getComputedStyle(parent).getPropertyValue('--hl-color-surface').trim()
  const lum = surface ? luminance(surface) : undefined
  // 0.179: where black and white text have equal contrast on the colour.
  return lum !== undefined && lum < 0.179 ? 'dark' : 'light'
}

/**
 * Tells its host when the theme it inherits from the page may have changed: a class, style or `theme`
 * attribute changed on the page (the `hl-theme-*` classes, a HiLink ancestor's theme, inline tokens), or the
 * system's colour scheme did (a page's tokens under `prefers-color-scheme`). Off unless asked for (`watch(true)`),
 * so a classroom without anything theme-dependent observes nothing. The host re-reads `inheritedTheme` and
 * compares: a notification is a hint, checked once per animation frame.
 */
export class InheritedThemeWatcher implements ReactiveController {
  private observer: MutationObserver | undefined
  private media: MediaQueryList | undefined
  private frame = 0
  private readonly hint = () => {
    if (this.frame) return
    this.frame = requestAnimationFrame(() => {
      this.frame = 0
      this.onChange()
    })
  }

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly onChange: () => void,
  ) {
    host.addController(this)
  }

  watch(on: boolean): void {
    if (on && !this.observer && this.host.isConnected) {
      this.observer = new MutationObserver((records) => {
        // A classroom inside another shadow root cannot tell its ancestors from the records: every change counts.
        const inDocument = this.host.getRootNode() === this.host.ownerDocument
        if (!inDocument || records.some((r) => r.target !== this.host && r.target.contains(this.host))) this.hint()
      })
      this.observer.observe(this.host.ownerDocument.documentElement, {
        subtree: true,
        attributes: true,
        attributeFilter: ['class', 'style', 'theme'],
      })
      this.media = matchMedia('(prefers-color-scheme: dark)')
      this.media.addEventListener('change', this.hint)
    } else if (!on) this.stop()
  }

  hostDisconnected(): void {
    this.stop()
  }

  private stop(): void {
    this.observer?.disconnect()
    this.observer = undefined
    this.media?.removeEventListener('change', this.hint)
    this.media = undefined
    if (this.frame) cancelAnimationFrame(this.frame)
    this.frame = 0
  }
}
