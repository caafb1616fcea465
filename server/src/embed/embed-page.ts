import type { EmbedPage } from './embed-service.ts'
import type { MessageLocale } from '../http/locale.ts'

/** The query a host may add to the embed URL. */
export interface EmbedOptions {
  locale?: string | undefined
  theme?: 'light' | 'dark' | undefined
}

/** What the page's inline script hands to `startEmbed` (packages/elements/src/embed/embed-page.ts). */
interface ClientConfig {
  sessionId: string
  token?: string
  allowedOrigins: string[]
  locale?: string
  theme?: 'light' | 'dark'
}

/**
 * The page's own policy. Scripts: the SDK from this origin and the one inline module carrying the nonce; `blob:`
 * because the microphone's AudioWorklet is loaded from a blob URL the SDK makes (worklets follow script-src).
 * Styles allow inline: Lit adopts constructed sheets, but tldraw and React set style attributes. Images allow
 * https: for a tenant's logo. `connect-src` is this origin (HTTP and the sync/audio WebSockets) plus the SFU.
 * `frame-ancestors`: this origin and the tenant's allowed origins; with none allowed only HiLink's own pages may
 * frame it, which for every host page is the same as 'none'.
 */
export function embedCsp(nonce: string, allowedOrigins: string[], avOrigins: string[]): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}' blob:`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "media-src 'self' blob: mediastream:",
    ['connect-src', "'self'", ...avOrigins].join(' '),
    "worker-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
    ['frame-ancestors', "'self'", ...allowedOrigins].join(' '),
  ].join('; ')
}

/** The not-found page may show inside any frame: it says nothing about any session or tenant. */
export const notFoundCsp = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors *"

/** JSON that is safe inside an inline `<script>`: no `</script>`, no `<!--`, no line separators JS would choke on. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/**
 * One `<hl-classroom>` filling the viewport. The token (from the LTI cookie) travels in the nonce'd inline script,
 * never in a URL; without it the SDK reads `#token=…` and removes it from the address bar.
 */
export function renderEmbedPage(page: EmbedPage, options: EmbedOptions, nonce: string): string {
  const config: ClientConfig = { sessionId: page.sessionId, allowedOrigins: page.allowedOrigins }
  if (page.token) config.token = page.token
  if (options.locale) config.locale = options.locale
  if (options.theme) config.theme = options.theme
  return `<!doctype html>
<html lang="${options.locale ?? 'en'}"${options.theme === 'dark' ? ' data-theme="dark"' : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(pageTitle(page, options.locale))}</title>
<style>html, body { margin: 0; height: 100%; } hl-classroom { display: block; min-height: 100%; }
/* The page behind the classroom follows its theme (set-theme changes data-theme), so no light edge shows in dark. */
html[data-theme="dark"] { color-scheme: dark; background: #0d1117; }</style>
<script type="module" nonce="${nonce}">
import { startEmbed } from '/sdk/hilink.js'
startEmbed(document.querySelector('hl-classroom'), ${scriptJson(config)})
</script>
</head>
<body><hl-classroom></hl-classroom></body>
</html>
`
}

/**
 * The browser tab (and the LMS's frame title, read by screen readers) names the tenant's product when it has
 * one, as the classroom's header does; else a plain word in the page's language.
 */
function pageTitle(page: EmbedPage, locale: string | undefined): string {
  if (page.productName) return page.productName
  return locale?.startsWith('es') ? 'Aula' : 'Classroom'
}

export function renderMessagePage(title: string, text: string, lang: MessageLocale = 'en'): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body { font: 1rem/1.5 system-ui, sans-serif; margin: 2rem; color: #1a1a1a; background: #fff; }
@media (prefers-color-scheme: dark) { body { color: #eee; background: #161616; } }</style>
</head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body>
</html>
`
}

/** The words of the embed route's own refusal pages, in the languages the server writes messages in. */
export const embedMessages: Record<MessageLocale, { notFoundTitle: string; notFoundText: string; invalidTitle: string }> = {
  en: {
    notFoundTitle: 'Classroom not found',
    notFoundText: 'This classroom link does not lead to a lesson. Ask your school or instructor for a new link.',
    invalidTitle: 'This classroom link is not valid',
  },
  es: {
    notFoundTitle: 'Aula no encontrada',
    notFoundText: 'Este enlace no lleva a ninguna clase. Pida un enlace nuevo a su centro o a su profesor.',
    invalidTitle: 'Este enlace de aula no es válido',
  },
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}
