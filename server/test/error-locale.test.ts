import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { adminKey, sessionBody, sessionWithTokens, startTestServer, type TestServer } from './helpers/test-server.ts'
import { esMessages, esPatterns } from '../src/http/messages.es.ts'

/** Issue 10, item 7: the server's error messages follow Accept-Language (then the tenant's default); `code` never changes. */

const operatorKey = 'operator-key-of-the-error-locale-test-0001'

interface Answer {
  status: number
  headers: Headers
  error: { code: string; message: string }
}

async function call(s: TestServer, method: string, p: string, opts: { auth?: string; body?: unknown; raw?: string; lang?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {}
  if (opts.auth) headers.authorization = `Bearer ${opts.auth}`
  if (opts.lang) headers['accept-language'] = opts.lang
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body))
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(s.url + p, { method, headers, body })
  const answer = (await res.json()) as { error: Answer['error'] }
  return { status: res.status, headers: res.headers, error: answer.error }
}

test('each error code answers in Spanish to a Spanish Accept-Language and in English otherwise, with the same code', async () => {
  const s = await startTestServer(undefined, { HILINK_WRITES_PER_MINUTE: '5' })
  try {
    const { sessionId, tokens } = await sessionWithTokens(s, { ada: { role: 'learner' }, tess: { role: 'instructor' } })
    assert.equal((await call(s, 'POST', `/api/v1/sessions/${sessionId}/start`, { auth: tokens.tess })).status, 200)
    const cases: Array<{ name: string; status: number; code: string; es: RegExp; request: () => [string, string, { auth?: string; body?: unknown; raw?: string }] }> = [
      { name: 'validation', status: 400, code: 'invalid_request', es: /^title: Entrada inválida: se esperaba texto; scheduledEnd: /,
        request: () => ['POST', '/api/v1/sessions', { auth: adminKey, body: { ...sessionBody, title: 42, scheduledEnd: 'soon' } }] },
      { name: 'malformed JSON', status: 400, code: 'malformed_json', es: /^El cuerpo de la petición no es JSON válido\.$/,
        request: () => ['POST', '/api/v1/sessions', { auth: adminKey, raw: '{' }] },
      { name: 'no credential', status: 401, code: 'unauthorized', es: /^Envíe Authorization: Bearer/,
        request: () => ['GET', '/api/v1/sessions', {}] },
      { name: 'unknown session', status: 404, code: 'not_found', es: /^No existe esa sesión\.$/,
        request: () => ['GET', '/api/v1/sessions/00000000-0000-4000-8000-000000000000', { auth: adminKey }] },
      { name: 'unknown route', status: 404, code: 'not_found', es: /^No hay ninguna ruta para GET \/api\/v1\/nowhere\.$/,
        request: () => ['GET', '/api/v1/nowhere', { auth: adminKey }] },
      { name: 'state conflict', status: 409, code: 'conflict', es: /^Solo se puede iniciar una sesión programada\.$/,
        request: () => ['POST', `/api/v1/sessions/${sessionId}/start`, { auth: tokens.tess }] },
      { name: 'role', status: 403, code: 'forbidden', es: /^El rol learner no puede hacer esto/,
        request: () => ['POST', `/api/v1/sessions/${sessionId}/end`, { auth: tokens.ada }] },
    ]
    for (const c of cases) {
      const [method, p, opts] = c.request()
      const en = await call(s, method, p, { ...opts, lang: 'en-GB,en;q=0.9' })
      const es = await call(s, method, p, { ...opts, lang: 'es-MX,es;q=0.9,en;q=0.5' })
      const none = await call(s, method, p, opts)
      for (const a of [en, es, none]) {
        assert.equal(a.status, c.status, `${c.name}: ${JSON.stringify(a.error)}`)
        assert.equal(a.error.code, c.code, c.name)
      }
      assert.match(es.error.message, c.es, c.name)
      assert.equal(es.headers.get('content-language'), 'es', c.name)
      assert.doesNotMatch(en.error.message, c.es, c.name)
      assert.equal(none.error.message, en.error.message, `${c.name}: English without the header`)
      assert.equal(en.headers.get('content-language'), 'en', c.name)
      assert.match(es.headers.get('vary') ?? '', /Accept-Language/i, c.name)
    }
    // French first, Spanish second: the first language the server has wins; French alone gets English.
    const frEs = await call(s, 'GET', '/api/v1/sessions', { lang: 'fr-FR, es;q=0.8' })
    assert.match(frEs.error.message, /^Envíe/)
    const frOnly = await call(s, 'GET', '/api/v1/sessions', { lang: 'fr' })
    assert.match(frOnly.error.message, /^Send Authorization/)
    // Spanish refused outright (q=0) is not Spanish.
    assert.match((await call(s, 'GET', '/api/v1/sessions', { lang: 'es;q=0, en' })).error.message, /^Send Authorization/)

    // 429 (a participant's writes over the limit of 5 a minute): Spanish with the number in it, Retry-After kept.
    let limited: Answer | undefined
    for (let i = 0; i < 10 && !limited; i++) {
      const a = await call(s, 'PUT', `/api/v1/sessions/${sessionId}/hand`, { auth: tokens.ada, body: { raised: true }, lang: 'es' })
      if (a.status === 429) limited = a
    }
    assert.ok(limited, 'a sixth write within a minute is refused')
    assert.equal(limited.error.code, 'rate_limited')
    assert.equal(limited.error.message, 'Como mucho 5 cambios por minuto; inténtelo de nuevo en breve.')
    assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/)
  } finally {
    await s.stop({ removeData: true })
  }
})

test('without Accept-Language a tenant whose default locale is Spanish gets Spanish; the header still wins', async () => {
  const s = await startTestServer(undefined, { HILINK_OPERATOR_KEY: operatorKey })
  try {
    const created = await s.api('POST', '/api/v1/tenants', { auth: operatorKey, body: { name: 'Colegio Sur', defaultLocale: 'es-AR' } })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const key = created.body.adminKey as string
    const missing = '/api/v1/sessions/00000000-0000-4000-8000-000000000000'
    assert.equal((await call(s, 'GET', missing, { auth: key })).error.message, 'No existe esa sesión.')
    assert.equal((await call(s, 'GET', missing, { auth: key, lang: 'en' })).error.message, 'No such session.')
    // The default tenant has no default locale: English.
    assert.equal((await call(s, 'GET', missing, { auth: adminKey })).error.message, 'No such session.')
  } finally {
    await s.stop({ removeData: true })
  }
})

test('every Spanish catalogue entry translates a message the server still gives', () => {
  const sources: string[] = []
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.name.endsWith('.ts') && !entry.name.startsWith('messages.')) sources.push(fs.readFileSync(full, 'utf8'))
    }
  }
  walk(path.join(import.meta.dirname, '../src'))
  const all = sources.join('\n')
  for (const english of Object.keys(esMessages)) assert.ok(all.includes(`'${english}'`), `no server message reads: ${english}`)
  // Each pattern's longest fixed text (between its groups, unescaped) is still in a message template.
  for (const [pattern] of esPatterns) {
    const pieces = pattern.source
      .replace(/^\^|\$$/g, '')
      .replace(/(?<!\\)\((?:[^()\\]|\\.)*\)/g, '\u0000')
      .replace(/\\(.)/g, '$1')
      .split('\u0000')
    const longest = pieces.reduce((a, b) => (b.length > a.length ? b : a), '')
    assert.ok(longest.length > 8 && all.includes(longest), `no server message reads like ${pattern} ("${longest}")`)
  }
})
