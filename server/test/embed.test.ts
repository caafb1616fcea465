import { test } from 'node:test'
import assert from 'node:assert/strict'
import { otherTenantKey, sessionWithTokens, useTestServer } from './helpers/test-server.ts'

/**
 * `GET /embed/:sessionId` (issue 13, the iframe): the page, its policies and its refusals, over HTTP against the
 * real server. What a browser does with them (framing, postMessage) is e2e/embed.test.ts.
 */
const testServer = useTestServer()

const host = 'https://school.example'

async function get(path: string, cookie?: string) {
  const res = await fetch(testServer().url + path, cookie ? { headers: { cookie } } : {})
  return { status: res.status, headers: res.headers, text: await res.text() }
}

const directive = (csp: string | null, name: string) =>
  (csp ?? '').split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `))

test('the page: one classroom, the SDK from this origin, a nonce per response, frame-ancestors from the tenant', async () => {
  const { sessionId } = await sessionWithTokens(testServer(), { ada: { role: 'instructor' } })
  testServer().services.tenants.update('default', { allowedOrigins: [host, 'http://127.0.0.1:5173'] })
  const first = await get(`/embed/${sessionId}`)
  assert.equal(first.status, 200)
  assert.match(first.headers.get('content-type') ?? '', /^text\/html/)
  assert.equal(first.headers.get('x-content-type-options'), 'nosniff')
  assert.equal(first.headers.get('cache-control'), 'no-store')
  assert.equal(first.headers.get('referrer-policy'), 'no-referrer')
  const csp = first.headers.get('content-security-policy')
  assert.equal(directive(csp, 'frame-ancestors'), `frame-ancestors 'self' ${host} http://127.0.0.1:5173`)
  assert.equal(directive(csp, 'default-src'), "default-src 'none'")
  const nonce = /'nonce-([^']+)'/.exec(directive(csp, 'script-src') ?? '')?.[1]
  assert.ok(nonce, 'script-src carries a nonce')
  assert.ok(first.text.includes(`<script type="module" nonce="${nonce}">`), 'the inline script carries it')
  assert.equal(first.text.match(/<hl-classroom>/g)?.length, 1)
  assert.ok(first.text.includes("from '/sdk/hilink.js'"))
  assert.ok(!first.text.includes('"token"'), 'no token without the launch cookie')
  assert.deepEqual(JSON.parse(/startEmbed\([^,]+, (\{.*\})\)/.exec(first.text)?.[1] ?? '{}').allowedOrigins, [host, 'http://127.0.0.1:5173'])
  const second = await get(`/embed/${sessionId}`)
  assert.notEqual(/'nonce-([^']+)'/.exec(second.headers.get('content-security-policy') ?? '')?.[1], nonce, 'a fresh nonce each time')
})

test('no allowed origins: only HiLink’s own pages may frame it; stored values that are not bare origins never reach the policy', async () => {
  const { sessionId } = await sessionWithTokens(testServer(), { ada: { role: 'instructor' } })
  testServer().services.tenants.update('default', { allowedOrigins: [] })
  assert.equal(directive((await get(`/embed/${sessionId}`)).headers.get('content-security-policy'), 'frame-ancestors'), "frame-ancestors 'self'")
  testServer().services.tenants.update('default', { allowedOrigins: ['https://ok.example', 'https://x.example/path', "*; script-src 'unsafe-inline'", 'javascript:alert(1)'] })
  const { headers } = await get(`/embed/${sessionId}`)
  assert.equal(directive(headers.get('content-security-policy'), 'frame-ancestors'), "frame-ancestors 'self' https://ok.example")
  assert.ok(!headers.get('content-security-policy')?.includes('unsafe-inline\'; frame'), 'nothing injected')
  assert.equal(directive(headers.get('content-security-policy'), 'script-src')?.includes('unsafe-inline'), false)
})

test('the LTI launch cookie: its token goes into the page (never a URL) when it is of this session', async () => {
  const { sessionId, tokens } = await sessionWithTokens(testServer(), { grace: { role: 'learner' } })
  const page = await get(`/embed/${sessionId}`, `hilink_embed=${tokens.grace}`)
  assert.equal(page.status, 200)
  assert.equal(JSON.parse(/startEmbed\([^,]+, (\{.*\})\)/.exec(page.text)?.[1] ?? '{}').token, tokens.grace)
  // An expired or forged cookie is ignored: the page falls back to the fragment.
  const forged = `${tokens.grace.slice(0, -4)}AAAA`
  const withForged = await get(`/embed/${sessionId}`, `hilink_embed=${forged}`)
  assert.equal(withForged.status, 200)
  assert.ok(!withForged.text.includes(forged))
})

test('unknown session, malformed id, a token of another session or tenant: the same 404 page', async () => {
  const mine = await sessionWithTokens(testServer(), { grace: { role: 'learner' } })
  const another = await sessionWithTokens(testServer(), { alan: { role: 'learner' } })
  const otherTenant = await sessionWithTokens(testServer(), { olga: { role: 'learner' } }, otherTenantKey)
  const answers = [
    await get('/embed/00000000-0000-4000-8000-000000000000'),
    await get('/embed/not-a-session'),
    await get(`/embed/${mine.sessionId}`, `hilink_embed=${another.tokens.alan}`),
    await get(`/embed/${mine.sessionId}`, `hilink_embed=${otherTenant.tokens.olga}`),
  ]
  for (const a of answers) {
    assert.equal(a.status, 404)
    assert.match(a.text, /<h1>Classroom not found<\/h1>/)
    assert.ok(!a.text.includes('startEmbed'))
  }
  assert.equal(new Set(answers.map((a) => a.text)).size, 1, 'nothing tells the cases apart')
})

test('refusal pages speak the reader’s language: the link’s ?locale=, else Accept-Language, else English', async () => {
  const { sessionId } = await sessionWithTokens(testServer(), { ada: { role: 'instructor' } })
  const fetchPage = async (path: string, acceptLanguage?: string) => {
    const res = await fetch(testServer().url + path, acceptLanguage ? { headers: { 'accept-language': acceptLanguage } } : {})
    return { status: res.status, text: await res.text(), vary: res.headers.get('vary') ?? '' }
  }
  const spanishBrowser = await fetchPage('/embed/not-a-session', 'es-MX,es;q=0.9,en;q=0.5')
  assert.equal(spanishBrowser.status, 404)
  assert.match(spanishBrowser.text, /<html lang="es">/)
  assert.match(spanishBrowser.text, /<h1>Aula no encontrada<\/h1>/)
  assert.match(spanishBrowser.vary, /accept-language/i)
  const spanishLink = await fetchPage('/embed/not-a-session?locale=es', 'en')
  assert.match(spanishLink.text, /<h1>Aula no encontrada<\/h1>/, 'the link’s locale before the browser’s')
  const french = await fetchPage('/embed/not-a-session', 'fr')
  assert.match(french.text, /<html lang="en">/)
  assert.match(french.text, /<h1>Classroom not found<\/h1>/)
  const invalid = await fetchPage(`/embed/${sessionId}?theme=neon`, 'es')
  assert.equal(invalid.status, 400)
  assert.match(invalid.text, /<h1>Este enlace de aula no es válido<\/h1>/)
  assert.match(invalid.text, /theme/, 'still names the field')
})

test('an invalid query answers 400 with a page that names the field; the route is in /openapi.json', async () => {
  const { sessionId } = await sessionWithTokens(testServer(), { ada: { role: 'instructor' } })
  const bad = await get(`/embed/${sessionId}?theme=neon`)
  assert.equal(bad.status, 400)
  assert.match(bad.text, /theme/)
  const ok = await get(`/embed/${sessionId}?theme=dark&locale=es`)
  assert.equal(ok.status, 200)
  assert.match(ok.text, /<html lang="es" data-theme="dark">/)
  const doc = (await testServer().api('GET', '/openapi.json')).body
  assert.ok(doc.paths['/embed/{sessionId}']?.get, 'documented')
})
