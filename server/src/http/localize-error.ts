import { errorBody, type ErrorBody, type ErrorCode } from '@hilink/protocol'
import type { MessageLocale } from './locale.ts'
import { esByCode, esMessages, esPatterns } from './messages.es.ts'

/** The message of an error in `locale`; `code` is what a client keys on, so it is never touched. */
export function translateMessage(locale: MessageLocale, code: ErrorCode, message: string, given?: string): string {
  if (locale === 'en') return message
  if (given) return given
  const exact = esMessages[message]
  if (exact) return exact
  for (const [pattern, build] of esPatterns) {
    const match = pattern.exec(message)
    if (match) return build(...match.slice(1))
  }
  return esByCode[code]
}

/**
 * An error response with its message in `locale`; status and headers (e.g. Retry-After) stay. Responses that
 * are not the API's error body (none today) pass through unchanged.
 */
export async function localizeErrorResponse(res: Response, locale: MessageLocale, given?: string): Promise<Response> {
  const headers = new Headers(res.headers)
  headers.append('Vary', 'Accept-Language')
  const parsed = errorBody.safeParse(await res.clone().json().catch(() => undefined))
  if (!parsed.success) return res
  headers.set('Content-Language', locale)
  const { code, message } = parsed.data.error
  const body: ErrorBody = { error: { code, message: translateMessage(locale, code, message, given) } }
  return new Response(JSON.stringify(body), { status: res.status, headers })
}
