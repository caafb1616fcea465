import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ErrorBody, ErrorCode } from '@hilink/protocol'

/** An HTTPException whose response is the API's error body. Throw it from any handler or middleware. */
export function apiError(status: ContentfulStatusCode, code: ErrorCode, message: string): HTTPException {
  const body: ErrorBody = { error: { code, message } }
  return new HTTPException(status, { res: Response.json(body, { status }), message })
}

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } }
}
