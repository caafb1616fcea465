/**
 * The public design tokens, declared once: name (without `--hl-`) → light value, dark value. The element
 * styles (tokens.styles.ts), the page-level theme classes (theme-classes.ts), `<hl-classroom>`'s `@cssproperty`
 * docs and docs/theming.md all follow this table; a test checks that they agree.
 *
 * Tokens that do not change with the theme (radius, spacing, fonts) have the same value in both.
 */
export const themeTokens = {
  'color-surface': { light: '#ffffff', dark: '#0d1117' },
  'color-text': { light: '#1b1f24', dark: '#e6edf3' },
  'color-text-muted': { light: '#57606a', dark: '#9198a1' },
  'color-border': { light: '#d0d7de', dark: '#30363d' },
  'color-accent': { light: '#0b62d6', dark: '#4493f8' },
  'color-on-accent': { light: '#ffffff', dark: '#0d1117' },
  'color-success': { light: '#1a7f37', dark: '#3fb950' },
  'color-warning': { light: '#9a6700', dark: '#d29922' },
  'color-danger': { light: '#cf222e', dark: '#f85149' },
  // The video stage stays dark in both themes (video reads best on dark), with light text over it.
  'color-stage': { light: '#1b1f24', dark: '#010409' },
  'color-on-stage': { light: '#ffffff', dark: '#ffffff' },
  radius: { light: '8px', dark: '8px' },
  space: { light: '8px', dark: '8px' },
  'font-family': { light: "system-ui, -apple-system, 'Segoe UI', sans-serif", dark: "system-ui, -apple-system, 'Segoe UI', sans-serif" },
  'font-size': { light: '14px', dark: '14px' },
} as const satisfies Record<string, { light: string; dark: string }>

/**
 * Tokens whose default is another token or a component's own size: not part of a theme's palette, but
 * public and documented all the same.
 */
export const derivedTokens = {
  'focus-color': 'the accent (`--hl-color-accent`)',
  'focus-ring': '`none` (a box-shadow drawn with the focus outline)',
  'whiteboard-height': '`min(70vh, 720px)`',
  'chat-max-height': '`320px`',
} as const

export type ThemeToken = keyof typeof themeTokens

/** The tokens whose value differs between light and dark: what a theme selector switches. */
export const themedTokens = (Object.keys(themeTokens) as ThemeToken[]).filter(
  (name) => themeTokens[name].light !== themeTokens[name].dark,
)

/** `name: value;` lines for one theme, for the tokens that theme switches. */
export function themeDeclarations(theme: 'light' | 'dark'): string {
  return themedTokens.map((name) => `--hl-${name}: ${themeTokens[name][theme]};`).join('\n')
}

/** Whether `value` is HiLink's own light or dark value of token `name` (what the theme classes and attributes set). */
export function isBuiltInValue(name: string, value: string): boolean {
  const builtIn = (themeTokens as Record<string, { light: string; dark: string } | undefined>)[name]
  const v = value.trim().toLowerCase()
  return builtIn !== undefined && (builtIn.light.toLowerCase() === v || builtIn.dark.toLowerCase() === v)
}
