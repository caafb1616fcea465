import { themeDeclarations } from './palette.ts'

const installed = new WeakSet<Document>()

/**
 * Page-level theme classes, Shoelace's `sl-theme-dark` idea: `class="hl-theme-dark"` on any element of the
 * host page (`<html>`, a wrapper) makes every HiLink element inside it dark; `hl-theme-light` switches a part
 * back. `:where()` keeps their specificity at zero, so any rule of the page that sets a `--hl-*` token wins.
 * Installed once per document, when the first element is defined, as an adopted stylesheet (no markup to add).
 */
export function installThemeClasses(doc: Document = document): void {
  if (installed.has(doc) || typeof CSSStyleSheet === 'undefined' || !('adoptedStyleSheets' in doc)) return
  installed.add(doc)
  const sheet = new CSSStyleSheet()
  sheet.replaceSync(
    `:where(.hl-theme-dark) { ${themeDeclarations('dark')} color-scheme: dark; }\n` +
      `:where(.hl-theme-light) { ${themeDeclarations('light')} color-scheme: light; }`,
  )
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet]
}
