import { randomBytes } from 'node:crypto'
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { z } from 'zod'
import { describeIssues } from '../http/openapi.ts'
import type { EmbedService } from './embed-service.ts'
import { messageLocale, messageLocales, type MessageLocale } from '../http/locale.ts'
import { embedCsp, embedMessages, notFoundCsp, renderEmbedPage, renderMessagePage } from './embed-page.ts'

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

/**
 * The language of a refusal page: the link's own `?locale=` (what the classroom would have spoken), else the
 * browser's Accept-Language, else English. No tenant default: a refused link has no session to take it from.
 */
function refusalLocale(c: Context): MessageLocale {
  const asked = c.req.query('locale')?.toLowerCase().split('-')[0]
  if ((messageLocales as readonly string[]).includes(asked ?? '')) return asked as MessageLocale
  return messageLocale(c, () => undefined)
}

function nonce(): string {
  return randomBytes(18).toString('base64')
}

/** `GET /embed/:sessionId`: a page, not the JSON API, so its refusals are pages too. */
export function embedApp({ embed, avOrigins }: EmbedDeps) {
  return new OpenAPIHono({
    defaultHook: (result, c) => {
      if (result.success) return
      c.header('Content-Security-Policy', notFoundCsp)
      const locale = refusalLocale(c)
      return c.html(renderMessagePage(embedMessages[locale].invalidTitle, describeIssues(result.error, locale), locale), 400)
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
      c.header('Vary', 'Accept-Language')
      const locale = refusalLocale(c)
      const words = embedMessages[locale]
      return c.html(renderMessagePage(words.notFoundTitle, words.notFoundText, locale), 404)
    }
    const n = nonce()
    const host = new URL(c.req.url).hostname
    c.header('Content-Security-Policy', embedCsp(n, outcome.page.allowedOrigins, await avOrigins(host)))
    return c.html(renderEmbedPage(outcome.page, c.req.valid('query'), n), 200)
  })
}
