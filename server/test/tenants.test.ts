import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { adminKey, sessionBody, sessionWithTokens, startTestServer, tempDataDir, type TestServer } from './helpers/test-server.ts'
import { waitFor } from './helpers/sync-client.ts'

/** Issue 13, item 1: the operator manages tenants; each tenant's admin manages only itself. */

const operatorKey = 'operator-key-of-the-test-deployment-0001'

async function withServer(env: NodeJS.ProcessEnv, run: (s: TestServer) => Promise<void>, dataDir = tempDataDir()): Promise<void> {
  const server = await startTestServer(dataDir, { HILINK_OPERATOR_KEY: operatorKey, ...env })
  try {
    await run(server)
  } finally {
    await server.stop({ removeData: true })
  }
}

const settings = {
  name: 'Colegio Norte',
  productName: 'Aula Norte',
  logoUrl: 'https://cdn.norte.example/logo.svg',
  defaultLocale: 'es-mx',
  allowedOrigins: ['https://lms.norte.example', 'http://localhost:5173'],
  theme: { accent: '#0b5fff', 'font-family': '"Inter", system-ui, sans-serif' },
}

test('the operator creates, lists, reads, changes a tenant and rotates its admin key; the key is shown only then', async () => {
  await withServer({}, async (s) => {
    const created = await s.api('POST', '/api/v1/tenants', { auth: operatorKey, body: settings })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const { adminKey: tenantKey, id, ...tenant } = created.body
    assert.match(tenantKey, /^hl_admin_/)
    assert.deepEqual(
      { ...tenant, createdAt: undefined },
      { ...settings, defaultLocale: 'es-MX', createdAt: undefined, updatedAt: null },
      'the locale in its canonical form',
    )

    // The new key is the tenant's admin key: its sessions are its own.
    const session = await s.api('POST', '/api/v1/sessions', { auth: tenantKey, body: sessionBody })
    assert.equal(session.status, 201)
    assert.equal((await s.api('GET', `/api/v1/sessions/${session.body.id}`, { auth: adminKey })).status, 404, 'not the default tenant’s')

    const list = await s.api('GET', '/api/v1/tenants', { auth: operatorKey })
    assert.equal(list.status, 200)
    assert.deepEqual(list.body.tenants.map((t: { id: string }) => t.id).sort(), ['default', id].sort())
    assert.ok(!JSON.stringify(list.body).includes(tenantKey), 'keys are never listed')
    assert.ok(list.body.tenants.every((t: object) => !('adminKey' in t)))

    const one = await s.api('GET', `/api/v1/tenants/${id}`, { auth: operatorKey })
    assert.equal(one.body.productName, 'Aula Norte')
    assert.equal((await s.api('GET', '/api/v1/tenants/no-such-tenant', { auth: operatorKey })).status, 404)

    const patched = await s.api('PATCH', `/api/v1/tenants/${id}`, { auth: operatorKey, body: { productName: null, theme: { accent: 'rebeccapurple' } } })
    assert.equal(patched.status, 200, JSON.stringify(patched.body))
    assert.equal(patched.body.productName, null, 'null clears a field')
    assert.deepEqual(patched.body.theme, { accent: 'rebeccapurple' })
    assert.deepEqual(patched.body.allowedOrigins, settings.allowedOrigins, 'fields left out stay')
    assert.ok(patched.body.updatedAt)

    const rotated = await s.api('POST', `/api/v1/tenants/${id}/admin-key`, { auth: operatorKey })
    assert.equal(rotated.status, 200)
    assert.notEqual(rotated.body.adminKey, tenantKey)
    assert.equal((await s.api('GET', '/api/v1/sessions', { auth: tenantKey })).status, 401, 'the old key stops at once')
    const withNew = await s.api('GET', '/api/v1/sessions', { auth: rotated.body.adminKey })
    assert.equal(withNew.status, 200)
    assert.deepEqual(withNew.body.sessions.map((x: { id: string }) => x.id), [session.body.id])
    assert.equal((await s.api('POST', '/api/v1/tenants/no-such-tenant/admin-key', { auth: operatorKey })).status, 404)
    // The default tenant's key is configuration: set again from HILINK_ADMIN_KEY or data/admin-key on every start.
    const configured = await s.api('POST', '/api/v1/tenants/default/admin-key', { auth: operatorKey })
    assert.equal(configured.status, 409)
    assert.match(configured.body.error.message, /HILINK_ADMIN_KEY/)
    assert.equal((await s.api('GET', '/api/v1/sessions', { auth: adminKey })).status, 200, 'the default key still works')
  })
})

test('the operator key is not an admin key, and no admin key or token is the operator key', async () => {
  await withServer({}, async (s) => {
    const { sessionId, tokens } = await sessionWithTokens(s, { ada: { role: 'instructor' } })
    for (const [method, p] of [
      ['GET', '/api/v1/sessions'],
      ['GET', `/api/v1/sessions/${sessionId}`],
      ['GET', '/api/v1/tenant'],
      ['GET', '/api/v1/theme'],
    ] as const) {
      assert.equal((await s.api(method, p, { auth: operatorKey })).status, 401, `${method} ${p} with the operator key`)
    }
    for (const auth of [adminKey, tokens.ada, `${operatorKey}x`, undefined]) {
      for (const [method, p, body] of [
        ['GET', '/api/v1/tenants', undefined],
        ['POST', '/api/v1/tenants', { name: 'Sneaky' }],
        ['GET', '/api/v1/tenants/default', undefined],
        ['PATCH', '/api/v1/tenants/default', { name: 'Renamed' }],
        ['POST', '/api/v1/tenants/default/admin-key', undefined],
      ] as const) {
        const answer = await s.api(method, p, { auth, body })
        assert.equal(answer.status, 401, `${method} ${p}`)
        assert.equal(answer.body.error.code, 'unauthorized')
      }
    }
    assert.equal(s.services.tenants.list().length, 1, 'nothing was created')
    assert.equal(s.services.tenants.withSettings('default')?.name, 'Default tenant', 'nothing was renamed')
    assert.equal((await s.api('GET', '/api/v1/sessions', { auth: adminKey })).status, 200, 'the admin key was not rotated')
  })
})

test('settings are validated at the edge: origins, theme tokens, logo URL, locale', async () => {
  await withServer({}, async (s) => {
    const refused: Array<[object, RegExp]> = [
      [{ allowedOrigins: ['https://lms.example/course'] }, /allowedOrigins\.0: must be an origin/],
      [{ allowedOrigins: ['https://lms.example/'] }, /allowedOrigins\.0/],
      [{ allowedOrigins: ['javascript:alert(1)'] }, /allowedOrigins\.0/],
      [{ allowedOrigins: ['*'] }, /allowedOrigins\.0/],
      [{ theme: { Accent: 'red' } }, /theme\.Accent/],
      [{ theme: { '--hl-accent': 'red' } }, /theme/],
      [{ theme: { accent: 'red; background: url(x)' } }, /theme\.accent: token values may not contain/],
      [{ theme: { accent: 'red}</style><script>' } }, /theme\.accent/],
      [{ logoUrl: 'http://cdn.example/logo.png' }, /logoUrl: must be an https URL/],
      [{ logoUrl: 'javascript:alert(1)' }, /logoUrl/],
      [{ defaultLocale: 'fr' }, /defaultLocale: must be a BCP-47 tag in one of the supported languages: en, es/],
      [{ defaultLocale: 'not a tag' }, /defaultLocale/],
      [{ name: '' }, /name/],
      [{ name: 'x', adminKey: 'chosen-by-caller-0000000000000' }, /adminKey|Unrecognized/i],
    ]
    for (const [body, message] of refused) {
      const answer = await s.api('POST', '/api/v1/tenants', { auth: operatorKey, body: { name: 'Tenant', ...body } })
      assert.equal(answer.status, 400, JSON.stringify(body))
      assert.equal(answer.body.error.code, 'invalid_request')
      assert.match(answer.body.error.message, message, JSON.stringify(body))
    }
    assert.equal((await s.api('PATCH', '/api/v1/tenants/default', { auth: operatorKey, body: {} })).status, 400, 'an empty patch')
    const loopbackLogo = await s.api('POST', '/api/v1/tenants', { auth: operatorKey, body: { name: 'Laptop', logoUrl: 'http://localhost:8080/logo.png' } })
    assert.equal(loopbackLogo.status, 201, 'http is fine on loopback')
    assert.equal(s.services.tenants.list().length, 2, 'only the valid tenant was created')
  })
})

test('a tenant admin reads and changes its own tenant (e.g. its allowed origins), never another, and tokens cannot', async () => {
  await withServer({}, async (s) => {
    const other = await s.api('POST', '/api/v1/tenants', { auth: operatorKey, body: { name: 'Other', allowedOrigins: ['https://other.example'] } })
    const own = await s.api('GET', '/api/v1/tenant', { auth: adminKey })
    assert.equal(own.status, 200)
    assert.equal(own.body.id, 'default')
    const patched = await s.api('PATCH', '/api/v1/tenant', { auth: adminKey, body: { allowedOrigins: ['https://moodle.school.example'], defaultLocale: 'es' } })
    assert.equal(patched.status, 200, JSON.stringify(patched.body))
    assert.deepEqual(patched.body.allowedOrigins, ['https://moodle.school.example'])
    const seenByOperator = await s.api('GET', '/api/v1/tenants/default', { auth: operatorKey })
    assert.deepEqual(seenByOperator.body.allowedOrigins, ['https://moodle.school.example'])
    assert.equal((await s.api('GET', '/api/v1/theme', { auth: adminKey })).body.defaultLocale, 'es', 'the theme follows')
    assert.deepEqual(s.services.tenants.withSettings(other.body.id)?.allowedOrigins, ['https://other.example'], 'the other tenant is untouched')

    const { tokens } = await sessionWithTokens(s, { ada: { role: 'instructor' } })
    assert.equal((await s.api('GET', '/api/v1/tenant', { auth: tokens.ada })).status, 404, 'a token reaches only its session')
    assert.equal((await s.api('PATCH', '/api/v1/tenant', { auth: tokens.ada, body: { name: 'x' } })).status, 404)
    assert.equal((await s.api('PATCH', '/api/v1/tenant', { auth: adminKey, body: { theme: { accent: 'red;' } } })).status, 400)
  })
})

test('failed operator keys count as failed sign-ins: 429 with Retry-After once over the limit', async () => {
  await withServer({ HILINK_AUTH_FAILURES_PER_MINUTE: '3' }, async (s) => {
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${s.url}/api/v1/tenants`, { headers: { authorization: `Bearer operator-guess-${i}-00000000000000000` } })
      statuses.push(res.status)
      if (res.status === 429) assert.ok(Number(res.headers.get('retry-after')) > 0)
    }
    assert.deepEqual(statuses, [401, 401, 401, 429, 429])
    // The limiter's rule: an address over the limit is refused only for credentials that fail.
    const right = await fetch(`${s.url}/api/v1/tenants`, { headers: { authorization: `Bearer ${operatorKey}` } })
    assert.equal(right.status, 200)
    // Guesses at the operator key's own prefix block that prefix, the right key included, until the window ends.
    for (let i = 0; i < 4; i++) await fetch(`${s.url}/api/v1/tenants`, { headers: { authorization: `Bearer ${operatorKey.slice(0, 12)}-guess-${i}` } })
    assert.equal((await fetch(`${s.url}/api/v1/tenants`, { headers: { authorization: `Bearer ${operatorKey}` } })).status, 429)
  })
})

test('without HILINK_OPERATOR_KEY a key is generated once into the data dir (0600) and kept across restarts', async () => {
  const dataDir = tempDataDir()
  const first = await startTestServer(dataDir)
  let generated: string | undefined
  try {
    generated = first.services.generatedOperatorKey
    assert.ok(generated && generated.length >= 24)
    const file = path.join(dataDir, 'operator-key')
    assert.equal(fs.readFileSync(file, 'utf8').trim(), generated)
    assert.equal(fs.statSync(file).mode & 0o777, 0o600)
    assert.equal((await first.api('GET', '/api/v1/tenants', { auth: generated })).status, 200)
    assert.equal((await first.api('GET', '/api/v1/sessions', { auth: generated })).status, 401, 'not an admin key')
  } finally {
    await first.stop()
  }
  const second = await startTestServer(dataDir)
  try {
    assert.equal(second.services.generatedOperatorKey, undefined, 'generated (and printed) only on the first start')
    assert.equal((await second.api('GET', '/api/v1/tenants', { auth: generated })).status, 200)
  } finally {
    await second.stop({ removeData: true })
  }
  await assert.rejects(startTestServer(tempDataDir(), { HILINK_OPERATOR_KEY: 'short' }), /at least 24 characters/)
  await assert.rejects(startTestServer(tempDataDir(), { HILINK_OPERATOR_KEY: adminKey }), /must differ from the admin key/)
})

test('HILINK_ADMIN_KEY works as the README says: any string of at least 24 characters, whatever its shape', async () => {
  for (const key of ['no-prefix-chosen-by-the-operator-0001', 'looks.like.a-jwt-but-is-an-admin-key']) {
    await withServer({ HILINK_ADMIN_KEY: key }, async (s) => {
      const { sessionId, tokens } = await sessionWithTokens(s, { ada: { role: 'instructor' } }, key)
      assert.equal((await s.api('GET', `/api/v1/sessions/${sessionId}`, { auth: tokens.ada })).status, 200)
      assert.equal((await s.api('GET', '/api/v1/tenant', { auth: key })).body.id, 'default')
    })
  }
  await assert.rejects(startTestServer(tempDataDir(), { HILINK_ADMIN_KEY: 'too-short' }), /HILINK_ADMIN_KEY must be at least 24 characters/)
})

/** `npm start` as a child process until it has said what it says about the operator key; answers its output. */
async function startOutput(dataDir: string): Promise<string> {
  const { HILINK_OPERATOR_KEY: _op, HILINK_ADMIN_KEY: _admin, ...inherited } = process.env
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '../src/main.ts')], {
    env: { ...inherited, PORT: '0', HOST: '127.0.0.1', HILINK_DATA_DIR: dataDir, HILINK_AV: 'off', HILINK_TRANSCRIPTION: 'off' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  let exitCode: number | null = null
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.once('exit', (code) => (exitCode = code))
  try {
    await waitFor(() => exitCode !== null || /Operator key: stored in|Generated an operator key[^\n]*\n\s+\S+/.test(out), 60_000, 'the operator key line')
    assert.equal(exitCode, null, `the server exited: ${out}`)
  } finally {
    if (exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
  }
  return out
}

test('the generated operator key is printed on the first start only; later starts say where it is stored', async () => {
  const dataDir = tempDataDir()
  try {
    const first = await startOutput(dataDir)
    const key = fs.readFileSync(path.join(dataDir, 'operator-key'), 'utf8').trim()
    assert.ok(first.includes(key), 'printed once, to copy')
    const second = await startOutput(dataDir)
    assert.ok(!second.includes(key), 'never again')
    assert.match(second, /Operator key: stored in .*operator-key/)
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
})

test('/openapi.json documents the tenants API under its own security scheme, the operator key', async () => {
  await withServer({}, async (s) => {
    const doc = (await s.api('GET', '/openapi.json')).body
    assert.equal(doc.components.securitySchemes.operator.scheme, 'bearer')
    for (const [p, method] of [['/api/v1/tenants', 'post'], ['/api/v1/tenants', 'get'], ['/api/v1/tenants/{id}', 'get'], ['/api/v1/tenants/{id}', 'patch'], ['/api/v1/tenants/{id}/admin-key', 'post']] as const) {
      assert.deepEqual(doc.paths[p]?.[method]?.security, [{ operator: [] }], `${method} ${p}`)
    }
    for (const [p, method] of [['/api/v1/tenant', 'get'], ['/api/v1/tenant', 'patch'], ['/api/v1/theme', 'get']] as const) {
      assert.deepEqual(doc.paths[p]?.[method]?.security, [{ bearer: [] }], `${method} ${p}`)
    }
  })
})
