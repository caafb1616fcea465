// Starts the real HiLink server (`server/src/main.ts`) as a child process on a free loopback port with a
// temp data dir. Used by the component and e2e test setups, the durability tests and the benchmarks.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * Runs an entry point and waits for it to print "listening on http://…": TypeScript through tsx, a built
 * JavaScript module (`.mjs`, e.g. dist/server/main.mjs, what `npm start` runs) with plain Node.
 */
export async function spawnListening(entry, env = {}) {
  const args = entry.endsWith('.mjs') ? [entry] : ['--import', 'tsx', entry]
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match) resolve(match[1])
    })
    child.once('exit', (code) => reject(new Error(`${path.basename(entry)} exited with ${code}: ${out}`)))
  })
  return { url, child }
}

export async function stopChild(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill(signal)
  await exited
}

/**
 * The HiLink server in its own process. A given `dataDir` is kept on stop (restart tests); otherwise a temp
 * dir is made and removed.
 */
export async function spawnHiLinkServer({ env = {}, dataDir, adminKey, built = false } = {}) {
  const ownDir = !dataDir
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hilink-browser-test-'))
  const key = adminKey ?? `hl_admin_browser-tests-${Math.random().toString(36).slice(2)}${'0'.repeat(16)}`
  // `built`: the server as `npm start` runs it (benchmarks measure that); tests run the sources.
  const entry = built ? path.join(repoRoot, 'dist/server/main.mjs') : path.join(repoRoot, 'server/src/main.ts')
  const { url, child } = await spawnListening(entry, {
    PORT: '0',
    HOST: '127.0.0.1',
    HILINK_DATA_DIR: dir,
    HILINK_ADMIN_KEY: key,
    // No SFU child process unless a test asks for AV (HILINK_AV: 'embedded').
    HILINK_AV: 'off',
    ...env,
  })
  async function api(method, p, body, auth = key) {
    const res = await fetch(url + p, {
      method,
      headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = await res.json()
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`)
    return json
  }
  /** Creates a session and mints a token for each `{ userId, name, role }`. */
  async function createSession(people, title = 'Test lesson') {
    const now = Date.now()
    const session = await api('POST', '/api/v1/sessions', {
      title,
      scheduledStart: new Date(now).toISOString(),
      scheduledEnd: new Date(now + 3600_000).toISOString(),
      courseId: 'course-1',
      instructorId: 'teacher-1',
    })
    const tokens = {}
    for (const p of people) tokens[p.userId] = (await api('POST', `/api/v1/sessions/${session.id}/tokens`, p)).token
    return { sessionId: session.id, tokens }
  }
  return {
    url,
    adminKey: key,
    child,
    api,
    createSession,
    async stop(signal = 'SIGTERM') {
      await stopChild(child, signal)
      if (ownDir) fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
