import { randomBytes } from 'node:crypto'
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { getCookie } from 'hono/cookie'
import { z } from 'zod'
import { describeIssues } from '../http/openapi.ts'
import type { EmbedService } from './embed-service.ts'
import { embedCsp, notFoundCsp, renderEmbedPage, renderMessagePage } from './embed-page.ts'

export interface EmbedDeps {
  embed: EmbedService
  /** The AV origins a browser connects to, given the host it reached HiLink by (for `connect-src`). */
  avOrigins: (publicHost: string | undefined) => Promise<string[]>
}

/** The cookie an LTI launch sets (Path=/embed/<sessionId>) before redirecting here. */
export const embedCookie = 'hilink_embed'

const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } })

const getEmbed = createRoute({
  method: 'get',
  path: '/embed/{sessionId}',
  summary: 'The classroom as a full page for an iframe (token in #token=… or the LTI launch cookie); docs/embedding.md',
  request: {
    // Any string: a malformed id is a link to nothing, answered with the same not-found page as an unknown one.
    params: z.object({ sessionId: z.string().max(200) }),
    query: z.object({
      locale: z
        .string()
        .regex(/^[a-z]{2}(-[A-Za-z]{2})?$/, 'locale is a language code such as en or es')
        .optional()
        .openapi({ description: 'The UI language' }),
      theme: z.enum(['light', 'dark']).optional().openapi({ description: 'light (default) or dark' }),
    }),
  },
  responses: {
    200: html('The classroom page; framing allowed for the tenant’s allowed origins (Content-Security-Policy frame-ancestors)'),
    400: html('A query parameter is not valid'),
    404: html('No such session (or the launch cookie is of another session)'),
  },
})

function nonce(): string {
  return randomBytes(18).toString('base64')
}

/** `GET /embed/:sessionId`: a page, not the JSON API, so its refusals are pages too. */
export function embedApp({ embed, avOrigins }: EmbedDeps) {
  return new OpenAPIHono({
    defaultHook: (result, c) => {
      if (result.success) return
      c.header('Content-Security-Policy', notFoundCsp)
      return c.html(renderMessagePage('This classroom link is not valid', describeIssues(result.error)), 400)
    },
  }).openapi(getEmbed, async (c) => {
    const { sessionId } = c.req.valid('param')
    const outcome = await embed.page(sessionId, getCookie(c, embedCookie))
    // The page may carry a token: never stored by a cache, never sent on as a referrer.
    c.header('Cache-Control', 'no-store')
    c.header('Referrer-Policy', 'no-referrer')
    c.header('X-Content-Type-Options', 'nosniff')
    if (!outcome.ok) {
      c.header('Content-Security-Policy', notFoundCsp)
      return c.html(
        renderMessagePage('Classroom not found', 'This classroom link does not lead to a lesson. Ask your school or instructor for a new link.'),
        404,
      )
    }
    const n = nonce()
    const host = new URL(c.req.url).hostname
    c.header('Content-Security-Policy', embedCsp(n, outcome.page.allowedOrigins, await avOrigins(host)))
    return c.html(renderEmbedPage(outcome.page, c.req.valid('query'), n), 200)
  })
}
