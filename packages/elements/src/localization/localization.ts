import { configureLocalization } from '@lit/localize'
import { sourceLocale, targetLocales } from './locale-codes.ts'

/**
 * Runtime localisation. Every visible string goes through `msg()`; `lit-localize extract` collects them
 * into xliff/ for translators, and `lit-localize build` writes the locale modules loaded here.
 */
export const { getLocale, setLocale } = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: (locale) => import(`./locales/${locale}.ts`),
})
