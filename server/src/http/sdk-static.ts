import type { MiddlewareHandler } from 'hono'
import { serveStatic } from '@hono/node-server/serve-static'
import { etag } from 'hono/etag'

/** Vite's chunk names end in a content hash (`name-AbC123_x.js`): such a file never changes under its name. */
const hashedChunk = /-[\w-]{8}\.(js|css)(\.map)?(\.br|\.gz)?$/

/**
 * The built SDK at /sdk/, served like a product: Brotli or gzip copies made at build time (tools/precompress.mjs)
 * when the browser accepts them; hashed chunks cached for a year as immutable; the entry (`hilink.js`, whose
 * name host pages hard-code) revalidated on every load through its ETag, so a deploy reaches every page at once.
 */
export function sdkStatic(sdkDir: string): MiddlewareHandler[] {
  return [
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
