import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose'
import { adminKey, otherTenantKey, startTestServer, tempDataDir, type TestServer } from './helpers/test-server.ts'
import { ltiRoles, startTestPlatform, type Tamper, type TestPlatform } from './helpers/lti-platform.ts'
import { hilinkRole } from '../src/lti/claims.ts'
import { waitFor } from '../../tools/wait.mjs'

/**
 * LTI 1.3 against the real server and a test LMS on loopback (its own RSA keys and JWKS): registration,
 * login and launch with every refusal, roles, the embed cookie, NRPS, AGS, deep linking, the tool's JWKS.
 * The browser is played by fetch with the cookies passed by hand (e2e/lti.test.ts does it in Chromium).
 */
let server: TestServer
let platform: TestPlatform
let platformId: string

before(async () => {
  // The refusal tests give dozens of refused launches from one address in a minute: the limit has its own test.
  server = await startTestServer(tempDataDir(), { HILINK_WEBHOOK_ALLOW_PRIVATE: '1', HILINK_DELIVERY_POLL_MS: '100', HILINK_DELIVERY_RETRY_BASE_MS: '200', HILINK_AUTH_FAILURES_PER_MINUTE: '1000' })
  server.services.tenants.create('Other school', otherTenantKey, 'other')
  platform = await startTestPlatform({ toolUrl: server.url })
  platform.users.set('u-learner', { sub: 'student-7', name: 'Lina Learner', roles: [...ltiRoles.learner] })
  platform.users.set('u-ta', { sub: 'ta-3', name: 'Tariq TA', roles: [...ltiRoles.ta] })
  platform.users.set('u-teacher', { sub: 'teacher-1', name: 'Ines Instructor', roles: [...ltiRoles.instructor] })
  platform.users.set('u-mentor', { sub: 'parent-9', name: 'Mo Mentor', roles: [...ltiRoles.mentor] })
  platform.users.set('u-none', { sub: 'guest-1', name: 'Gus Guest', roles: [] })
  platform.members.push({ sub: 'student-absent', name: 'Abe Absent', roles: [...ltiRoles.learner] })
  const registered = await server.api('POST', '/api/v1/lti/platforms', { auth: adminKey, body: platform.registration })
  assert.equal(registered.status, 201, JSON.stringify(registered.body))
  platformId = registered.body.id
})
after(async () => {
  await platform?.close()
  await server?.stop({ removeData: true })
})

interface Launched {
  status: number
  location: string | null
  cookies: string[]
  page: string
}

/** The LMS link → /lti/login → the platform's auth → POST /lti/launch, as a browser would (cookies by hand). */
async function launch(loginHint: string, o: { tamper?: Tamper; withStateCookie?: boolean; method?: 'GET' | 'POST'; language?: string } = {}): Promise<Launched> {
  platform.tamper = o.tamper
  const params = { iss: platform.issuer, login_hint: loginHint, target_link_uri: `${server.url}/lti/launch`, client_id: platform.clientId, lti_deployment_id: platform.deploymentId }
  const login =
    o.method === 'POST'
      ? await fetch(`${server.url}/lti/login`, { method: 'POST', body: new URLSearchParams(params), redirect: 'manual' })
      : await fetch(`${server.url}/lti/login?${new URLSearchParams(params)}`, { redirect: 'manual' })
  assert.equal(login.status, 302, await login.text())
  const stateCookie = login.headers.getSetCookie()[0] ?? ''
  const { action, fields } = await platform.authorize(login.headers.get('location') ?? '')
  const res = await fetch(action, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { ...(o.withStateCookie === false ? {} : { cookie: stateCookie.split(';')[0] ?? '' }), ...(o.language ? { 'accept-language': o.language } : {}) },
    redirect: 'manual',
  })
  return { status: res.status, location: res.headers.get('location'), cookies: res.headers.getSetCookie(), page: await res.text() }
}

const embedToken = (l: Launched) => /hilink_embed=([^;]+)/.exec(l.cookies.find((c) => c.startsWith('hilink_embed=')) ?? '')?.[1] ?? ''

test('registration: admin only, scoped to the tenant, validated, one registration per issuer and client id', async () => {
  const listed = await server.api('GET', '/api/v1/lti/platforms', { auth: adminKey })
  assert.equal(listed.status, 200)
  assert.deepEqual(listed.body.platforms.map((p: { id: string }) => p.id), [platformId])
  assert.deepEqual((await server.api('GET', '/api/v1/lti/platforms', { auth: otherTenantKey })).body, { platforms: [] })
  assert.equal((await server.api('DELETE', `/api/v1/lti/platforms/${platformId}`, { auth: otherTenantKey })).status, 404)
  const again = await server.api('POST', '/api/v1/lti/platforms', { auth: otherTenantKey, body: platform.registration })
  assert.equal(again.status, 409)
  const bad = await server.api('POST', '/api/v1/lti/platforms', { auth: adminKey, body: { ...platform.registration, jwksUrl: 'ftp://x', deploymentIds: [] } })
  assert.equal(bad.status, 400)
  assert.match(bad.body.error.message, /jwksUrl/)
  assert.match(bad.body.error.message, /deploymentIds/)
  const openapi = await (await fetch(`${server.url}/openapi.json`)).json() as { paths: Record<string, unknown> }
  for (const p of ['/api/v1/lti/platforms', '/api/v1/lti/platforms/{id}', '/lti/login', '/lti/launch', '/lti/jwks', '/lti/deep-link']) assert.ok(openapi.paths[p], p)
  // A server that may not reach private addresses refuses a loopback JWKS at registration.
  const guarded = await startTestServer()
  try {
    const refused = await guarded.api('POST', '/api/v1/lti/platforms', { auth: adminKey, body: platform.registration })
    assert.equal(refused.status, 400)
    assert.match(refused.body.error.message, /jwksUrl: refused/)
  } finally {
    await guarded.stop({ removeData: true })
  }
})

test('login redirects to the platform with every OIDC parameter and a state cookie bound to the browser (GET and POST)', async () => {
  for (const method of ['GET', 'POST'] as const) {
    const params = { iss: platform.issuer, login_hint: 'u-learner', target_link_uri: `${server.url}/lti/launch`, lti_message_hint: 'm-1', client_id: platform.clientId }
    const res =
      method === 'GET'
        ? await fetch(`${server.url}/lti/login?${new URLSearchParams(params)}`, { redirect: 'manual' })
        : await fetch(`${server.url}/lti/login`, { method: 'POST', body: new URLSearchParams(params), redirect: 'manual' })
    assert.equal(res.status, 302)
    const to = new URL(res.headers.get('location') ?? '')
    assert.equal(`${to.origin}${to.pathname}`, `${platform.url}/auth`)
    const q = Object.fromEntries(to.searchParams)
    assert.deepEqual(
      { scope: q.scope, response_type: q.response_type, response_mode: q.response_mode, prompt: q.prompt, client_id: q.client_id, redirect_uri: q.redirect_uri, login_hint: q.login_hint, lti_message_hint: q.lti_message_hint },
      { scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none', client_id: platform.clientId, redirect_uri: `${server.url}/lti/launch`, login_hint: 'u-learner', lti_message_hint: 'm-1' },
    )
    assert.ok(q.state && q.state.length >= 32 && q.nonce && q.nonce.length >= 32 && q.state !== q.nonce)
    const cookie = res.headers.getSetCookie()[0] ?? ''
    assert.match(cookie, new RegExp(`^hilink_lti_${q.state}=1;`))
    for (const attr of [/; HttpOnly/i, /; Secure/i, /; SameSite=None/i, /; Max-Age=600/i, /; Path=\/lti\/launch/i]) assert.match(cookie, attr)
  }
  const unknown = await fetch(`${server.url}/lti/login?${new URLSearchParams({ iss: 'https://lms.unknown.example', login_hint: 'x', target_link_uri: 'x' })}`, { redirect: 'manual' })
  assert.equal(unknown.status, 404)
  assert.match(await unknown.text(), /This LMS is not registered/)
  const incomplete = await fetch(`${server.url}/lti/login?iss=${encodeURIComponent(platform.issuer)}`, { redirect: 'manual' })
  assert.equal(incomplete.status, 400)
  assert.match(await incomplete.text(), /login_hint/)
})

test('a learner launch: 303 to the embed page with the participant token in a cookie only that page receives', async () => {
  const l = await launch('u-learner')
  assert.equal(l.status, 303, l.page)
  const sessionId = /^\/embed\/([0-9a-f-]{36})$/.exec(l.location ?? '')?.[1]
  assert.ok(sessionId, l.location ?? '')
  const cookie = l.cookies.find((c) => c.startsWith('hilink_embed=')) ?? ''
  for (const attr of [/; HttpOnly/i, /; Secure/i, /; SameSite=None/i, new RegExp(`; Path=/embed/${sessionId}(;|$)`, 'i'), /; Max-Age=7200/i]) assert.match(cookie, attr)
  const token = embedToken(l)
  const claims = decodeJwt(token)
  assert.equal(claims.role, 'learner')
  assert.equal(claims.sub, `${platformId}:student-7`)
  assert.equal(claims.name, 'Lina Learner')
  assert.ok((claims.exp as number) - Date.now() / 1000 <= 7200)
  const session = await server.api('GET', `/api/v1/sessions/${sessionId}`, { auth: token })
  assert.equal(session.status, 200)
  assert.equal(session.body.courseId, `${platformId}:course-101`)
  assert.equal(session.body.title, 'Cells, live')
})

test('roles: TA as ta, Instructor as instructor, Mentor and no role as observer; all in the resource link’s one session', async () => {
  const sessions = new Set<string>()
  for (const [hint, role] of [['u-ta', 'ta'], ['u-teacher', 'instructor'], ['u-mentor', 'observer'], ['u-none', 'observer'], ['u-learner', 'learner']] as const) {
    const l = await launch(hint)
    assert.equal(l.status, 303, `${hint}: ${l.page}`)
    assert.equal(decodeJwt(embedToken(l)).role, role, hint)
    sessions.add(l.location ?? '')
  }
  assert.equal(sessions.size, 1)
})

test('refusals: each with its status and a page that says what was wrong', async () => {
  await launch('u-learner') // something to replay
  const cases: Array<[string, Parameters<typeof launch>[1], number, RegExp]> = [
    ['replayed nonce', { tamper: { kind: 'replay' } }, 401, /already used/],
    ['wrong aud', { tamper: { kind: 'aud', aud: 'someone-else' } }, 401, /not meant for HiLink/],
    ['aud array without azp', { tamper: { kind: 'aud', aud: [platform.clientId, 'another-tool'] } }, 401, /azp/],
    ['expired', { tamper: { kind: 'expired' } }, 401, /expired/],
    ['issued in the future', { tamper: { kind: 'issuedInFuture' } }, 401, /issue time/],
    ['unknown kid', { tamper: { kind: 'unknownKid' } }, 401, /no key with kid &#34;rotated-away-key&#34;/],
    ['alg none', { tamper: { kind: 'algNone' } }, 401, /alg: none/],
    ['HS256', { tamper: { kind: 'hs256' } }, 401, /HS256/],
    ['wrong deployment', { tamper: { kind: 'deployment', deploymentId: 'deployment-evil' } }, 403, /deployment-evil.*not one of the deployment ids/],
    ['missing state cookie', { withStateCookie: false }, 401, /login cookie for this launch is missing/],
  ]
  for (const [what, opts, status, reason] of cases) {
    const l = await launch('u-learner', opts)
    assert.equal(l.status, status, `${what}: ${l.page}`)
    assert.match(l.page, reason, what)
    assert.match(l.page, /<html lang="en">/, what)
    assert.equal(l.cookies.some((c) => c.startsWith('hilink_embed=')), false, what)
  }
  // An aud array that names HiLink, with azp = HiLink, is fine.
  const ok = await launch('u-learner', { tamper: { kind: 'aud', aud: [platform.clientId, 'another-tool'], azp: platform.clientId } })
  assert.equal(ok.status, 303, ok.page)
  // A state is good for one launch: the same state posted twice is refused.
  const first = await fetch(`${server.url}/lti/login?${new URLSearchParams({ iss: platform.issuer, login_hint: 'u-learner', target_link_uri: `${server.url}/lti/launch`, client_id: platform.clientId })}`, { redirect: 'manual' })
  const { action, fields } = await platform.authorize(first.headers.get('location') ?? '')
  const cookie = first.headers.getSetCookie()[0]?.split(';')[0] ?? ''
  const post = () => fetch(action, { method: 'POST', body: new URLSearchParams(fields), headers: { cookie }, redirect: 'manual' })
  assert.equal((await post()).status, 303)
  const twice = await post()
  assert.equal(twice.status, 401)
  assert.match(await twice.text(), /expired or was already used/)
})

test('NRPS: the course membership (both pages) becomes the expected roster; a learner who never launched is absent', async () => {
  const teacher = await launch('u-teacher')
  const token = embedToken(teacher)
  const sessionId = (teacher.location ?? '').split('/').pop() as string
  let entries: Array<{ userId: string; name: string; role: string; invited: boolean; absent: boolean }> = []
  await waitFor(() => platform.received.nrps.some((u) => u.includes('page=2')), 10_000, 'the second membership page')
  await waitFor(() => {
    void server.api('GET', `/api/v1/sessions/${sessionId}/attendance`, { auth: token }).then((r) => (entries = r.body.participants ?? []))
    return entries.some((e) => e.userId === `${platformId}:student-absent`)
  }, 10_000, 'the roster from NRPS')
  const abe = entries.find((e) => e.userId === `${platformId}:student-absent`)
  assert.deepEqual({ name: abe?.name, role: abe?.role, invited: abe?.invited, absent: abe?.absent }, { name: 'Abe Absent', role: 'learner', invited: true, absent: true })
  assert.equal(entries.find((e) => e.userId === `${platformId}:ta-3`)?.role, 'ta')
  const membership = platform.received.tokenRequests.find((t) => t.scope === 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly')
  assert.ok(membership, 'a client-credentials token for the membership scope')
})

test('AGS: when a check closes, each learner’s score reaches the line item, with a client-credentials token', async () => {
  const teacher = embedToken(await launch('u-teacher'))
  const learner = embedToken(await launch('u-learner'))
  const sessionId = decodeJwt(teacher).session as string
  const api = (method: string, path: string, auth: string, body?: unknown) => server.api(method, `/api/v1/sessions/${sessionId}${path}`, { auth, ...(body ? { body } : {}) })
  assert.equal((await api('POST', '/start', teacher)).status, 200)
  const check = await api('POST', '/polls', teacher, { question: 'Which organelle makes ATP?', options: ['Nucleus', 'Mitochondrion', 'Ribosome'], kind: 'check', correctOption: 1 })
  assert.equal(check.status, 201, JSON.stringify(check.body))
  assert.equal((await api('POST', `/polls/${check.body.id}/answer`, learner, { option: 1 })).status, 200)
  assert.equal((await api('POST', `/polls/${check.body.id}/close`, teacher)).status, 200)
  await waitFor(() => platform.received.scores.some((s) => s.body.userId === 'student-7'), 15_000, 'the score at the platform')
  const score = platform.received.scores.find((s) => s.body.userId === 'student-7')!
  assert.equal(score.lineitem, `${platform.url}/lineitems/1/scores?type=live`)
  assert.deepEqual({ given: score.body.scoreGiven, max: score.body.scoreMaximum, grading: score.body.gradingProgress }, { given: 1, max: 1, grading: 'FullyGraded' })
  assert.ok(platform.received.tokenRequests.some((t) => t.scope === 'https://purl.imsglobal.org/spec/lti-ags/scope/score'))
  // Marked sent once the platform's answer is in (just after the platform recorded it).
  await waitFor(() => server.services.lti.scores.stats('default').sent === 1, 5_000, 'the score marked sent')
  assert.deepEqual(server.services.lti.scores.stats('default'), { pending: 0, sent: 1, failed: 0 })
})

test('deep linking: the instructor creates a session; the signed response names it; launches of the placed link open it', async () => {
  const page = await launch('u-teacher', { tamper: { kind: 'deepLinking' } })
  assert.equal(page.status, 200, page.page)
  assert.match(page.page, /Add a HiLink session to Biology 101/)
  assert.match(page.page, /Cells, live/) // the course's existing session is offered
  const ticket = /name="ticket" value="([^"]+)"/.exec(page.page)?.[1] ?? ''
  const chosen = await fetch(`${server.url}/lti/deep-link`, { method: 'POST', body: new URLSearchParams({ ticket, choice: 'new', title: 'Cells, part 2' }) })
  const html = await chosen.text()
  assert.equal(chosen.status, 200, html)
  assert.match(html, new RegExp(`action="${platform.url}/deep-link-return"`))
  // Its one script runs by nonce; its form may post only here and to the LMS.
  const csp = chosen.headers.get('content-security-policy') ?? ''
  const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1]
  assert.ok(nonce && html.includes(`<script nonce="${nonce}">`), csp)
  assert.match(csp, new RegExp(`form-action 'self' ${platform.url};`))
  const jwt = /name="JWT" value="([^"]+)"/.exec(html)?.[1] ?? ''
  const { payload, protectedHeader } = await jwtVerify(jwt, createRemoteJWKSet(new URL(`${server.url}/lti/jwks`)), { issuer: platform.clientId, audience: platform.issuer })
  assert.equal(protectedHeader.alg, 'RS256')
  assert.equal(payload['https://purl.imsglobal.org/spec/lti/claim/message_type'], 'LtiDeepLinkingResponse')
  assert.equal(payload['https://purl.imsglobal.org/spec/lti-dl/claim/data'], 'opaque-123')
  const [item] = payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Array<{ type: string; title: string; url: string; custom: { hilink_session: string } }>
  assert.deepEqual({ type: item?.type, title: item?.title, url: item?.url }, { type: 'ltiResourceLink', title: 'Cells, part 2', url: `${server.url}/lti/launch` })
  // The LMS now launches the new placement (a new resource link carrying the custom parameter).
  const before = platform.resourceLinkId
  platform.resourceLinkId = 'placed-by-deep-linking'
  platform.custom = item!.custom
  try {
    const l = await launch('u-learner')
    assert.equal(l.location, `/embed/${item!.custom.hilink_session}`)
  } finally {
    platform.resourceLinkId = before
    platform.custom = undefined
  }
  // Learners cannot place sessions.
  const learner = await launch('u-learner', { tamper: { kind: 'deepLinking' } })
  assert.equal(learner.status, 403)
})

test('tool JWKS: current and next key; rotation makes the next one sign and publishes a new next', async () => {
  const jwks = async () => ((await (await fetch(`${server.url}/lti/jwks`)).json()) as { keys: Array<{ kid: string; kty: string; alg: string; d?: string }> }).keys
  const before = await jwks()
  assert.equal(before.length, 2)
  assert.ok(before.every((k) => k.kty === 'RSA' && k.alg === 'RS256' && k.d === undefined))
  const rotated = await server.services.lti.keys.rotate()
  const after = await jwks()
  assert.equal(rotated.current, before[1]!.kid)
  assert.deepEqual(after.map((k) => k.kid), [before[1]!.kid, rotated.next])
  assert.equal((await server.services.lti.keys.signingKey()).kid, before[1]!.kid)
})

test('the LMS rotates its signing key: a launch with the new kid makes HiLink fetch the JWKS again', async () => {
  assert.equal((await launch('u-learner')).status, 303) // the old key set is cached now
  const kid = await platform.rotateSigningKey()
  // jose refetches on an unknown kid, but at most every 5 s (cooldown): an attacker's random kids cannot flood the LMS.
  await new Promise((r) => setTimeout(r, 5_500))
  const l = await launch('u-learner')
  assert.equal(l.status, 303, l.page)
  assert.equal(decodeJwt(embedToken(l)).role, 'learner', kid)
})

test('AGS: a failing gradebook is retried with backoff, and a pending score survives a restart', async () => {
  const env = { HILINK_WEBHOOK_ALLOW_PRIVATE: '1', HILINK_DELIVERY_POLL_MS: '100', HILINK_DELIVERY_RETRY_BASE_MS: '200' }
  platform.resourceLinkId = 'link-retry'
  const teacher = embedToken(await launch('u-teacher'))
  const learner = embedToken(await launch('u-learner'))
  const sessionId = decodeJwt(teacher).session as string
  const api = (method: string, path: string, auth: string, body?: unknown) => server.api(method, `/api/v1/sessions/${sessionId}${path}`, { auth, ...(body ? { body } : {}) })
  assert.equal((await api('POST', '/start', teacher)).status, 200)
  const checkAnswered = async (correct: boolean) => {
    const check = await api('POST', '/polls', teacher, { question: 'Is a virus a cell?', options: ['Yes', 'No'], kind: 'check', correctOption: 1 })
    assert.equal((await api('POST', `/polls/${check.body.id}/answer`, learner, { option: correct ? 1 : 0 })).status, 200)
    assert.equal((await api('POST', `/polls/${check.body.id}/close`, teacher)).status, 200)
  }
  const before = platform.received.scores.length
  platform.failScores = 2
  await checkAnswered(true)
  await waitFor(() => platform.received.scores.length > before, 15_000, 'the score after two refusals')
  assert.equal(platform.failScores, 0)
  assert.deepEqual([platform.received.scores.at(-1)?.body.scoreGiven, platform.received.scores.at(-1)?.body.scoreMaximum], [1, 1])
  const attempts = () => server.services.db.prepare<[string], { attempts: number }>("SELECT attempts FROM lti_scores WHERE session_id = ? AND status = 'sent'").get(sessionId)?.attempts
  await waitFor(() => attempts() !== undefined, 5_000, 'the score marked sent')
  assert.equal(attempts(), 3, 'two refusals, then accepted')

  // The gradebook is down while a second check closes; HiLink stops; the score goes out after the next start.
  platform.failScores = 1_000
  await checkAnswered(false)
  await waitFor(() => server.services.lti.scores.stats('default').pending === 1, 15_000, 'a pending score')
  const dataDir = server.dataDir
  await server.stop()
  server = await startTestServer(dataDir, env)
  platform.toolUrl = server.url
  const count = platform.received.scores.length
  platform.failScores = 0
  await waitFor(() => platform.received.scores.length > count, 20_000, 'the pending score after the restart')
  // The session's share of checks right: one of two.
  assert.deepEqual([platform.received.scores.at(-1)?.body.scoreGiven, platform.received.scores.at(-1)?.body.scoreMaximum], [1, 2])
})

test('role mapping: membership roles decide, TA sub-role over Instructor, institution roles only without any', () => {
  const m = 'http://purl.imsglobal.org/vocab/lis/v2/membership'
  const inst = 'http://purl.imsglobal.org/vocab/lis/v2/institution/person'
  const cases: Array<[string[], string]> = [
    [[`${m}#Instructor`], 'instructor'],
    [[`${m}#Instructor`, `${m}/Instructor#TeachingAssistant`], 'ta'],
    [[`${m}#TeachingAssistant`], 'ta'],
    [[`${m}#Learner`], 'learner'],
    [[`${m}#Mentor`], 'observer'],
    [[], 'observer'],
    [['http://purl.imsglobal.org/vocab/lis/v2/system/person#User'], 'observer'],
    // A faculty member taking another course is a learner there.
    [[`${inst}#Instructor`, `${m}#Learner`], 'learner'],
    [[`${inst}#Administrator`], 'instructor'],
    [['Learner'], 'learner'],
  ]
  for (const [roles, role] of cases) assert.equal(hilinkRole(roles), role, roles.join(' '))
})

test('login refuses a target_link_uri outside the tool (open redirect, confused deputy) and sets no state cookie', async () => {
  const login = (target: string) =>
    fetch(`${server.url}/lti/login?${new URLSearchParams({ iss: platform.issuer, login_hint: 'u-learner', target_link_uri: target, client_id: platform.clientId })}`, { redirect: 'manual' })
  const port = Number(new URL(server.url).port)
  for (const target of ['https://evil.example/lti/launch', `http://127.0.0.1:${port + 1}/lti/launch`, `http://user:pw@127.0.0.1:${port}/lti/launch`, '/lti/launch', 'x', `${platform.url}/lti/launch`]) {
    const res = await login(target)
    const page = await res.text()
    assert.equal(res.status, 400, `${target}: ${page}`)
    assert.match(page, /The launch target is not HiLink/, target)
    assert.match(page, /is not an address of this tool/, target)
    assert.deepEqual(res.headers.getSetCookie(), [], target)
  }
  // Any address under the tool is its own (the LMS may name the launch URL or a deep link's).
  for (const target of [`${server.url}/lti/launch`, `${server.url}/embed/some-session`, server.url]) assert.equal((await login(target)).status, 302, target)
})

test('LTI pages speak Spanish by the launch’s locale claim or by Accept-Language; every refusal has its Spanish', async () => {
  // Before the token is verified, the browser's language decides.
  const noCookie = await launch('u-learner', { withStateCookie: false, language: 'es-MX,es;q=0.9,en;q=0.5' })
  assert.equal(noCookie.status, 401)
  assert.match(noCookie.page, /<html lang="es">/)
  assert.match(noCookie.page, /<h1>Este inicio no empezó en este navegador<\/h1>/)
  assert.match(noCookie.page, /Falta la cookie de inicio de sesión/)
  assert.match(noCookie.page, /HiLink no pudo abrir la lección desde su LMS/)
  const kid = await launch('u-learner', { tamper: { kind: 'unknownKid' }, language: 'es' })
  assert.match(kid.page, /El JWKS de la plataforma \(http:\/\/127\.0\.0\.1:\d+\/jwks\) no tiene ninguna clave con kid &#34;rotated-away-key&#34;\./)
  const unknown = await fetch(`${server.url}/lti/login?${new URLSearchParams({ iss: 'https://lms.unknown.example', login_hint: 'x', target_link_uri: 'x' })}`, { headers: { 'accept-language': 'es' } })
  assert.match(await unknown.text(), /No hay ninguna plataforma con el emisor https:\/\/lms\.unknown\.example registrada en HiLink/)
  // A verified launch's launch_presentation.locale wins over the browser (the user's choice in the LMS).
  platform.presentation = { locale: 'es-ES', document_target: 'iframe' }
  try {
    const learner = await launch('u-learner', { tamper: { kind: 'deepLinking' }, language: 'en' })
    assert.equal(learner.status, 403)
    assert.match(learner.page, /<h1>Solo los profesores colocan sesiones de HiLink<\/h1>/)
    const page = await launch('u-teacher', { tamper: { kind: 'deepLinking' }, language: 'en' })
    assert.equal(page.status, 200, page.page)
    for (const es of [/<html lang="es">/, /Añadir una sesión de HiLink a Biology 101/, /<legend>¿Qué sesión\?<\/legend>/, /Una sesión nueva/, /Título de la sesión nueva/, /Añadir al curso/, /name="locale" value="es"/]) assert.match(page.page, es)
    const ticket = /name="ticket" value="([^"]+)"/.exec(page.page)?.[1] ?? ''
    const empty = await fetch(`${server.url}/lti/deep-link`, { method: 'POST', body: new URLSearchParams({ ticket, choice: 'new', title: ' ', locale: 'es' }) })
    assert.equal(empty.status, 400)
    assert.match(await empty.text(), /La sesión nueva necesita un título/)
    const chosen = await fetch(`${server.url}/lti/deep-link`, { method: 'POST', body: new URLSearchParams({ ticket, choice: 'new', title: 'Células', locale: 'es' }) })
    assert.match(await chosen.text(), /Añadiendo la sesión a su curso…/)
  } finally {
    platform.presentation = undefined
  }
  // English stays English.
  assert.match((await launch('u-learner', { withStateCookie: false, language: 'en-GB' })).page, /<html lang="en">[\s\S]*This launch did not start in this browser/)
})

test('the Spanish catalogue covers every refusal the LTI code can give', async () => {
  const { readFileSync, readdirSync } = await import('node:fs')
  const { tr } = await import('../src/lti/page-locale.ts')
  const dir = new URL('../src/lti/', import.meta.url)
  const literals: string[] = []
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'messages.es.ts')) {
    const source = readFileSync(new URL(file, dir), 'utf8')
    // Refusals' titles and fixed details (single-quoted), the refusals' `what` table, the page furniture.
    for (const m of source.matchAll(/refuse\(\d{3},\s*'((?:[^'\\]|\\.)*)'(?:,\s*'((?:[^'\\]|\\.)*)')?/g)) literals.push(...[m[1], m[2]].filter((s): s is string => !!s))
    for (const m of source.matchAll(/^\s+(?:aud|iss|iat|nbf): [`'](.*)[`'],$/gm)) literals.push(m[1]!)
  }
  const unescape = (s: string) => s.replace(/\\'/g, "'")
  assert.ok(literals.length > 40, String(literals.length))
  const untranslated = literals.map(unescape).map((s) => s.replace(/\$\{platform\.(\w+)\}/g, 'X')).filter((s) => tr('es', s) === s)
  assert.deepEqual(untranslated, [])
  // The messages with values, as the code builds them.
  const samples = [
    'No platform with issuer https://a and client id c-1 is registered with HiLink. An administrator registers it first (POST /api/v1/lti/platforms).',
    'Several registrations share the issuer https://a; the login must name its client_id.',
    'The LMS launched deployment d-9, which is not one of the deployment ids registered for it.',
    'The LMS answered "login_required": no session.',
    'The id_token is signed with HS256; LTI 1.3 requires RS256 with the platform\'s published key.',
    'The id_token has several audiences, and its "azp" (undefined) is not HiLink\'s client id c-1.',
    'The id_token\'s sub is not valid (Too small).',
    'The launch says LTI version "1.1"; HiLink supports 1.3.0.',
    'The launch\'s message type is "X"; HiLink accepts LtiResourceLinkRequest and LtiDeepLinkingRequest.',
    'The launch comes from deployment d-9, which is not one of the deployment ids registered for this LMS (d-1, d-2).',
    'HiLink could not fetch a valid JWKS from https://a/jwks.',
    'The id_token\'s "sub" claim is missing or not valid (missing).',
    'The id_token could not be verified (bad).',
    'The LMS sent a request HiLink cannot read',
  ]
  for (const s of samples) assert.notEqual(tr('es', s), s, s)
})

test('document_target window: a launch the LMS opens in a new window lands in the session like a framed one', async () => {
  platform.presentation = { document_target: 'window' }
  try {
    const l = await launch('u-learner')
    assert.equal(l.status, 303, l.page)
    assert.match(l.location ?? '', /^\/embed\/[0-9a-f-]{36}$/)
    assert.match(l.cookies.find((c) => c.startsWith('hilink_embed=')) ?? '', /; SameSite=None/i)
  } finally {
    platform.presentation = undefined
  }
  // A malformed presentation claim is a hint, not a reason to refuse.
  platform.presentation = { document_target: 'window', locale: 42 as unknown as string }
  try {
    assert.equal((await launch('u-learner')).status, 303)
  } finally {
    platform.presentation = undefined
  }
})

test('refused logins and launches count toward the failed sign-in limit per address: 429 with a plain page, shared with the API', async () => {
  const limited = await startTestServer(tempDataDir(), { HILINK_AUTH_FAILURES_PER_MINUTE: '3', HILINK_WEBHOOK_ALLOW_PRIVATE: '1' })
  try {
    const badLogin = () => fetch(`${limited.url}/lti/login?${new URLSearchParams({ iss: 'https://lms.unknown.example', login_hint: 'x', target_link_uri: 'x' })}`, { headers: { 'accept-language': 'es' } })
    const badLaunch = () => fetch(`${limited.url}/lti/launch`, { method: 'POST', body: new URLSearchParams({ state: 'forged', id_token: 'a.b.c' }) })
    assert.equal((await badLogin()).status, 404)
    assert.equal((await badLaunch()).status, 401)
    assert.equal((await badLogin()).status, 404)
    const over = await badLaunch()
    const page = await over.text()
    assert.equal(over.status, 429, page)
    assert.ok(Number(over.headers.get('retry-after')) >= 1 && Number(over.headers.get('retry-after')) <= 60)
    assert.match(over.headers.get('content-type') ?? '', /text\/html/)
    assert.match(page, /<h1>Too many refused launches<\/h1>/)
    assert.match(page, /Wait \d+ seconds, then start again from the LMS/)
    assert.match(over.headers.get('content-security-policy') ?? '', /default-src 'none'/)
    const es = await badLogin()
    assert.equal(es.status, 429)
    assert.match(await es.text(), /Demasiados inicios rechazados/)
    // One limiter: the same address is now over the limit for a wrong API credential too.
    assert.equal((await limited.api('GET', '/api/v1/sessions', { auth: 'not-a-key-at-all' })).status, 429)
    // Pages that are not refusals stay open: the tool's keys, and a valid admin key on the API.
    assert.equal((await fetch(`${limited.url}/lti/jwks`)).status, 200)
    assert.equal((await limited.api('POST', '/api/v1/lti/platforms', { auth: adminKey, body: platform.registration })).status, 201)
    // A valid launch from the same address still gets in (one person guessing behind a school's NAT locks no one out).
    const login = await fetch(`${limited.url}/lti/login?${new URLSearchParams({ iss: platform.issuer, login_hint: 'u-learner', target_link_uri: `${limited.url}/lti/launch`, client_id: platform.clientId })}`, { redirect: 'manual' })
    assert.equal(login.status, 302)
    const { action, fields } = await platform.authorize(login.headers.get('location') ?? '')
    const launched = await fetch(action, { method: 'POST', body: new URLSearchParams(fields), headers: { cookie: login.headers.getSetCookie()[0]?.split(';')[0] ?? '' }, redirect: 'manual' })
    assert.equal(launched.status, 303, await launched.text())
  } finally {
    await limited.stop({ removeData: true })
  }
})
