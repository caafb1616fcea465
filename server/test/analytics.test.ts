import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { adminKey, otherTenantKey, sessionBody, startTestServer, tempDataDir, type TestServer } from './helpers/test-server.ts'
import { connectPeer, destroyAllPeers, waitFor, whenSynced } from './helpers/sync-client.ts'
import { startWebhookReceiver } from './helpers/webhook-receiver.ts'

let server: TestServer
let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>
before(async () => {
  server = await startTestServer(tempDataDir(), {
    HILINK_WEBHOOK_ALLOW_PRIVATE: '1',
    HILINK_DELIVERY_RETRY_BASE_MS: '100',
    HILINK_DELIVERY_POLL_MS: '50',
    HILINK_EXCEPTION_SCAN_MS: '200',
  })
  server.services.tenants.create('Other school', otherTenantKey, 'other')
  hooks = await startWebhookReceiver()
  const sub = await server.api('POST', '/api/v1/webhooks', { auth: adminKey, body: { url: hooks.url, events: ['exception.raised', 'learner.at_risk'] } })
  assert.equal(sub.status, 201)
  hooks.useSecret(sub.body.secret)
})
after(async () => {
  destroyAllPeers()
  await hooks.close()
  await server.stop({ removeData: true })
})

type Role = 'instructor' | 'learner'
async function session(people: Record<string, Role>, body: Partial<typeof sessionBody> = {}) {
  const created = await server.api('POST', '/api/v1/sessions', { auth: adminKey, body: { ...sessionBody, courseId: 'algebra', ...body } })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const id = created.body.id as string
  const tokens: Record<string, string> = {}
  for (const [userId, role] of Object.entries(people)) {
    tokens[userId] = (await server.api('POST', `/api/v1/sessions/${id}/tokens`, { auth: adminKey, body: { userId, name: userId.toUpperCase(), role } })).body.token
  }
  const api = (method: string, path: string, auth: string, b?: unknown) =>
    server.api(method, `/api/v1/sessions/${id}${path}`, { auth, ...(b === undefined ? {} : { body: b }) })
  return { id, tokens, api }
}

const week = (n: number) => ({
  scheduledStart: new Date(Date.parse('2026-12-01T09:00:00Z') + n * 7 * 86400_000).toISOString(),
  scheduledEnd: new Date(Date.parse('2026-12-01T10:00:00Z') + n * 7 * 86400_000).toISOString(),
})

test('engagement per learner: every figure with the statements it comes from; absent learners; roles and tenants', async () => {
  const { id, tokens, api } = await session({ ada: 'instructor', grace: 'learner', alan: 'learner' })
  assert.equal((await api('POST', '/start', tokens.ada!)).status, 200)
  const peer = connectPeer(server.url, id, tokens.grace!)
  await whenSynced(peer)
  const check = await api('POST', '/polls', tokens.ada!, { kind: 'check', question: '2+2?', options: ['4', '5'], correctOption: 0 })
  assert.equal((await api('POST', `/polls/${check.body.id}/answer`, tokens.grace!, { option: 1 })).status, 200)
  assert.equal((await api('POST', `/polls/${check.body.id}/answer`, tokens.grace!, { option: 0 })).status, 200, 'the last answer counts')
  assert.equal((await api('POST', '/chat', tokens.grace!, { text: 'done' })).status, 201)
  assert.equal((await api('PUT', '/hand', tokens.grace!, { raised: true })).status, 200)
  // Six and a half seconds away from the tab: 0.1 minute.
  const signal = async (type: string) =>
    assert.equal((await server.api('POST', '/api/v1/events', { auth: tokens.grace!, body: { id: randomUUID(), type, at: new Date().toISOString() } })).status, 202)
  await signal('tab-hidden')
  await new Promise((r) => setTimeout(r, 6500))
  await signal('tab-visible')
  const res = await api('GET', '/engagement', tokens.ada!)
  assert.equal(res.status, 200, JSON.stringify(res.body))
  const grace = res.body.learners.find((l: { userId: string }) => l.userId === 'grace')
  const alan = res.body.learners.find((l: { userId: string }) => l.userId === 'alan')
  const statements = server.services.events.forSession('default', id)
  const idOf = (verb: string, actor = 'grace') => statements.filter((s) => s.verb.id.endsWith(verb) && s.actor.account.name === actor).map((s) => s.id)
  assert.deepEqual(grace.handRaises, { value: 1, sources: idOf('raised-hand') })
  assert.deepEqual(grace.chatMessages, { value: 1, sources: idOf('commented') })
  assert.equal(grace.pollsAnswered.value, 1)
  assert.equal(grace.pollsAsked, 1)
  assert.deepEqual(grace.checksCorrect, { value: 1, sources: [idOf('answered').at(-1)] })
  assert.equal(grace.checksAnswered.value, 1)
  assert.equal(grace.awayMinutes.value, 0.1)
  assert.deepEqual([...grace.awayMinutes.sources].sort(), [...idOf('tab-hidden'), ...idOf('tab-visible')].sort())
  assert.deepEqual(grace.presence.sources, idOf('join'))
  assert.equal(grace.presence.absent, false)
  assert.equal(alan.presence.absent, true)
  assert.equal(alan.pollsAnswered.value, 0)
  assert.equal(res.body.learners.some((l: { userId: string }) => l.userId === 'ada'), false, 'learners only')
  assert.equal((await api('GET', '/engagement', adminKey)).status, 200)
  assert.equal((await api('GET', '/engagement', tokens.grace!)).status, 403)
  assert.equal((await api('GET', '/engagement', otherTenantKey)).status, 404)
  peer.destroy()
})

test('a no-show learner: absent, exceptions by the in-server scheduler, at risk after three missed sessions (listed), back after absence', async () => {
  const missed: string[] = []
  for (let n = 0; n < 3; n++) {
    const s = await session({ ada: 'instructor', grace: 'learner', noah: 'learner' }, week(n))
    assert.equal((await s.api('POST', '/start', s.tokens.ada!)).status, 200)
    const peer = connectPeer(server.url, s.id, s.tokens.grace!)
    await whenSynced(peer)
    assert.equal((await s.api('POST', '/end', s.tokens.ada!)).status, 200)
    peer.destroy()
    const attendance = (await s.api('GET', '/attendance', adminKey)).body.participants
    assert.equal(attendance.find((p: { userId: string }) => p.userId === 'noah').absent, true)
    missed.push(s.id)
  }
  const risk = await server.api('GET', '/api/v1/learners/at-risk', { auth: adminKey })
  assert.equal(risk.status, 200)
  const noah = risk.body.learners.find((l: { userId: string; courseId: string }) => l.userId === 'noah' && l.courseId === 'algebra')
  assert.ok(noah, JSON.stringify(risk.body))
  const signal = noah.signals.find((s: { kind: string }) => s.kind === 'missed_sessions')
  assert.deepEqual([...signal.sessions].sort(), [...missed].sort())
  assert.equal(signal.sources.length, 3)
  assert.ok(!risk.body.learners.some((l: { userId: string }) => l.userId === 'grace'))
  assert.equal((await server.api('GET', '/api/v1/learners/at-risk?missedSessions=4', { auth: adminKey })).body.learners.length, 0, 'thresholds apply')
  assert.deepEqual((await server.api('GET', '/api/v1/learners/at-risk', { auth: otherTenantKey })).body.learners, [])

  // Noah comes back to the fourth session.
  const back = await session({ ada: 'instructor', noah: 'learner' }, week(3))
  assert.equal((await back.api('POST', '/start', back.tokens.ada!)).status, 200)
  const peer = connectPeer(server.url, back.id, back.tokens.noah!)
  await whenSynced(peer)
  assert.equal((await back.api('POST', '/end', back.tokens.ada!)).status, 200)
  // An instructor who never starts: 20 minutes after the scheduled start.
  const noShow = await session({ ada: 'instructor' }, { scheduledStart: new Date(Date.now() - 20 * 60_000).toISOString(), scheduledEnd: new Date(Date.now() + 40 * 60_000).toISOString() })

  const kinds = async () => (await server.api('GET', '/api/v1/exceptions', { auth: adminKey })).body.exceptions as Array<{ kind: string; sessionId: string; userId: string | null }>
  let list: Awaited<ReturnType<typeof kinds>> = []
  await waitFor(() => {
    void kinds().then((l) => (list = l))
    return list.some((e) => e.kind === 'back_after_absence') && list.some((e) => e.kind === 'instructor_no_show')
  }, 10_000, 'the scheduler raises exceptions')
  assert.deepEqual(list.filter((e) => e.kind === 'learner_no_show').map((e) => e.sessionId).sort(), [...missed].sort())
  assert.ok(list.filter((e) => e.kind === 'learner_no_show').every((e) => e.userId === 'noah'))
  assert.deepEqual(list.filter((e) => e.kind === 'back_after_absence').map((e) => [e.sessionId, e.userId]), [[back.id, 'noah']])
  assert.deepEqual(list.filter((e) => e.kind === 'instructor_no_show').map((e) => e.sessionId), [noShow.id])
  assert.ok(list.some((e) => e.kind === 'ended_early' && e.sessionId === back.id), 'ended days before its scheduled end')
  const count = list.length
  await new Promise((r) => setTimeout(r, 600))
  assert.equal((await kinds()).length, count, 'each cause is raised once, however often the scheduler runs')
  assert.deepEqual((await server.api('GET', '/api/v1/exceptions', { auth: otherTenantKey })).body.exceptions, [])
  assert.equal((await server.api('GET', '/api/v1/exceptions', { auth: back.tokens.ada! })).status, 404, 'a token reaches only its session')

  // The same exceptions and the at-risk flag arrive as verified webhooks.
  await waitFor(() => hooks.received.filter((h) => h.verified?.type === 'exception.raised').length >= count, 10_000, 'exception webhooks')
  const raised = hooks.received.filter((h) => h.verified?.type === 'exception.raised').map((h) => h.verified!.data.kind)
  assert.ok(raised.includes('instructor_no_show') && raised.includes('back_after_absence') && raised.includes('learner_no_show'))
  await waitFor(() => hooks.received.some((h) => h.verified?.type === 'learner.at_risk' && h.verified.data.userId === 'noah'), 10_000, 'at-risk webhook')
  assert.ok(hooks.received.every((h) => h.verified), 'every signature verifies')
  peer.destroy()
})

test('declining engagement flags a learner with the sessions and interactions behind it; thresholds per tenant', async () => {
  const sessions: string[] = []
  for (let n = 0; n < 4; n++) {
    const s = await session({ ada: 'instructor', lin: 'learner' }, { ...week(10 + n), courseId: 'geometry' })
    assert.equal((await s.api('POST', '/start', s.tokens.ada!)).status, 200)
    const peer = connectPeer(server.url, s.id, s.tokens.lin!)
    await whenSynced(peer)
    if (n < 2) {
      // Busy in the first two lessons: a question, two messages, an answer; silent in the last two.
      assert.equal((await s.api('PUT', '/hand', s.tokens.lin!, { raised: true })).status, 200)
      assert.equal((await s.api('POST', '/chat', s.tokens.lin!, { text: `one ${n}` })).status, 201)
      assert.equal((await s.api('POST', '/chat', s.tokens.lin!, { text: `two ${n}` })).status, 201)
    }
    assert.equal((await s.api('POST', '/end', s.tokens.ada!)).status, 200)
    peer.destroy()
    sessions.push(s.id)
  }
  const risk = (query = '', key = adminKey) => server.api('GET', `/api/v1/learners/at-risk${query}`, { auth: key })
  const lin = (await risk()).body.learners.find((l: { userId: string }) => l.userId === 'lin')
  assert.ok(lin, 'lin is flagged')
  const signal = lin.signals.find((s: { kind: string }) => s.kind === 'declining_engagement')
  assert.deepEqual(signal.sessions, sessions)
  const early = [...server.services.events.forSession('default', sessions[0]!), ...server.services.events.forSession('default', sessions[1]!)]
    .filter((e) => e.actor.account.name === 'lin' && /raised-hand|commented/.test(e.verb.id))
    .map((e) => e.id)
  assert.deepEqual([...signal.sources].sort(), early.sort(), 'the interactions it was computed from')
  assert.equal((await risk('?engagementDrop=100')).body.learners.some((l: { userId: string }) => l.userId === 'lin'), true, '100 % drop: still flagged')

  // The tenant's own thresholds apply to every request; query parameters override them for one.
  assert.deepEqual((await server.api('GET', '/api/v1/learners/at-risk/thresholds', { auth: adminKey })).body, { missedSessions: 3, correctnessDrop: 30, engagementDrop: 50 })
  const put = await server.api('PUT', '/api/v1/learners/at-risk/thresholds', { auth: adminKey, body: { missedSessions: 4, correctnessDrop: 30, engagementDrop: 50 } })
  assert.equal(put.status, 200)
  assert.equal((await risk()).body.learners.some((l: { userId: string }) => l.userId === 'noah'), false, 'three missed sessions no longer flag')
  assert.equal((await risk('?missedSessions=3')).body.learners.some((l: { userId: string }) => l.userId === 'noah'), true, 'the query overrides')
  assert.deepEqual((await server.api('GET', '/api/v1/learners/at-risk/thresholds', { auth: otherTenantKey })).body.missedSessions, 3, 'another tenant keeps its own')
  assert.equal((await server.api('PUT', '/api/v1/learners/at-risk/thresholds', { auth: adminKey, body: { missedSessions: 0, correctnessDrop: 30, engagementDrop: 50 } })).status, 400)
})
