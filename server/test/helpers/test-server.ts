import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { before, after } from 'node:test'
import { configFromEnv } from '../../src/config.ts'
import { startServer, type RunningServer } from '../../src/main.ts'

export const adminKey = 'hl_admin_test-key-of-tenant-default-0000'

export interface TestServer extends RunningServer {
  dataDir: string
  /** Calls the API with an admin key or token; answers status and parsed JSON body. */
  api(method: string, path: string, opts?: { auth?: string; body?: unknown; rawBody?: string }): Promise<ApiAnswer>
  /** Stops the server; keeps the data dir unless `removeData`. */
  stop(opts?: { removeData?: boolean }): Promise<void>
}

export interface ApiAnswer {
  status: number
  body: any // eslint-disable-line @typescript-eslint/no-explicit-any -- test convenience: JSON of any shape
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hilink-test-'))
}

/** The real server on a loopback port with a temp SQLite file. */
export async function startTestServer(dataDir = tempDataDir(), env: NodeJS.ProcessEnv = {}): Promise<TestServer> {
  const running = await startServer(
    // AV is off in tests unless one asks for it (HILINK_AV=embedded, or LIVEKIT_URL): no SFU process per test server.
    configFromEnv({ PORT: '0', HOST: '127.0.0.1', HILINK_DATA_DIR: dataDir, HILINK_ADMIN_KEY: adminKey, ...(env.LIVEKIT_URL ? {} : { HILINK_AV: 'off' }), ...env }),
  )
  return {
    ...running,
    dataDir,
    api: (method, p, opts = {}) => callApi(running.url, method, p, opts),
    async stop({ removeData = false } = {}) {
      await running.close()
      if (removeData) fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export async function callApi(
  baseUrl: string,
  method: string,
  p: string,
  opts: { auth?: string; body?: unknown; rawBody?: string } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = {}
  if (opts.auth) headers.authorization = `Bearer ${opts.auth}`
  let body: string | undefined
  if (opts.rawBody !== undefined) body = opts.rawBody
  else if (opts.body !== undefined) body = JSON.stringify(opts.body)
  if (body !== undefined) headers['content-type'] = 'application/json'
  const send = () => fetch(baseUrl + p, { method, headers, body })
  const res = await send()
    // A reused keep-alive socket the server had just closed ("other side closed": @hono/node-server closes a
    // connection whose refused request body it could not drain within 500 ms, which a loaded test machine
    // hits): the request never reached the server. Browsers retry once on a fresh connection; so do we.
    .catch((err: unknown) => (socketClosed(err) ? send() : Promise.reject(err)))
    .catch((err: unknown) => {
      // undici says only "fetch failed"; the cause (reset, refused…) is what a failing test needs to show.
      const cause = (err as { cause?: { code?: string; message?: string } }).cause
      throw new Error(`${method} ${p}: fetch failed (${cause?.code ?? ''} ${cause?.message ?? String(err)})`)
    })
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed }
}

function socketClosed(err: unknown): boolean {
  return (err as { cause?: { code?: string } }).cause?.code === 'UND_ERR_SOCKET'
}

export const sessionBody = {
  title: 'Fractions, lesson 3',
  scheduledStart: '2026-12-01T09:00:00Z',
  scheduledEnd: '2026-12-01T10:00:00Z',
  courseId: 'math-7',
  instructorId: 'teacher-1',
}

/** Creates a session with the admin key and mints one token per requested role. */
export async function sessionWithTokens<R extends string>(
  server: { api: TestServer['api'] },
  people: Record<R, { role: 'instructor' | 'ta' | 'learner' | 'observer'; name?: string; ttlSeconds?: number }>,
  key = adminKey,
): Promise<{ sessionId: string; tokens: Record<R, string> }> {
  const created = await server.api('POST', '/api/v1/sessions', { auth: key, body: sessionBody })
  if (created.status !== 201) throw new Error(`create session: ${created.status} ${JSON.stringify(created.body)}`)
  const sessionId = created.body.id as string
  const tokens = {} as Record<R, string>
  for (const [userId, p] of Object.entries(people) as Array<[R, (typeof people)[R]]>) {
    const minted = await server.api('POST', `/api/v1/sessions/${sessionId}/tokens`, {
      auth: key,
      body: { userId, name: p.name ?? userId, role: p.role, ...(p.ttlSeconds ? { ttlSeconds: p.ttlSeconds } : {}) },
    })
    if (minted.status !== 201) throw new Error(`mint: ${minted.status} ${JSON.stringify(minted.body)}`)
    tokens[userId] = minted.body.token as string
  }
  return { sessionId, tokens }
}

/**
 * A live session with a class of five (Ada instructor, Tom TA, Grace and Alan learners, Olga observer) and an
 * `api` bound to the session's path.
 */
export async function liveClass(server: { api: TestServer['api'] }) {
  const { sessionId, tokens } = await sessionWithTokens(server, {
    ada: { role: 'instructor', name: 'Ada' },
    tom: { role: 'ta', name: 'Tom' },
    grace: { role: 'learner', name: 'Grace' },
    alan: { role: 'learner', name: 'Alan' },
    olga: { role: 'observer', name: 'Olga' },
  })
  const started = await server.api('POST', `/api/v1/sessions/${sessionId}/start`, { auth: tokens.ada })
  if (started.status !== 200) throw new Error(`start: ${started.status} ${JSON.stringify(started.body)}`)
  const api = (method: string, path: string, auth: string, body?: unknown) =>
    server.api(method, `/api/v1/sessions/${sessionId}${path}`, { auth, ...(body === undefined ? {} : { body }) })
  return { sessionId, tokens, api }
}

export const otherTenantKey = 'hl_admin_other-tenant-key-000000000000'

/**
 * One test server for a whole test file, with a second tenant ('other', `otherTenantKey`) for isolation
 * checks. Registers before/after hooks; `cleanup` runs first on teardown (e.g. closing clients).
 */
export function useTestServer(cleanup: () => void = () => {}): () => TestServer {
  let server: TestServer | undefined
  before(async () => {
    server = await startTestServer()
    server.services.tenants.create('Other school', otherTenantKey, 'other')
  })
  after(async () => {
    cleanup()
    await server?.stop({ removeData: true })
  })
  return () => {
    if (!server) throw new Error('the test server starts in before()')
    return server
  }
}
