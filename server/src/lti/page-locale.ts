import type { Context } from 'hono'
import { messageLocale, type MessageLocale } from '../http/locale.ts'
import { esLti, esLtiPatterns } from './messages.es.ts'

/**
 * The language of an LTI page: the verified launch's launch_presentation.locale (what the user chose in the
 * LMS) when HiLink speaks it, else the browser's Accept-Language, else English.
 */
export function pageLocale(c: Context, claimed?: string): MessageLocale {
  const lang = claimed?.toLowerCase().split(/[-_]/)[0]
  if (lang === 'es' || lang === 'en') return lang
  return messageLocale(c, () => undefined)
}

/** `english` in `locale`, with `{name}` filled from `values` (after translating, so values are never translated). */
export function tr(locale: MessageLocale, english: string, values: Record<string, string> = {}): string {
  let text = english
  if (locale === 'es') {
    const exact = esLti[english]
    if (exact) text = exact
    else {
      for (const [pattern, build] of esLtiPatterns) {
        const match = pattern.exec(english)
        if (match) {
          text = build(...match.slice(1))
          break
        }
      }
    }
  }
  return text.replace(/\{(\w+)\}/g, (all, name: string) => values[name] ?? all)
}
