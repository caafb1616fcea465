import type { Context } from 'hono'
import { detectFromHeader, type DetectorOptions } from 'hono/language'

/** The languages the server writes its messages in (the SDK's own locales). */
export const messageLocales = ['en', 'es'] as const
export type MessageLocale = (typeof messageLocales)[number]

// Hono's language detector parses Accept-Language (quality values, `es-MX` → `es`); only its header reading is
// used, because the fallback is not one fixed language but the tenant's default.
const headerOptions: DetectorOptions = {
  order: ['header'],
  lookupQueryString: 'lang',
  lookupCookie: 'language',
  lookupFromPathIndex: 0,
  lookupFromHeaderKey: 'accept-language',
  caches: false,
  ignoreCase: true,
  fallbackLanguage: 'en',
  supportedLanguages: [...messageLocales],
}

function isMessageLocale(value: string | null | undefined): value is MessageLocale {
  return (messageLocales as readonly string[]).includes(value ?? '')
}

/**
 * The language of a response's messages: the caller's Accept-Language first (the person reading it), else the
 * tenant's default locale (asked only when the header names no language we have), else English.
 */
export function messageLocale(c: Context, tenantDefault: () => string | null | undefined): MessageLocale {
  const fromHeader = detectFromHeader(c, headerOptions)
  if (isMessageLocale(fromHeader)) return fromHeader
  const tenant = tenantDefault()?.toLowerCase().split('-')[0]
  return isMessageLocale(tenant) ? tenant : 'en'
}
