import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID, randomBytes } from 'node:crypto'
import WebSocket from 'ws'
import { sessionBody, startTestServer, type ApiAnswer, type TestServer } from './helpers/test-server.ts'
import { RawSyncSocket, closeAllRawSockets } from './helpers/raw-socket.ts'
import { waitFor } from './helpers/sync-client.ts'

/**
 * Issue 13: tenant A's admin key and tokens never read or change tenant B's data. Every operation of
 * /openapi.json is called with A's credentials against B's resources (B's concrete ids in the path) and must
 * answer 404 (never 403, never 2xx, never 5xx); B's rows and room document must be unchanged afterwards.
 *
 * The test reads the routes from the running server, so a route added later is covered without editing it:
 * a path parameter, query parameter or public route it does not know makes it fail with a message that says
 * what to add (a filler below). Sockets (`/sync`, `/audio`), which /openapi.json cannot describe, are covered
 * at the end.
 */

const operatorKey = 'operator-key-of-the-isolation-test-0001'

interface World {
  tenantId: string
  adminKey: string
  sessionId: string
  courseId: string
  tokens: { ins: string; ta: string; lea: string; obs: string }
  learnerId: string
  pollId: string
  textPollId: string
  answerId: string
  messageId: string
  entryId: string
  webhookId: string
  deliveryId: string
  platformId: string
  statement: { id: string; agent: string; activity: string; registration: string | undefined }
  /** Every identifier and free text of this tenant that must never show up in another tenant's answers. */
  secrets: string[]
}

interface Operation {
  method: string
  path: string
  security: string[]
  params: Array<{ in: string; name: string }>
  hasBody: boolean
}

let server: TestServer | undefined
after(async () => {
  closeAllRawSockets()
  await server?.stop({ removeData: true })
})

async function ok(answer: Promise<ApiAnswer>, status: number, what: string): Promise<ApiAnswer> {
  const a = await answer
  assert.equal(a.status, status, `${what}: ${a.status} ${JSON.stringify(a.body)}`)
  return a
}

/** A tenant with one of everything the API can address by id. `p` prefixes its names and texts. */
async function world(s: TestServer, p: string): Promise<World> {
  const tenant = await ok(
    s.api('POST', '/api/v1/tenants', {
      auth: operatorKey,
      body: { name: `${p} school`, productName: `${p} Aula`, allowedOrigins: [`https://${p}.school.example`], theme: { accent: `#${p === 'a' ? '0a0a0a' : '0b0b0b'}` } },
    }),
    201,
    'tenant',
  )
  const adminKey = tenant.body.adminKey as string
  const api = (method: string, path: string, auth: string, body?: unknown) => s.api(method, path, { auth, ...(body === undefined ? {} : { body }) })
  // The webhook exists before the session starts, so that "session.started" gives it a delivery to address.
  const webhook = await ok(api('POST', '/api/v1/webhooks', adminKey, { url: `http://127.0.0.1:9/${p}-hook`, events: ['*'] }), 201, 'webhook')
  const courseId = `${p}-course`
  const session = await ok(
    api('POST', '/api/v1/sessions', adminKey, { ...sessionBody, title: `${p} only lesson`, courseId, instructorId: `${p}-ins` }),
    201,
    'session',
  )
  const sessionId = session.body.id as string
  const at = `/api/v1/sessions/${sessionId}`
  const mint = async (userId: string, role: string) =>
    (await ok(api('POST', `${at}/tokens`, adminKey, { userId, name: `${userId} name`, role }), 201, 'token')).body.token as string
  const tokens = { ins: await mint(`${p}-ins`, 'instructor'), ta: await mint(`${p}-ta`, 'ta'), lea: await mint(`${p}-lea`, 'learner'), obs: await mint(`${p}-obs`, 'observer') }
  await ok(api('POST', `${at}/start`, tokens.ins), 200, 'start')
  const poll = await ok(api('POST', `${at}/polls`, tokens.ins, { question: `${p} choice question`, options: [`${p} yes`, `${p} no`] }), 201, 'poll')
  await ok(api('POST', `${at}/polls/${poll.body.id}/answer`, tokens.lea, { option: 0 }), 200, 'answer')
  const textPoll = await ok(api('POST', `${at}/polls`, tokens.ins, { question: `${p} text question`, kind: 'text' }), 201, 'text poll')
  await ok(api('POST', `${at}/polls/${textPoll.body.id}/answer`, tokens.lea, { text: `${p} private answer` }), 200, 'text answer')
  const polls = await ok(api('GET', `${at}/polls`, tokens.ins), 200, 'polls')
  const answerId = JSON.stringify(polls.body).match(/"id":"([0-9a-f-]{36})","text":/)?.[1]
  assert.ok(answerId, `a text answer id in ${JSON.stringify(polls.body)}`)
  const message = await ok(api('POST', `${at}/chat`, tokens.lea, { text: `${p} chat message` }), 201, 'chat')
  await ok(api('PUT', `${at}/hand`, tokens.lea, { raised: true }), 200, 'hand')
  const entry = await ok(api('POST', `${at}/poll-library`, tokens.ins, { title: `${p} saved poll`, poll: { question: `${p} saved q`, options: ['1', '2'] } }), 201, 'library')
  const platform = await ok(
    api('POST', '/api/v1/lti/platforms', adminKey, {
      issuer: `https://${p}.lms.example`,
      clientId: `${p}-client`,
      authLoginUrl: `https://${p}.lms.example/auth`,
      jwksUrl: `https://${p}.lms.example/jwks`,
      deploymentIds: [`${p}-deployment`],
    }),
    201,
    'LTI platform',
  )
  // The first delivery attempt fails (nothing listens on port 9); the next is an hour away (HILINK_DELIVERY_RETRY_BASE_MS).
  const attempted = s.services.db.prepare('SELECT id FROM webhook_deliveries WHERE webhook_id = ? AND attempts > 0')
  await waitFor(() => attempted.get(webhook.body.id) !== undefined, 10_000, 'a webhook delivery attempted')
  const deliveryId = (attempted.get(webhook.body.id) as { id: string }).id
  const statements = await ok(api('GET', '/xapi/statements?limit=1', adminKey), 200, 'statements')
  const st = statements.body.statements[0]
  const statement = { id: st.id, agent: JSON.stringify(st.actor), activity: st.object.id, registration: st.context?.registration }
  const w = {
    tenantId: tenant.body.id,
    adminKey,
    sessionId,
    courseId,
    tokens,
    learnerId: `${p}-lea`,
    pollId: poll.body.id,
    textPollId: textPoll.body.id,
    answerId,
    messageId: message.body.id,
    entryId: entry.body.id,
    webhookId: webhook.body.id,
    deliveryId,
    platformId: platform.body.id,
    statement,
  }
  const secrets = [w.tenantId, w.sessionId, w.courseId, w.pollId, w.textPollId, w.answerId, w.messageId, w.entryId, w.webhookId, w.deliveryId, w.platformId, st.id]
  return { ...w, secrets: [...secrets, `${p} only lesson`, `${p} private answer`, `${p} chat message`, `${p} saved poll`, `${p}-lea`, `${p}.school.example`, `${p}.lms.example`] }
}

/**
 * How each path parameter is filled, keyed by the path segment before it and its name: with B's id, and with
 * an id of the same shape that exists nowhere. A route with a parameter not in this table fails the test.
 */
const pathFillers: Record<string, { of: (w: World) => string; none: () => string }> = {
  'sessions/{id}': { of: (w) => w.sessionId, none: randomUUID },
  'courses/{id}': { of: (w) => w.courseId, none: () => 'no-such-course' },
  'polls/{pollId}': { of: (w) => w.textPollId, none: randomUUID },
  'texts/{answerId}': { of: (w) => w.answerId, none: randomUUID },
  'poll-library/{entryId}': { of: (w) => w.entryId, none: randomUUID },
  'hands/{userId}': { of: (w) => w.learnerId, none: () => 'nobody-at-all' },
  'chat/{messageId}': { of: (w) => w.messageId, none: randomUUID },
  'webhooks/{id}': { of: (w) => w.webhookId, none: () => `wh_${randomBytes(8).toString('hex')}` },
  'deliveries/{deliveryId}': { of: (w) => w.deliveryId, none: () => `msg_${randomBytes(8).toString('hex')}` },
  'platforms/{id}': { of: (w) => w.platformId, none: () => `lti_${randomBytes(6).toString('hex')}` },
  'tenants/{id}': { of: (w) => w.tenantId, none: randomUUID },
  'embed/{sessionId}': { of: (w) => w.sessionId, none: randomUUID },
}

/** Query parameters that name something of a tenant are filled with B's; the others are left out. */
const idQueries: Record<string, (w: World) => string | undefined> = {
  statementId: (w) => w.statement.id,
  agent: (w) => w.statement.agent,
  activity: (w) => w.statement.activity,
  registration: (w) => w.statement.registration,
}
const otherQueries = new Set(['limit', 'cursor', 'format', 'since', 'until', 'ascending', 'verb', 'missedSessions', 'correctnessDrop', 'engagementDrop', 'locale', 'theme'])

/** Bodies for operations whose handler must be reached with a valid body (others get none: 400 is fine there). */
const bodies: Record<string, unknown> = {
  'POST /api/v1/sessions': sessionBody,
  'POST /api/v1/sessions/{id}/polls/{pollId}/answer': { text: 'an answer' },
  'PUT /api/v1/sessions/{id}/polls/{pollId}/texts/{answerId}': { shared: true },
  'POST /api/v1/webhooks': { url: 'http://127.0.0.1:9/a-hook', events: ['*'] },
  'PATCH /api/v1/tenant': { productName: 'A renamed' },
  'PUT /api/v1/engagement-settings': { idleMinutes: 4, weights: { present: 1, answered: 1, correct: 1, hands: 1, chat: 1, whiteboard: 1 } },
}

/** Public routes (no bearer credential in /openapi.json): each says how A's credentials are tried on it. */
const publicRoutes: Record<string, (s: TestServer, a: World, b: World) => Promise<void>> = {
  'GET /health': async (s, a, b) => assertNoLeak(await s.api('GET', '/health', { auth: a.adminKey }), b, 'GET /health'),
  // A's token as the LTI launch's cookie for B's session: refused exactly like an unknown session.
  'GET /embed/{sessionId}': async (s, a, b) => {
    for (const token of [a.tokens.ins, a.tokens.lea]) {
      const res = await fetch(`${s.url}/embed/${b.sessionId}`, { headers: { cookie: `hilink_embed=${token}` } })
      assert.equal(res.status, 404, `GET /embed/{B session} with A's token as the cookie: ${res.status}`)
      const none = await fetch(`${s.url}/embed/${randomUUID()}`, { headers: { cookie: `hilink_embed=${token}` } })
      assert.equal(none.status, 404)
    }
  },
  // The LMS side of LTI: its credential is the platform's signed id_token, never a tenant key or token.
  ...Object.fromEntries(
    ['GET /lti/login', 'POST /lti/login', 'POST /lti/launch', 'POST /lti/deep-link', 'GET /lti/jwks'].map((op) => [
      op,
      async (s: TestServer, a: World, b: World) => {
        const [method, path] = op.split(' ') as [string, string]
        for (const auth of [a.adminKey, a.tokens.ins]) {
          const answer = await s.api(method, path, { auth })
          assert.ok(answer.status < 500, `${op}: ${answer.status}`)
          assert.ok(answer.status >= 400 || method === 'GET', `${op} with A's credential and no LMS message must not succeed: ${answer.status}`)
          assertNoLeak(answer, b, op)
        }
      },
    ]),
  ),
}

function operations(doc: { paths: Record<string, Record<string, { security?: Array<Record<string, unknown>>; parameters?: Array<{ in: string; name: string }>; requestBody?: unknown }>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'put', 'post', 'delete', 'patch'].includes(method))
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        security: (op.security ?? []).flatMap((s) => Object.keys(s)),
        params: op.parameters ?? [],
        hasBody: op.requestBody !== undefined,
      })),
  )
}

function pathParams(path: string): Array<{ key: string; name: string }> {
  return [...path.matchAll(/([^/]+)\/\{(\w+)\}/g)].map((m) => ({ key: `${m[1]}/{${m[2]}}`, name: m[2] as string }))
}

/** The path with each parameter filled by `fill(key)`; fails when a parameter has no filler. */
function fillPath(op: Operation, fill: (key: string, index: number) => string): string {
  let i = 0
  return op.path.replace(/([^/]+)\/\{(\w+)\}/g, (_m, segment: string, name: string) => {
    const key = `${segment}/{${name}}`
    if (!pathFillers[key]) throw new Error(`${op.method} ${op.path}: no filler for the path parameter ${key}; add one to pathFillers`)
    const value = fill(key, i++)
    if (!value) throw new Error(`${op.method} ${op.path}: empty value for ${key}`)
    return `${segment}/${encodeURIComponent(value)}`
  })
}

function queryOf(op: Operation, b: World): string {
  const q = new URLSearchParams()
  for (const p of op.params.filter((x) => x.in === 'query')) {
    const filler = idQueries[p.name]
    if (filler) {
      const value = filler(b)
      if (value !== undefined) q.set(p.name, value)
    } else if (!otherQueries.has(p.name)) {
      throw new Error(`${op.method} ${op.path}: classify the query parameter "${p.name}" (idQueries if it names a tenant's thing, else otherQueries)`)
    }
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

/** No identifier or text of B appears in an answer to A (except what A itself sent in the request). */
function assertNoLeak(answer: ApiAnswer, b: World, what: string, sent = ''): void {
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)
  for (const secret of b.secrets) {
    if (sent.includes(secret) || sent.includes(encodeURIComponent(secret))) continue
    assert.ok(!text.includes(secret), `${what} answered A with B's "${secret}": ${text.slice(0, 300)}`)
  }
}

/** Every row of B in every table with a tenant column, B's tenant row and B's room document. */
function snapshot(s: TestServer, b: World): string {
  const db = s.services.db
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>)
    .map((t) => t.name)
    .filter((t) => (db.prepare(`PRAGMA table_info(${t})`).all() as Array<{ name: string }>).some((c) => c.name === 'tenant_id'))
  const rows = Object.fromEntries(
    tables.map((t) => [t, (db.prepare(`SELECT * FROM ${t} WHERE tenant_id = ?`).all(b.tenantId) as object[]).map((r) => JSON.stringify(r)).sort()]),
  )
  let doc = ''
  s.services.sync.changeDoc(b.tenantId, b.sessionId, (d) => {
    doc = JSON.stringify(d.toJSON())
  })
  return JSON.stringify({ rows, tenant: db.prepare('SELECT * FROM tenants WHERE id = ?').get(b.tenantId), doc })
}

const ofA = (a: World) =>
  [
    ['A admin key', a.adminKey],
    ['A instructor token', a.tokens.ins],
    ['A TA token', a.tokens.ta],
    ['A learner token', a.tokens.lea],
    ['A observer token', a.tokens.obs],
  ] as const

test('tenant A’s admin key and tokens never read or change tenant B’s data, on every route of /openapi.json', async () => {
  server = await startTestServer(undefined, {
    HILINK_OPERATOR_KEY: operatorKey,
    HILINK_WEBHOOK_ALLOW_PRIVATE: '1',
    HILINK_DELIVERY_POLL_MS: '50',
    HILINK_DELIVERY_RETRY_BASE_MS: '3600000',
    HILINK_EXCEPTION_SCAN_MS: '3600000',
    // Hundreds of refused credentials and writes from one address and a few participants are the point here.
    HILINK_AUTH_FAILURES_PER_MINUTE: '100000',
    HILINK_WRITES_PER_MINUTE: '100000',
  })
  const s = server
  const a = await world(s, 'a')
  const b = await world(s, 'b')
  const ops = operations((await ok(s.api('GET', '/openapi.json'), 200, 'openapi')).body)
  assert.ok(ops.length > 50, `${ops.length} operations`)
  const before = snapshot(s, b)
  const covered = { foreign: 0, mixed: 0, tenantWide: 0, operator: 0, public: 0 }

  for (const op of ops) {
    const name = `${op.method} ${op.path}`
    const body = bodies[name]
    const call = (path: string, auth: string) => s.api(op.method, path, { auth, ...(op.hasBody ? { body: body ?? {} } : {}) })
    if (op.security.length === 0) {
      const probe = publicRoutes[name]
      if (!probe) throw new Error(`${name} is public (no security in /openapi.json): add to publicRoutes how A's credentials are tried on it`)
      await probe(s, a, b)
      covered.public++
      continue
    }
    const params = pathParams(op.path)
    if (op.security.includes('operator')) {
      // Only the operator key manages tenants; A's key or token is no credential here, whatever the tenant id.
      for (const [who, auth] of ofA(a)) {
        const answer = await call(fillPath(op, (key) => pathFillers[key]!.of(b)) + queryOf(op, b), auth)
        assert.equal(answer.status, 401, `${name} with ${who}: ${answer.status} ${JSON.stringify(answer.body)}`)
      }
      covered.operator++
      continue
    }
    if (params.length === 0) {
      // Tenant-wide: nothing of B can be named in the path; what answers must hold nothing of B's.
      const path = op.path + queryOf(op, b)
      for (const [who, auth] of ofA(a)) {
        const answer = await call(path, auth)
        assert.ok(answer.status < 500, `${name} with ${who}: ${answer.status}`)
        assertNoLeak(answer, b, `${name} with ${who}`, path)
      }
      covered.tenantWide++
      continue
    }
    // B's ids everywhere in the path: 404 for every credential of A.
    const path = fillPath(op, (key) => pathFillers[key]!.of(b)) + queryOf(op, b)
    for (const [who, auth] of ofA(a)) {
      const answer = await call(path, auth)
      assert.equal(answer.status, 404, `${op.method} ${path} (${name}) with ${who}: ${answer.status} ${JSON.stringify(answer.body)}`)
      assertNoLeak(answer, b, `${name} with ${who}`, path)
    }
    covered.foreign++
    // A's own session with B's poll, answer, message… inside it: the same answer as for ids that exist nowhere.
    if (params.length > 1 && params[0]?.key === 'sessions/{id}') {
      if (op.hasBody && body === undefined) throw new Error(`${name}: add a valid example body to bodies (the handler must be reached)`)
      const withB = fillPath(op, (key, i) => (i === 0 ? a.sessionId : pathFillers[key]!.of(b)))
      for (const [who, auth] of ofA(a)) {
        const none = fillPath(op, (key, i) => (i === 0 ? a.sessionId : pathFillers[key]!.none()))
        const [answer, baseline] = [await call(withB, auth), await call(none, auth)]
        // A 400 would stop at validation and prove nothing: the example body (or a filler's shape) must be valid.
        assert.notEqual(baseline.status, 400, `${name}: 400 ${JSON.stringify(baseline.body)}; fix its example in bodies or its filler`)
        assert.equal(answer.status, baseline.status, `${op.method} ${withB} with ${who}: ${answer.status}, but ${baseline.status} for ids that exist nowhere`)
        assert.ok(answer.status < 500, `${name} with ${who}: ${answer.status}`)
        assertNoLeak(answer, b, `${name} (A's session, B's ids) with ${who}`, withB)
      }
      covered.mixed++
    }
  }

  assert.equal(snapshot(s, b), before, 'B’s rows, tenant settings and room document are unchanged')
  assert.ok(covered.foreign > 30 && covered.mixed >= 7 && covered.operator >= 5 && covered.tenantWide > 10, JSON.stringify(covered))
  console.log(`# isolation: ${ops.length} operations; ${JSON.stringify(covered)}`)

  // B itself still reaches its things (the probes did not break them, and the ids were real).
  for (const path of [`/api/v1/sessions/${b.sessionId}`, `/api/v1/webhooks/${b.webhookId}/deliveries`, `/api/v1/courses/${b.courseId}/brief`]) {
    assert.equal((await s.api('GET', path, { auth: b.adminKey })).status, 200, `${path} for B`)
  }
})

test('every row of a tenant-scoped table carries its tenant (poll answers and voters included)', () => {
  const db = server!.services.db
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>)
    .map((t) => t.name)
    .filter((t) => (db.prepare(`PRAGMA table_info(${t})`).all() as Array<{ name: string }>).some((c) => c.name === 'tenant_id'))
  assert.ok(tables.includes('poll_answers') && tables.includes('poll_voters'))
  for (const t of tables) {
    const { n } = db.prepare(`SELECT count(*) AS n FROM ${t} WHERE tenant_id IS NULL`).get() as { n: number }
    assert.equal(n, 0, `${t}: rows without a tenant`)
  }
  const { n } = db.prepare('SELECT count(*) AS n FROM poll_answers').get() as { n: number }
  assert.ok(n >= 4, 'answers of both tenants were written')
})

test('sockets (outside /openapi.json): A’s tokens open neither B’s room nor B’s audio, and cannot tell it from none', async () => {
  const s = server!
  const tenants = s.services.tenants.list().filter((t) => t.id !== 'default')
  assert.equal(tenants.length, 2)
  const [aTenant, bTenant] = tenants as [(typeof tenants)[0], (typeof tenants)[0]]
  const bSession = s.services.sessions.list(bTenant.id, 1)[0]!.id
  const aSession = s.services.sessions.list(aTenant.id, 1)[0]!.id
  const aToken = (await s.services.tokens.mint({ userId: 'a-ins', name: 'A', role: 'instructor', sessionId: aSession, tenantId: aTenant.id })).token
  const closeCode = async (url: string) => {
    const ws = new WebSocket(url)
    ws.on('error', () => {})
    return new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
  }
  for (const [kind, target] of [
    ['sync', bSession],
    ['audio', bSession],
  ] as const) {
    const base = `${s.url.replace(/^http/, 'ws')}/${kind}`
    const toB = kind === 'sync' ? await new RawSyncSocket(s.url, target, aToken).closed() : await closeCode(`${base}/${target}?token=${aToken}`)
    const toNone = kind === 'sync' ? await new RawSyncSocket(s.url, randomUUID(), aToken).closed() : await closeCode(`${base}/${randomUUID()}?token=${aToken}`)
    assert.ok(toB >= 4400 && toB < 4500, `${kind}: closed with ${toB}`)
    assert.equal(toB, toNone, `${kind}: B's session answers like one that does not exist`)
  }
})
