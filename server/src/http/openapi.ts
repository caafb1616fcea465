import { OpenAPIHono } from '@hono/zod-openapi'
import { errorBody } from '@hilink/protocol'
import type { Env } from 'hono'
import { z } from 'zod'
import { apiError } from './errors.ts'
import type { MessageLocale } from './locale.ts'

/**
 * An OpenAPIHono sub-app whose validation failures answer the API's error body (400 invalid_request) with
 * a message that names the offending fields.
 */
export function createSubApp<E extends Env>() {
  return new OpenAPIHono<E>({
    defaultHook: (result) => {
      // The issues of one request cannot sit in a catalogue: the Spanish travels with the error.
      if (!result.success) {
        throw apiError(400, 'invalid_request', describeIssues(result.error), { es: describeIssues(result.error, 'es') })
      }
    },
  })
}

export function describeIssues(error: z.ZodError, locale: MessageLocale = 'en'): string {
  return error.issues
    .slice(0, 5)
    .map((i) => {
      const message = locale === 'es' ? spanishIssue(i) : i.message
      return i.path.length ? `${i.path.join('.')}: ${message}` : message
    })
    .join('; ')
}

const zodSpanish = z.locales.es()

/**
 * zod's own Spanish for an issue. A finished issue no longer carries the input, so zod's "received …" part of
 * a wrong type would always read "indefinido": that part is left out.
 */
function spanishIssue(issue: z.core.$ZodIssue): string {
  const made = zodSpanish.localeError({ ...issue, input: undefined })
  const text = typeof made === 'string' ? made : made?.message
  if (!text) return 'Entrada inválida'
  return issue.code === 'invalid_type' ? text.replace(/, recibido .*$/, '') : text
}

/** The error responses every authenticated route can give, for the OpenAPI document. */
export const errorResponses = {
  400: { description: 'Invalid request', content: { 'application/json': { schema: errorBody } } },
  401: { description: 'Missing, invalid or expired credential', content: { 'application/json': { schema: errorBody } } },
  403: { description: 'The role may not do this', content: { 'application/json': { schema: errorBody } } },
  404: { description: 'Not found (or in another tenant)', content: { 'application/json': { schema: errorBody } } },
} as const

/** For routes that refuse an action in the resource's current state. */
export const conflictResponse = {
  409: { description: 'Not allowed in the current state', content: { 'application/json': { schema: errorBody } } },
} as const

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { content: { 'application/json': { schema } }, required: true } as const
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } } as const
}

export const bearerSecurity = [{ bearer: [] }]

/** An operation of the OpenAPI document, as far as `withBodyErrors` reads and writes it. */
interface OpenApiOperation {
  requestBody?: unknown
  responses?: Record<string, unknown>
}

/**
 * Every operation that takes a body can also answer 413 (larger than the server's body limit) and 415 (not
 * JSON); both come from app-wide middleware, so no route declares them itself. Adds them to the document.
 */
export function withBodyErrors<T extends { paths?: object }>(doc: T, maxBodyBytes: number): T {
  // Path items hold operations under method names (and a few non-operation keys, which have no requestBody).
  const pathItems = Object.values(doc.paths ?? {}) as Array<Record<string, OpenApiOperation>>
  for (const operations of pathItems) {
    for (const operation of Object.values(operations)) {
      if (!operation.requestBody) continue
      operation.responses ??= {}
      // The same error body as the operation's own 400.
      const errorContent = (operation.responses['400'] as { content?: unknown } | undefined)?.content
      operation.responses['413'] ??= { description: `The body is larger than ${maxBodyBytes} bytes`, content: errorContent }
      operation.responses['415'] ??= { description: 'The body is not application/json', content: errorContent }
    }
  }
  return doc
}
