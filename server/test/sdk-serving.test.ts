import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { useTestServer } from './helpers/test-server.ts'

/** /sdk/ as a host page's browser meets it: compressed, cacheable, revalidated (`npm run build` made dist/sdk). */
const testServer = useTestServer()
const sdkDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/sdk')

test('the SDK entry comes precompressed, minified, and revalidated through its ETag', async () => {
  const url = `${testServer().url}/sdk/hilink.js`
  for (const encoding of ['br', 'gzip']) {
    const res = await fetch(url, { headers: { 'accept-encoding': encoding } })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-encoding'), encoding)
    assert.match(res.headers.get('content-type') ?? '', /javascript/)
    assert.equal(res.headers.get('cache-control'), 'no-cache')
    assert.match(res.headers.get('vary') ?? '', /accept-encoding/i)
    const body = await res.text() // fetch decodes it: the same module either way
    assert.ok(body.startsWith('import'), 'a JavaScript module')
    // Unminified output names each module in a comment and indents; template literals keep their own lines.
    assert.ok(!body.includes('\n// node_modules/'), 'minified: no module comments')
    assert.ok(body.length / body.split('\n').length > 150, 'minified: long lines')
  }
  const first = await fetch(url, { headers: { 'accept-encoding': 'br' } })
  const tag = first.headers.get('etag')
  await first.arrayBuffer()
  assert.ok(tag, 'an ETag')
  const again = await fetch(url, { headers: { 'accept-encoding': 'br', 'if-none-match': tag } })
  assert.equal(again.status, 304)
  await again.arrayBuffer()
})

test('hashed chunks are cached for a year as immutable', async () => {
  const chunk = fs.readdirSync(sdkDir).find((f) => /-[\w-]{8}\.js$/.test(f))
  assert.ok(chunk, 'the build has hashed chunks')
  const res = await fetch(`${testServer().url}/sdk/${chunk}`, { headers: { 'accept-encoding': 'gzip' } })
  assert.equal(res.status, 200)
  assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable')
  assert.equal(res.headers.get('content-encoding'), 'gzip')
  await res.arrayBuffer()
})
