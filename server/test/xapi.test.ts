import { test } from 'node:test'
import assert from 'node:assert/strict'
import { adminKey, otherTenantKey, sessionBody, sessionWithTokens, useTestServer } from './helpers/test-server.ts'
import { connectPeer, destroyAllPeers, waitFor, whenSynced } from './helpers/sync-client.ts'
import { assertValidStatements } from './helpers/xapi-check.ts'
import { validateStatement } from '../src/xapi/validate.ts'
import { statement, verbs, sessionActivity } from '../src/events/statements.ts'
import type { XapiStatement } from '../src/events/statements.ts'

const server = useTestServer(destroyAllPeers)
const V = {
  initialized: 'http://adlnet.gov/expapi/verbs/initialized',
  terminated: 'http://adlnet.gov/expapi/verbs/terminated',
  joined: 'http://activitystrea.ms/schema/1.0/join',
  left: 'http://activitystrea.ms/schema/1.0/leave',
  asked: 'http://adlnet.gov/expapi/verbs/asked',
  answered: 'http://adlnet.gov/expapi/verbs/answered',
  closed: 'http://activitystrea.ms/schema/1.0/close',
  commented: 'http://adlnet.gov/expapi/verbs/commented',
  raisedHand: 'urn:hilink:xapi:verbs:raised-hand',
}
const short = Object.fromEntries(Object.entries(V).map(([k, v]) => [v, k]))

/** The scripted class of issue 12, run once for the whole file (its leave needs the 30 s grace period). */
let klass: { sessionId: string; statements: XapiStatement[] }
let running: Promise<void> | undefined
const scriptedClass = () => (running ??= runClass())

async function runClass(): Promise<void> {
  const s = server()
  const { sessionId, tokens } = await sessionWithTokens(s, {
    ada: { role: 'instructor', name: 'Ada' },
    grace: { role: 'learner', name: 'Grace' },
    alan: { role: 'learner', name: 'Alan' },
    lin: { role: 'learner', name: 'Lin' },
    noah: { role: 'learner', name: 'Noah' }, // never comes
  })
  const api = (method: string, path: string, auth: string, body?: unknown) =>
    s.api(method, `/api/v1/sessions/${sessionId}${path}`, { auth, ...(body === undefined ? {} : { body }) })
  assert.equal((await api('POST', '/start', tokens.ada)).status, 200)
  const peers = (['ada', 'grace', 'alan', 'lin'] as const).map((who) => connectPeer(s.url, sessionId, tokens[who]))
  for (const p of peers) await whenSynced(p)
  const check = await api('POST', '/polls', tokens.ada, { kind: 'check', question: 'What is 1/2 + 1/4?', options: ['3/4', '2/6'], correctOption: 0 })
  assert.equal(check.status, 201, JSON.stringify(check.body))
  assert.equal((await api('POST', `/polls/${check.body.id}/answer`, tokens.grace, { option: 0 })).status, 200)
  assert.equal((await api('POST', `/polls/${check.body.id}/answer`, tokens.lin, { option: 1 })).status, 200)
  assert.equal((await api('POST', '/chat', tokens.grace, { text: 'Is 3/4 the same as 6/8?' })).status, 201)
  peers[2]!.destroy() // Alan leaves early; his leave is recorded once the 30 s grace period passes
  await waitFor(
    () => s.services.events.forSession('default', sessionId).some((e) => e.verb.id === V.left),
    45_000,
    'Alan’s leave recorded',
  )
  assert.equal((await api('POST', '/end', tokens.ada)).status, 200)
  klass = { sessionId, statements: s.services.events.forSession('default', sessionId) }
}

test('a scripted class produces exactly the expected statements, each valid xAPI 1.0.3', async () => {
  await scriptedClass()
  const s = server()
  const got = klass.statements.map((e) => `${e.actor.account.name} ${short[e.verb.id] ?? e.verb.id}`).sort()
  assert.deepEqual(got, [
    'ada asked',
    'ada initialized',
    'ada joined',
    'ada terminated',
    'alan joined',
    'alan left',
    'grace answered',
    'grace commented',
    'grace joined',
    'hilink closed',
    'lin answered',
    'lin joined',
  ])
  assertValidStatements(klass.statements)
  const homePage = s.services.events.homePage('default')
  assert.match(homePage, /^http:\/\/127\.0\.0\.1:\d+\/tenants\/default$/)
  for (const e of klass.statements) {
    assert.equal(e.actor.account.homePage, homePage, 'actor: an account agent of the tenant')
    assert.equal(e.context.registration, klass.sessionId)
    assert.deepEqual(e.context.contextActivities?.parent?.map((a) => a.id), [`urn:hilink:tenant:default:course:${sessionBody.courseId}`])
    assert.ok(e.stored && Date.parse(e.stored) >= Date.parse(e.timestamp) - 1000, 'stored set when stored')
    assert.ok(e.object.definition.type && e.object.definition.name['en-US'], 'objects are activities with definitions')
  }
  const answers = klass.statements.filter((e) => e.verb.id === V.answered)
  assert.deepEqual(answers.map((e) => [e.actor.account.name, e.result?.success]).sort(), [['grace', true], ['lin', false]])
  const ended = klass.statements.find((e) => e.verb.id === V.terminated)!
  assert.equal(ended.result?.completion, true)
  assert.match(ended.result?.duration ?? '', /^PT\d+(\.\d)?S$/)
  assert.equal(new Set(klass.statements.map((e) => e.id)).size, klass.statements.length)
})

test('each statement has one outbox row written with it; the no-show learner is announced as participant.absent', () => {
  const s = server()
  const rows = s.services.events.outbox.forTenant('default').filter((r) => r.sessionId === klass.sessionId)
  const statementRows = rows.filter((r) => r.kind === 'statement')
  assert.deepEqual(statementRows.map((r) => r.id).sort(), klass.statements.map((e) => e.id).sort())
  assert.deepEqual(statementRows.filter((r) => r.type !== 'xapi.statement').map((r) => r.type).sort(), ['session.ended', 'session.started'])
  const absent = rows.filter((r) => r.type === 'participant.absent')
  assert.deepEqual(absent.map((r) => (r.payload as { userId: string }).userId), ['noah'])
})

test('the same cause never writes twice: a replayed statement and a replayed transition change nothing', () => {
  const s = server()
  const before = s.services.events.forSession('default', klass.sessionId).length
  const outboxBefore = s.services.events.outbox.forTenant('default').length
  const started = klass.statements.find((e) => e.verb.id === V.initialized)!
  assert.equal(s.services.events.record('default', klass.sessionId, started), false)
  // A content-keyed statement built twice from the same cause has the same id.
  const input = {
    tenantId: 'default', sessionId: klass.sessionId, actor: { id: 'grace', name: 'Grace' }, verb: verbs.raisedHand,
    object: sessionActivity(klass.sessionId, 'x'), timestamp: '2026-12-01T09:10:00.000Z',
  }
  assert.equal(statement(input).id, statement(input).id)
  assert.equal(s.services.events.record('default', klass.sessionId, statement(input)), true)
  assert.equal(s.services.events.record('default', klass.sessionId, statement(input)), false)
  assert.equal(s.services.lifecycle.sessions.transition('default', klass.sessionId, 'live', 'ended'), undefined)
  assert.equal(s.services.events.forSession('default', klass.sessionId).length, before + 1)
  assert.equal(s.services.events.outbox.forTenant('default').length, outboxBefore + 1)
})

test('the validator refuses what xAPI 1.0.3 forbids (so its passes mean something)', () => {
  const good = klass.statements[0]!
  const broken = (patch: (s: any) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const copy = structuredClone(good) as any // eslint-disable-line @typescript-eslint/no-explicit-any
    patch(copy)
    return validateStatement(copy)
  }
  assert.deepEqual(validateStatement(good), [])
  assert.ok(broken((s) => (s.id = 'not-a-uuid')).some((p) => p.startsWith('id:')))
  assert.ok(broken((s) => (s.actor.mbox = 'mailto:a@b.c')).some((p) => p.includes('exactly one')))
  assert.ok(broken((s) => (s.actor.account.homePage = 'urn:x')).some((p) => p.includes('homePage')))
  assert.ok(broken((s) => (s.verb.id = 'answered')).some((p) => p.startsWith('verb.id')))
  assert.ok(broken((s) => (s.verb.display = { en_US: 'x' })).some((p) => p.includes('language tag')))
  assert.ok(broken((s) => (s.context.registration = 'abc')).some((p) => p.startsWith('context.registration')))
  assert.ok(broken((s) => (s.context.extensions = { plain: 1 })).some((p) => p.includes('IRIs')))
  assert.ok(broken((s) => (s.timestamp = '01/12/2026')).some((p) => p.startsWith('timestamp')))
  assert.ok(broken((s) => (s.result = { duration: '5 minutes' })).some((p) => p.startsWith('result.duration')))
  assert.ok(broken((s) => (s.extra = true)).some((p) => p.includes('not a property')))
  assert.ok(broken((s) => delete s.verb).some((p) => p.startsWith('verb')))
})

test('GET /xapi/statements: paging with more returns each statement once, filters, statementId, version header', async () => {
  const s = server()
  // Another tenant's class: none of it may show up.
  const other = await sessionWithTokens(s, { olga: { role: 'instructor', name: 'Olga' } }, otherTenantKey)
  assert.equal((await s.api('POST', `/api/v1/sessions/${other.sessionId}/start`, { auth: other.tokens.olga })).status, 200)
  const otherId = s.services.events.forSession('other', other.sessionId)[0]!.id

  const expected = s.services.events.forSession('default', klass.sessionId).map((e) => e.id).sort()
  const seen: string[] = []
  let next = `/xapi/statements?registration=${klass.sessionId}&limit=5`
  let pages = 0
  while (next) {
    const res = await fetch(s.url + next, { headers: { authorization: `Bearer ${adminKey}` } })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('x-experience-api-version'), '1.0.3')
    const body = (await res.json()) as { statements: XapiStatement[]; more: string }
    assertValidStatements(body.statements)
    seen.push(...body.statements.map((e) => e.id))
    next = body.more
    pages++
  }
  assert.equal(pages, Math.ceil(expected.length / 5))
  assert.deepEqual([...seen].sort(), expected, 'every statement once')

  // Without a registration filter: the whole tenant, never the other's.
  const all: string[] = []
  next = '/xapi/statements?limit=4&ascending=true'
  while (next) {
    const body = (await s.api('GET', next, { auth: adminKey })).body
    all.push(...body.statements.map((e: XapiStatement) => e.id))
    next = body.more
  }
  assert.equal(new Set(all).size, all.length)
  assert.ok(!all.includes(otherId), 'no other tenant’s statement')
  assert.ok(klass.statements.every((e) => all.includes(e.id)))

  const q = (query: string) => s.api('GET', `/xapi/statements?${query}`, { auth: adminKey })
  const byVerb = await q(`verb=${encodeURIComponent(V.answered)}&registration=${klass.sessionId}`)
  assert.deepEqual(byVerb.body.statements.map((e: XapiStatement) => e.actor.account.name).sort(), ['grace', 'lin'])
  const grace = JSON.stringify({ objectType: 'Agent', account: { homePage: s.services.events.homePage('default'), name: 'grace' } })
  const byAgent = await q(`agent=${encodeURIComponent(grace)}&registration=${klass.sessionId}`)
  assert.deepEqual(byAgent.body.statements.map((e: XapiStatement) => short[e.verb.id]).sort(), ['answered', 'commented', 'joined', 'raisedHand'], 'with the replayed raise of the test above')
  const foreignAgent = JSON.stringify({ account: { homePage: s.services.events.homePage('other'), name: 'olga' } })
  assert.deepEqual((await q(`agent=${encodeURIComponent(foreignAgent)}`)).body.statements, [], 'another tenant’s agent matches nothing')
  const pollId = klass.statements.find((e) => e.verb.id === V.asked)!.object.id
  assert.equal((await q(`activity=${encodeURIComponent(pollId)}`)).body.statements.length, 4, 'asked, two answers, closed')
  const sorted = s.services.events.forSession('default', klass.sessionId).sort((a, b) => a.stored!.localeCompare(b.stored!))
  const until = await q(`registration=${klass.sessionId}&until=${encodeURIComponent(sorted[0]!.stored!)}`)
  assert.ok(until.body.statements.length >= 1 && until.body.statements.every((e: XapiStatement) => e.stored! <= sorted[0]!.stored!))
  const since = await q(`registration=${klass.sessionId}&since=${encodeURIComponent(sorted.at(-1)!.stored!)}`)
  assert.deepEqual(since.body.statements, [], 'since is exclusive')

  const one = await q(`statementId=${klass.statements[0]!.id}`)
  assert.equal(one.status, 200)
  assert.equal(one.body.id, klass.statements[0]!.id)
  assert.equal((await q(`statementId=${otherId}`)).status, 404, 'another tenant’s statement is not found')
  assert.equal((await s.api('GET', `/xapi/statements?statementId=${otherId}`, { auth: otherTenantKey })).status, 200)
  assert.equal((await q('agent=%7Bnot-json')).status, 400)
  assert.equal((await q('cursor=bogus')).status, 400)
  assert.equal((await q('since=yesterday')).status, 400)
})

test('GET /xapi/statements is for the admin key only', async () => {
  const s = server()
  const { tokens } = await sessionWithTokens(s, { ada: { role: 'instructor' }, grace: { role: 'learner' } })
  // A token reaches only its own session: for it, the tenant's record does not exist.
  assert.equal((await s.api('GET', '/xapi/statements', { auth: tokens.ada })).status, 404)
  assert.equal((await s.api('GET', '/xapi/statements', { auth: tokens.grace })).status, 404)
  const none = await fetch(`${s.url}/xapi/statements`)
  assert.equal(none.status, 401)
  assert.equal(none.headers.get('x-experience-api-version'), '1.0.3')
})
