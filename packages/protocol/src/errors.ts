import { z } from 'zod'

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

/** WebSocket close codes of the sync socket (4000-4999 is the application range). */
export const syncCloseCodes = {
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
  badMessage: 4400,
  /** The client let too many bytes pile up unread (backpressure); reconnecting resyncs it. */
  tooSlow: 4408,
  /** Too many failed sign-ins from this address or with this credential prefix; try again later. */
  rateLimited: 4429,
  /** Not possible in the session's current state (e.g. audio while transcription is off). */
  conflict: 4409,
  /** The server cannot do this now (e.g. no speech model installed). */
  unavailable: 4503,
} as const
