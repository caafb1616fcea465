import { css, unsafeCSS } from 'lit'
import { themeDeclarations, themeTokens } from './palette.ts'

/** Each element's private alias of a public token: `--_bg` reads `--hl-color-surface`, else its light default. */
const aliases = {
  '--_bg': 'color-surface',
  '--_fg': 'color-text',
  '--_muted': 'color-text-muted',
  '--_border': 'color-border',
  '--_accent': 'color-accent',
  '--_on-accent': 'color-on-accent',
  '--_ok': 'color-success',
  '--_warn': 'color-warning',
  '--_danger': 'color-danger',
  '--_stage': 'color-stage',
  '--_on-stage': 'color-on-stage',
  '--_radius': 'radius',
  '--_space': 'space',
} as const satisfies Record<string, keyof typeof themeTokens>

// Built from constants in this package (never from tenant or page input), so unsafeCSS is safe here.
const privateAliases = unsafeCSS(
  Object.entries(aliases)
    .map(([alias, token]) => `${alias}: var(--hl-${token}, ${themeTokens[token].light});`)
    .join('\n'),
)
const dark = unsafeCSS(themeDeclarations('dark'))
const light = unsafeCSS(themeDeclarations('light'))

/**
 * The design tokens every element reads, the Shoelace way: public `--hl-*` custom properties inherit through
 * shadow roots, so a theme is a set of `--hl-*` values on any ancestor (the host page's `:root`, a wrapper, or
 * `<hl-classroom>` itself). An element never sets a public token on itself, so it never resets what it
 * inherits: it only reads them into private `--_*` aliases with the light default as the fallback.
 *
 * `theme="dark"` (or `theme="light"`) on any HiLink element sets the public tokens of that theme on it, so
 * that every element inside, in its own shadow root, inherits them. A host's own values on the element
 * (a tenant theme, inline style) win over these: a page's rules outrank `:host` rules.
 */
export const tokens = css`
  :host {
    ${privateAliases}
    --_focus-color: var(--hl-focus-color, var(--_accent));
    /* A solid ring in the focus colour: at least 3:1 against the surface in both themes (WCAG 2.4.11/1.4.11);
       --hl-focus-ring adds an optional box-shadow on top. */
    --_focus: var(--hl-focus-ring, none);
    font-family: var(--hl-font-family, ${unsafeCSS(themeTokens['font-family'].light)});
    font-size: var(--hl-font-size, ${unsafeCSS(themeTokens['font-size'].light)});
    color: var(--_fg);
  }
  :host([theme='dark']) {
    ${dark}
    color-scheme: dark;
  }
  :host([theme='light']) {
    ${light}
    color-scheme: light;
  }
  :focus-visible {
    outline: 3px solid var(--_focus-color);
    outline-offset: 2px;
    box-shadow: var(--_focus);
  }
`
