import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { avModes, type AvMode } from '@hilink/protocol'
import { z } from 'zod'

const health = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Liveness, and how audio/video is provided',
  responses: {
    200: {
      description: 'The server is up',
      content: {
        'application/json': {
          schema: z.object({
            ok: z.literal(true),
            version: z.string(),
            /** embedded: HiLink's own LiveKit SFU; external: LIVEKIT_URL; off: no audio/video. */
            av: z.enum(avModes),
          }),
        },
      },
    },
  },
})

export function healthApp(version: string, avMode: () => AvMode = () => 'off') {
  return new OpenAPIHono().openapi(health, (c) => c.json({ ok: true as const, version, av: avMode() }, 200))
}
