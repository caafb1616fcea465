import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ErrorBody, ErrorCode } from '@hilink/protocol'
import type { MessageLocale } from './locale.ts'

/**
 * The API's error as an exception: its response is the error body in English. The app's error handler gives
 * the message in the caller's language (http/localize-error.ts); `translations` carries a message that no
 * catalogue can hold (e.g. the validation issues of one request), already in the other languages.
 */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly translations: Partial<Record<MessageLocale, string>> = {},
  ) {
    super(status, { res: Response.json(errorBody(code, message), { status }), message })
  }
}

/** An HTTPException whose response is the API's error body. Throw it from any handler or middleware. */
export function apiError(
  status: ContentfulStatusCode,
  code: ErrorCode,
  message: string,
  translations?: Partial<Record<MessageLocale, string>>,
): ApiError {
  return new ApiError(status, code, message, translations)
}

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } }
}
