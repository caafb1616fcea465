import { msg } from '@lit/localize'
import { getLocale } from './localization.ts'
import { sourceLocale } from './locale-codes.ts'

/**
 * A model's problem as the person reads it. The server says what went wrong in English with a stable code
 * (`{"error":{"code","message"}}`); in English its specific message is shown, in another locale the code's
 * translation (the server's text would be English under translated controls). `unreachable` is the SDK's own:
 * the browser's "Failed to fetch" is never shown.
 */
export function problemText(problem: string | undefined, code?: string): string {
  if (problem === undefined) return ''
  if (code === 'unreachable') return msg('The server could not be reached. Check the connection and try again.')
  if (code === 'unexpected') return msg('Something went wrong. Try again.')
  if (getLocale() === sourceLocale) return problem
  switch (code) {
    case 'conflict':
      return msg('That is not possible in the lesson’s current state.')
    case 'forbidden':
      return msg('Your role does not allow this.')
    case 'unauthorized':
      return msg('This classroom link has expired or is not valid.')
    case 'not_found':
      return msg('That no longer exists.')
    case 'rate_limited':
      return msg('Too many requests. Wait a moment and try again.')
    case 'invalid_request':
    case 'malformed_json':
    case 'payload_too_large':
      return msg('The server could not accept this. Check what you entered.')
    default:
      return problem
  }
}
