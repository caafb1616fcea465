import { z } from 'zod'
export { syncCloseCodes } from './values.ts'

/** Error codes the API answers with, in `{"error":{"code","message"}}`. */
export const errorCodes = [
  'invalid_request',
  'malformed_json',
  'payload_too_large',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'av_not_configured',
] as const
export type ErrorCode = (typeof errorCodes)[number]

export const errorBody = z.object({
  error: z.object({ code: z.enum(errorCodes), message: z.string() }),
})
export type ErrorBody = z.infer<typeof errorBody>

