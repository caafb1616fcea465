import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { Webhook } from 'standardwebhooks'
import { adminKey, otherTenantKey, sessionWithTokens, startTestServer, tempDataDir, type TestServer } from './helpers/test-server.ts'
import { waitFor } from './helpers/sync-client.ts'
import { startWebhookReceiver } from './helpers/webhook-receiver.ts'
import { spawnHiLinkServer, type SpawnedServer } from '../../tools/spawn-server.mjs'
import { openDatabase } from '../src/db/connection.ts'
import { EventsRepo } from '../src/db/events-repo.ts'
import { TenantsRepo } from '../src/db/tenants-repo.ts'
import { WebhooksRepo } from '../src/db/webhooks-repo.ts'
import { WebhookDeliveriesRepo } from '../src/db/webhook-deliveries-repo.ts'
import { WebhookService } from '../src/webhooks/webhook-service.ts'
import { isPrivateAddress, refuseUrl } from '../src/webhooks/ssrf.ts'
import { postOnce } from '../src/webhooks/http-post.ts'

// Tests deliver to a receiver on loopback: the SSRF guard is what HILINK_WEBHOOK_ALLOW_PRIVATE=1 lifts.
const deliveryEnv = { HILINK_WEBHOOK_ALLOW_PRIVATE: '1', HILINK_DELIVERY_RETRY_BASE_MS: '100', HILINK_DELIVERY_POLL_MS: '50' }
let server: TestServer
const closers: Array<() => Promise<void> | void> = []
before(async () => {
  server = await startTestServer(tempDataDir(), deliveryEnv)
  server.services.tenants.create('Other school', otherTenantKey, 'other')
})
after(async () => {
  for (const close of closers.reverse()) await close()
  await server.stop({ removeData: true })
})

async function receiver(respond?: Parameters<typeof startWebhookReceiver>[0]) {
  const r = await startWebhookReceiver(respond)
  closers.push(r.close)
  return r
}

async function subscribe(url: string, events: string[], key = adminKey) {
  const res = await server.api('POST', '/api/v1/webhooks', { auth: key, body: { url, events } })
  assert.equal(res.status, 201, JSON.stringify(res.body))
  return res.body as { id: string; secret: string; url: string; events: string[] }
}

/** A lesson that starts and ends, with Noah invited and never coming. */
async function lesson() {
  const { sessionId, tokens } = await sessionWithTokens(server, { ada: { role: 'instructor', name: 'Ada' }, noah: { role: 'learner', name: 'Noah' } })
  assert.equal((await server.api('POST', `/api/v1/sessions/${sessionId}/start`, { auth: tokens.ada })).status, 200)
  assert.equal((await server.api('POST', `/api/v1/sessions/${sessionId}/end`, { auth: tokens.ada })).status, 200)
  return sessionId
}

test('subscriptions: the secret once, a list without secrets, delete; admin key only; tenants apart (404)', async () => {
  const created = await subscribe('http://127.0.0.1:9/hooks', ['session.started', 'session.ended'])
  assert.match(created.secret, /^whsec_[A-Za-z0-9+/]+=*$/)
  assert.match(created.id, /^wh_/)
  const listed = await server.api('GET', '/api/v1/webhooks', { auth: adminKey })
  assert.equal(listed.status, 200)
  const mine = listed.body.webhooks.find((w: { id: string }) => w.id === created.id)
  assert.deepEqual(mine.events, ['session.started', 'session.ended'])
  assert.ok(!JSON.stringify(listed.body).includes('whsec_'), 'the secret is shown only at creation')
  assert.deepEqual((await server.api('GET', '/api/v1/webhooks', { auth: otherTenantKey })).body.webhooks, [])
  assert.equal((await server.api('DELETE', `/api/v1/webhooks/${created.id}`, { auth: otherTenantKey })).status, 404)
  assert.equal((await server.api('GET', `/api/v1/webhooks/${created.id}/deliveries`, { auth: otherTenantKey })).status, 404)
  const { tokens } = await sessionWithTokens(server, { ada: { role: 'instructor' } })
  assert.equal((await server.api('GET', '/api/v1/webhooks', { auth: tokens.ada })).status, 404, 'a token reaches only its session')
  assert.equal((await server.api('POST', '/api/v1/webhooks', { auth: adminKey, body: { url: 'http://127.0.0.1:9/', events: ['lesson.over'] } })).status, 400)
  assert.equal((await server.api('POST', '/api/v1/webhooks', { auth: adminKey, body: { url: 'ftp://example.com/', events: ['*'] } })).status, 400)
  assert.equal((await server.api('DELETE', `/api/v1/webhooks/${created.id}`, { auth: adminKey })).status, 204)
  assert.equal((await server.api('DELETE', `/api/v1/webhooks/${created.id}`, { auth: adminKey })).status, 404)
  assert.ok(!(await server.api('GET', '/api/v1/webhooks', { auth: adminKey })).body.webhooks.some((w: { id: string }) => w.id === created.id))
})

test('SSRF guard: loopback, link-local and private targets refused at registration and at connection time', async () => {
  for (const host of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '[::1]', '[fe80::1]', '[::ffff:127.0.0.1]', '0.0.0.0', 'localhost']) {
    assert.ok(await refuseUrl(`http://${host}/x`, false), `${host} refused`)
  }
  assert.equal(await refuseUrl('http://93.184.215.14/x', false), undefined, 'a public address is fine')
  assert.equal(isPrivateAddress('8.8.8.8'), false)
  // At connection time: the receiver on loopback is never reached without the allowance.
  const r = await receiver()
  const refused = await postOnce(r.url, '{}', {}, { allowPrivate: false, timeoutMs: 2000 })
  assert.ok('error' in refused && /private/.test(refused.error), JSON.stringify(refused))
  const byName = await postOnce(r.url.replace('127.0.0.1', 'localhost'), '{}', {}, { allowPrivate: false, timeoutMs: 2000 })
  assert.ok('error' in byName && /private/.test(byName.error), 'a name is checked by the connection’s own lookup')
  assert.equal(r.received.length, 0)
  assert.ok('status' in (await postOnce(r.url, '{}', {}, { allowPrivate: true, timeoutMs: 2000 })), 'allowed, it arrives')
  // And a server without HILINK_WEBHOOK_ALLOW_PRIVATE refuses the registration with a 400.
  const strict = await startTestServer()
  try {
    const res = await strict.api('POST', '/api/v1/webhooks', { auth: adminKey, body: { url: r.url, events: ['*'] } })
    assert.equal(res.status, 400)
    assert.match(res.body.error.message, /private/)
  } finally {
    await strict.stop({ removeData: true })
  }
})

test('a lesson’s events arrive signed by the Standard Webhooks spec and verify with the standardwebhooks package', async () => {
  const r = await receiver()
  const hook = await subscribe(r.url, ['*'])
  r.useSecret(hook.secret)
  const sessionId = await lesson()
  await waitFor(() => r.received.filter((h) => (h.verified?.data as { sessionId?: string } | undefined)?.sessionId === sessionId || JSON.stringify(h.verified?.data ?? {}).includes(sessionId)).length >= 3, 10_000, 'three events')
  const mine = r.received.filter((h) => h.body.includes(sessionId))
  assert.ok(mine.every((h) => h.verified), 'every signature verifies')
  assert.deepEqual(mine.map((h) => h.verified!.type).sort(), ['participant.absent', 'session.ended', 'session.started'])
  const absent = mine.find((h) => h.verified!.type === 'participant.absent')!
  assert.equal(absent.verified!.data.userId, 'noah')
  const started = mine.find((h) => h.verified!.type === 'session.started')!
  assert.equal((started.verified!.data.actor as { account: { name: string } }).account.name, 'ada', 'the statement rides along')
  assert.match(started.id, /^msg_/)
  assert.match(started.signature, /^v1,[A-Za-z0-9+/]+=*$/)
  // A tampered body or a wrong secret does not verify: the check above can fail.
  assert.throws(() => new Webhook(hook.secret).verify(started.body.replace('session', 'sessiom'), { 'webhook-id': started.id, 'webhook-timestamp': started.timestamp, 'webhook-signature': started.signature }))
  // Another tenant's subscriber hears nothing of this lesson.
  const log = await server.api('GET', `/api/v1/webhooks/${hook.id}/deliveries`, { auth: adminKey })
  assert.equal(log.status, 200)
  assert.ok(log.body.deliveries.filter((d: { status: string }) => d.status === 'succeeded').length >= 3)
  await server.api('DELETE', `/api/v1/webhooks/${hook.id}`, { auth: adminKey })
})

test('a receiver that fails twice then succeeds gets exactly one accepted delivery per event, all with one webhook-id', async () => {
  const r = await receiver((_hook, nth) => (nth < 2 ? 503 : 200))
  const hook = await subscribe(r.url, ['session.started'])
  r.useSecret(hook.secret)
  const sessionId = await lesson()
  await waitFor(() => r.accepted().some((h) => h.body.includes(sessionId)), 10_000, 'accepted after retries')
  await new Promise((res) => setTimeout(res, 500)) // nothing more may come
  const mine = r.received.filter((h) => h.body.includes(sessionId))
  assert.deepEqual(mine.map((h) => h.answered), [503, 503, 200])
  assert.equal(new Set(mine.map((h) => h.id)).size, 1, 'one message, one webhook-id')
  assert.ok(mine.every((h) => h.verified))
  const log = (await server.api('GET', `/api/v1/webhooks/${hook.id}/deliveries`, { auth: adminKey })).body.deliveries
  const d = log.find((x: { id: string }) => x.id === mine[0]!.id)
  assert.equal(d.status, 'succeeded')
  assert.equal(d.attempts, 3)
  assert.equal(d.lastStatus, 200)

  // Redelivery by id: the same message (same webhook-id) once more.
  const again = await server.api('POST', `/api/v1/webhooks/${hook.id}/deliveries/${d.id}/redeliver`, { auth: adminKey })
  assert.equal(again.status, 202)
  await waitFor(() => r.received.filter((h) => h.id === d.id).length === 4, 5000, 'redelivered')
  assert.equal((await server.api('POST', `/api/v1/webhooks/${hook.id}/deliveries/${d.id}/redeliver`, { auth: otherTenantKey })).status, 404)
  assert.equal((await server.api('POST', `/api/v1/webhooks/${hook.id}/deliveries/msg_nope/redeliver`, { auth: adminKey })).status, 404)
  await server.api('DELETE', `/api/v1/webhooks/${hook.id}`, { auth: adminKey })
})

test('after 24 hours without success a message is marked failed (the worker over a clock it is given)', async () => {
  const dir = tempDataDir()
  const db = openDatabase(path.join(dir, 'x.sqlite'))
  const r = await receiver(() => 500)
  let now = Date.parse('2026-12-01T09:00:00Z')
  try {
    new TenantsRepo(db).create('T', 'hl_admin_24h-test-key-000000000000000', 't')
    const events = new EventsRepo(db)
    const service = new WebhookService(db, events.outbox, new WebhooksRepo(db), new WebhookDeliveriesRepo(db), {
      allowPrivate: true, retryBaseMs: 60_000, pollMs: 1000, now: () => now,
    })
    const created = await service.create('t', { url: r.url, events: ['exception.raised'] })
    assert.ok('created' in created)
    const hookId = created.created.id
    events.outbox.add({ id: 'e1', tenantId: 't', sessionId: null, kind: 'event', type: 'exception.raised', payload: { kind: 'test' } })
    await service.runOnce()
    let [d] = service.deliveriesOf('t', hookId)!
    assert.equal(d!.status, 'pending')
    assert.equal(d!.attempts, 1)
    const firstRetry = Date.parse(d!.nextAttemptAt!) - now
    assert.ok(firstRetry >= 48_000 && firstRetry <= 72_000, `first retry after about a minute (${firstRetry})`)
    // Attempts keep coming with growing delays until the day is over.
    let previousGap = firstRetry
    while (d!.status === 'pending') {
      now = Date.parse(d!.nextAttemptAt!)
      await service.runOnce()
      ;[d] = service.deliveriesOf('t', hookId)!
      if (d!.status === 'pending') {
        const gap = Date.parse(d!.nextAttemptAt!) - now
        assert.ok(gap >= previousGap * 0.6 || gap >= 3600_000 * 0.8, 'backoff grows (jitter aside) up to its cap')
        previousGap = gap
      }
    }
    assert.equal(d!.status, 'failed')
    assert.ok(now - Date.parse('2026-12-01T09:00:00Z') <= 24 * 3600_000)
    assert.ok(d!.attempts > 5 && d!.attempts < 40, `${d!.attempts} attempts`)
    assert.equal(r.received.length, d!.attempts)
    await service.close()
  } finally {
    db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('SIGKILL mid-delivery loses nothing: after a restart the message arrives, duplicates share webhook-id', async () => {
  let hang = true
  const r = await receiver(() => (hang ? 'hang' : 200))
  const dataDir = tempDataDir()
  const env = { ...deliveryEnv, HILINK_DELIVERY_POLL_MS: '50' }
  let child: SpawnedServer | undefined = await spawnHiLinkServer({ env, dataDir, adminKey })
  try {
    const hook = await child.api('POST', '/api/v1/webhooks', { url: r.url, events: ['session.started'] })
    r.useSecret(hook.secret)
    const { sessionId, tokens } = await child.createSession([{ userId: 'ada', name: 'Ada', role: 'instructor' }])
    await child.api('POST', `/api/v1/sessions/${sessionId}/start`, undefined, tokens.ada)
    await waitFor(() => r.received.length === 1, 10_000, 'the first attempt reaches the receiver')
    await child.stop('SIGKILL') // while the receiver holds the request: nothing was marked delivered
    child = undefined
    hang = false
    child = await spawnHiLinkServer({ env, dataDir, adminKey })
    await waitFor(() => r.accepted().length === 1, 10_000, 'delivered after the restart')
    assert.ok(r.received.length >= 2)
    assert.equal(new Set(r.received.map((h) => h.id)).size, 1, 'the duplicate has the same webhook-id')
    assert.ok(r.received.every((h) => h.verified && h.verified.type === 'session.started' && h.body.includes(sessionId)))
    const log = await child.api('GET', `/api/v1/webhooks/${hook.id}/deliveries`)
    assert.equal(log.deliveries.length, 1)
    assert.equal(log.deliveries[0].status, 'succeeded')
  } finally {
    await child?.stop('SIGKILL')
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
})
