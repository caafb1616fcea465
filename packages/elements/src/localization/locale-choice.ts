import { allLocales, sourceLocale } from './locale-codes.ts'

export type Locale = (typeof allLocales)[number]

/** One of our locales for a BCP-47 tag (`es-MX` → `es`), if we translate into its language. */
export function knownLocale(tag: string | null | undefined): Locale | undefined {
  const language = tag?.trim().toLowerCase().split(/[-_]/)[0]
  return allLocales.find((l) => l === language)
}

/**
 * The classroom's language, first that we have: the `locale` attribute (the host's explicit choice), the
 * tenant's default locale, the browser's languages in the person's order, else English.
 */
export function chooseLocale(
  attribute: string | undefined,
  tenantDefault: string | null | undefined,
  browser: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages,
): Locale {
  for (const tag of [attribute, tenantDefault, ...browser]) {
    const known = knownLocale(tag)
    if (known) return known
  }
  return sourceLocale
}
