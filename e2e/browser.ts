import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, before } from 'node:test'
import { chromium, type Browser } from 'playwright-core'
import { spawnHiLinkServer, type SpawnedServer } from '../tools/spawn-server.mjs'
import { chromiumArgs, chromiumPath } from '../tools/chromium.mjs'

/**
 * Debian's Chromium through playwright-core, with the project's one set of launch flags. `fakeAudioFile`
 * makes the fake microphone play that WAV (in a loop).
 */
export function launchChromium(opts: { fakeAudioFile?: string } = {}): Promise<Browser> {
  const args = [...chromiumArgs]
  if (opts.fakeAudioFile) args.push(`--use-file-for-fake-audio-capture=${opts.fakeAudioFile}`)
  return chromium.launch({ executablePath: chromiumPath, args, headless: true })
}

/**
 * Runs axe-core in the page and answers its violations (WCAG 2 A/AA rules), each as "rule: target, …", so a
 * test can `assert.deepEqual(await axeViolations(page), [])` and read what is wrong when it fails. Shadow roots
 * are included: axe walks open shadow DOM by itself.
 */
export async function axeViolations(page: import('playwright-core').Page, context: string = 'body'): Promise<string[]> {
  const { createRequire } = await import('node:module')
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath })
  const violations = await page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run(c: string, o: object): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe
    const result = await axe.run(selector, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } })
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`)
  }, context)
  return violations
}

/** What `useServerAndChromium()` gives a test file: valid inside its tests (after `before`). */
export interface ServerAndChromium {
  /** The HiLink server of this file (the new one after `startServer()`). */
  readonly server: SpawnedServer
  readonly browser: Browser
  /** The server's SQLite data dir: kept across `stopServer()`/`startServer()`, removed after the file's tests. */
  readonly dataDir: string
  /** Stops the server; `SIGKILL` is a crash (no goodbye to the pages). Its data and admin key are kept. */
  stopServer(signal?: NodeJS.Signals): Promise<void>
  /** Starts the server again with the same data and admin key on the same loopback port: pages reconnect by themselves. */
  startServer(): Promise<SpawnedServer>
  /** Resolves once the server and Chromium are up: for a file's own `before` that needs them. */
  started(): Promise<void>
}

/**
 * The setup most e2e files share: registers node:test `before` (the real server in its own process, on a
 * loopback port with a temp data dir, and Debian's Chromium) and `after` (closes both, removes the data).
 * Top-level `before` hooks start together (Node 20 does not wait for one before the next): a file's own `before`
 * that needs the server awaits `started()` first.
 */
export function useServerAndChromium(opts: { env?: Record<string, string>; chromium?: { fakeAudioFile?: string } } = {}): ServerAndChromium {
  let server: SpawnedServer | undefined
  let browser: Browser | undefined
  let dataDir: string | undefined
  const adminKey = `hl_admin_e2e-${Math.random().toString(36).slice(2)}${'0'.repeat(16)}`
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useServerAndChromium: the ${what} is there only inside tests (after before())`)
    return value
  }
  let port: string | undefined
  let startup: Promise<void> | undefined
  before(() => {
    startup = (async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilink-e2e-'))
      server = await spawnHiLinkServer({ dataDir, adminKey, env: opts.env })
      port = new URL(server.url).port
      browser = await launchChromium(opts.chromium)
    })()
    return startup
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  })
  return {
    get server() {
      return ready(server, 'server')
    },
    get browser() {
      return ready(browser, 'browser')
    },
    get dataDir() {
      return ready(dataDir, 'data dir')
    },
    async stopServer(signal) {
      await ready(server, 'server').stop(signal)
    },
    started() {
      return ready(startup, 'startup')
    },
    async startServer() {
      server = await spawnHiLinkServer({ dataDir: ready(dataDir, 'data dir'), adminKey, env: { ...opts.env, PORT: ready(port, 'port') } })
      return server
    },
  }
}

/**
 * Where a test puts the screenshots that docs/ shows: docs/images only when `HILINK_UPDATE_DOCS_IMAGES=1` (to
 * regenerate them), else a temp folder (`$TMPDIR/hilink-docs-images`, overwritten each run), so that running the
 * tests leaves the repository as it was.
 */
export function docsImagesDir(): string {
  const dir =
    process.env.HILINK_UPDATE_DOCS_IMAGES === '1'
      ? path.resolve(import.meta.dirname, '../docs/images')
      : path.join(os.tmpdir(), 'hilink-docs-images')
  fs.mkdirSync(dir, { recursive: true })
  return dir
}

/** A host page server: the pages a test puts in `pages` (by path), on a loopback port of its own. */
export interface HostServer {
  /** Another origin than HiLink's (its own port). */
  origin: string
  pages: Map<string, string>
  close(): Promise<void>
}

/** A plain host page server on its own loopback port: another origin than HiLink's, for embedding tests. */
export async function hostServer(): Promise<HostServer> {
  const pages = new Map<string, string>()
  const server = http.createServer((req, res) => {
    const body = pages.get((req.url ?? '/').split('?')[0] ?? '/')
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' })
    res.end(body ?? 'not found')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    pages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
