import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import { build } from 'vite'
import { useServerAndChromium } from './browser.ts'

/**
 * docs/examples/react and docs/examples/vue are built with Vite against the workspace's @hilink/elements, served
 * from their own origin, and opened in Chromium with a real token: each app renders <hl-classroom> with its
 * framework's bindings (React 19 properties and `onhl-…` listeners; Vue with `isCustomElement`), the classroom
 * connects, and the app hears `hl-status-change`.
 */
const examplesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/examples')
const timeout = { timeout: 20_000 }

const e2e = useServerAndChromium()
let outDir: string
const statics: http.Server[] = []
before(() => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilink-examples-build-'))
})
after(() => {
  for (const s of statics) s.close()
  fs.rmSync(outDir, { recursive: true, force: true })
})

/** Serves a built app on a loopback port of its own (another origin than the HiLink server). */
async function serve(dir: string): Promise<string> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' }
  const s = http.createServer((req, res) => {
    const file = path.join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname))
    const target = file.endsWith('/') ? path.join(file, 'index.html') : file
    if (!target.startsWith(dir) || !fs.existsSync(target) || fs.statSync(target).isDirectory()) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': types[path.extname(target)] ?? 'application/octet-stream' })
    fs.createReadStream(target).pipe(res)
  })
  statics.push(s)
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`
}

async function buildExample(name: 'react' | 'vue'): Promise<{ dir: string; code: string }> {
  const dir = path.join(outDir, name)
  await build({ configFile: path.join(examplesDir, name, 'vite.config.js'), logLevel: 'silent', build: { outDir: dir, emptyOutDir: true } })
  const assets = path.join(dir, 'assets')
  const code = fs
    .readdirSync(assets)
    .filter((f) => f.startsWith('index-') && f.endsWith('.js'))
    .map((f) => fs.readFileSync(path.join(assets, f), 'utf8'))
    .join('\n')
  return { dir, code }
}

for (const name of ['react', 'vue'] as const) {
  test(`the ${name} example builds against @hilink/elements and runs a classroom in Chromium`, async () => {
    const { dir, code } = await buildExample(name)
    assert.match(code, /hl-classroom/, 'the app renders the element')
    assert.match(code, /hl-status-change|HlStatusChange/, 'the app listens to the SDK event')
    if (name === 'vue') assert.doesNotMatch(code, /resolveComponent\("hl-classroom"\)/, 'Vue treats hl-* as custom elements')
    const origin = await serve(dir)
    const { tokens } = await e2e.server.createSession([{ userId: 'ada', name: 'Ada', role: 'instructor' }], `A ${name} host`)
    const page = await (await e2e.browser.newContext()).newPage()
    const problems: string[] = []
    page.on('pageerror', (err) => problems.push(err.message))
    await page.goto(`${origin}/?server=${encodeURIComponent(e2e.server.url)}#token=${tokens.ada}`)
    // The app's own text, set from the event's detail: the listener is wired and the classroom is connected.
    await page.getByRole('status').filter({ hasText: 'Classroom: live' }).first().waitFor(timeout)
    // The element got its properties: it shows the session's roster with this person in it.
    await page.locator('hl-classroom hl-roster [part="participant"]').filter({ hasText: 'Ada' }).waitFor(timeout)
    assert.equal(await page.evaluate(() => customElements.get('hl-classroom') !== undefined), true)
    assert.deepEqual(problems, [])
    await page.context().close()
  })
}
