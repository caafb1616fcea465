import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'

const health = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Liveness',
  responses: {
    200: {
      description: 'The server is up',
      content: { 'application/json': { schema: z.object({ ok: z.literal(true), version: z.string() }) } },
    },
  },
})

export function healthApp(version: string) {
  return new OpenAPIHono().openapi(health, (c) => c.json({ ok: true as const, version }, 200))
}
