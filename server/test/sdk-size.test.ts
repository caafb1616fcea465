import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { coreBudgetBytes, measureSdk } from '../../tools/sdk-size.mjs'

/** The SDK's core stays within its budget and without zod (issue #13); `npm run build` made dist/sdk. */
const sdkDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/sdk')

test('the core SDK is within its budget (60 KB gzipped), without zod; AV, whiteboard, staff views, the poll launch form and insights are lazy chunks', () => {
  const { core, lazy, hasZod } = measureSdk(sdkDir)
  assert.ok(core.gzip <= coreBudgetBytes, `core ${core.gzip} B gzipped > budget ${coreBudgetBytes} B (npm run bench:sdk shows the parts; files: ${core.files.join(', ')})`)
  assert.equal(hasZod, false, 'no zod in the core (the server validates; the client reads with small guards)')
  const lazyNames = lazy.map((c) => c.entry.replace(/-[\w-]{8}\.js$/, ''))
  for (const name of ['av-stage', 'whiteboard', 'whiteboard-island', 'summary-review', 'engagement-panel', 'insights', 'poll-launcher', 'inherited-theme', 'livekit-client.esm', 'chart']) {
    assert.ok(lazyNames.includes(name), `${name} is a lazy chunk (lazy: ${lazyNames.join(', ')})`)
  }
  for (const file of core.files) assert.doesNotMatch(file, /^(av-stage|whiteboard|summary-review|engagement-panel|insights|poll-launcher|inherited-theme|livekit|chart)-/, `${file} is not in the core`)
})
