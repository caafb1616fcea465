// Starts the real HiLink server (`server/src/main.ts`) as a child process on a free loopback port with a
// temp data dir. Used by the component and e2e test setups, which run outside tsx.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export async function spawnHiLinkServer({ env = {} } = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilink-browser-test-'))
  const adminKey = `hl_admin_browser-tests-${Math.random().toString(36).slice(2)}${'0'.repeat(16)}`
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'server/src/main.ts')], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', HILINK_DATA_DIR: dataDir, HILINK_ADMIN_KEY: adminKey, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match) resolve(match[1])
    })
    child.once('exit', (code) => reject(new Error(`HiLink server exited with ${code}: ${out}`)))
  })
  async function api(method, p, body, auth = adminKey) {
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
    adminKey,
    api,
    createSession,
    async stop() {
      child.kill('SIGTERM')
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)))
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
