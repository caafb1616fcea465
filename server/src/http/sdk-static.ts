import type { MiddlewareHandler } from 'hono'
import { serveStatic } from '@hono/node-server/serve-static'
import { etag } from 'hono/etag'
import { cors } from 'hono/cors'

/** Vite's chunk names end in a content hash (`name-AbC123_x.js`): such a file never changes under its name. */
const hashedChunk = /-[\w-]{8}\.(js|css)(\.map)?(\.br|\.gz)?$/

/**
 * The built SDK at /sdk/, served like a product: Brotli or gzip copies made at build time (tools/precompress.mjs)
 * when the browser accepts them; hashed chunks cached for a year as immutable; the entry (`hilink.js`, whose
 * name host pages hard-code) revalidated on every load through its ETag, so a deploy reaches every page at once.
 */
export function sdkStatic(sdkDir: string): MiddlewareHandler[] {
  return [
    // Host pages on any origin load the SDK as a module script and its chunks by import(): both are CORS
    // requests. The SDK is public code fetched without credentials, so any origin may have it (like a CDN).
    cors({ origin: '*', maxAge: 600 }),
    etag({ weak: true }),
    serveStatic({
      root: sdkDir,
      precompressed: true,
      rewriteRequestPath: (p) => p.replace(/^\/sdk/, ''),
      onFound: (file, c) => {
        c.header('Cache-Control', hashedChunk.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
    }),
  ]
}
