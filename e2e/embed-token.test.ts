import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Frame, Page } from 'playwright-core'
import { adminKey, sessionWithTokens, startTestServer, type TestServer } from '../server/test/helpers/test-server.ts'
import { until } from './av-helpers.ts'
import { hostServer, launchChromium, type HostServer } from './browser.ts'

/**
 * Token refresh through the iframe bridge (issue 13 item 3, issue 10 item 4), in Chromium against the real server
 * and a host page on another loopback origin. Two learners get 30 s tokens in `/embed/:sessionId`: Grace's host
 * answers `hilink:token-expiring` with a fresh token (`hilink:set-token`) and she keeps working past the first
 * token's expiry without a reload; Alan's host does not answer, and he sees the expired screen at `exp`; so does
 * Olga, launched from an LMS (the LTI cookie), whose screen sends her back to the course for a new launch.
 */
const timeout = { timeout: 20_000 }

let hilink: TestServer
let host: HostServer
let browser: Browser
before(async () => {
  hilink = await startTestServer()
  host = await hostServer()
  hilink.services.tenants.update('default', { allowedOrigins: [host.origin] })
  browser = await launchChromium()
})
after(async () => {
  await browser?.close()
  await host?.close()
  await hilink?.stop({ removeData: true })
})

/**
 * A host page with the iframe that keeps what the iframe posts. With `renews`, it answers `hilink:token-expiring`
 * as docs/embedding.md shows: a fresh token from its back end (here `window.freshToken`, bound to the test).
 */
const hostPage = (src: string, renews: boolean) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner app</title></head>
<body><main><h1>Partner app</h1>
<iframe id="hl" title="Classroom" src="${src}" style="width: 100%; height: 640px; border: 0"></iframe></main>
<script>
  window.received = []
  const hilink = ${JSON.stringify(hilink.url)}
  const frame = document.getElementById('hl')
  addEventListener('message', async (e) => {
    if (e.origin !== hilink || e.source !== frame.contentWindow) return
    window.received.push(e.data)
    if (${renews} && e.data.type === 'hilink:token-expiring') {
      const token = await window.freshToken()
      frame.contentWindow.postMessage({ type: 'hilink:set-token', version: 1, id: 'renew', token }, hilink)
    }
  })
</script></body></html>`

type Message = { type: string; id?: string; command?: string; detail?: Record<string, unknown> } & Record<string, unknown>
const received = (page: Page) => page.evaluate(() => (window as unknown as { received: Message[] }).received)
const embedFrame = (page: Page): Frame => {
  const frame = page.frames().find((f) => f.url().startsWith(`${hilink.url}/embed/`))
  if (!frame) throw new Error(`no embed frame in ${page.frames().map((f) => f.url()).join(', ')}`)
  return frame
}
/** The embedded room as the frame sees it: its token and connection status. */
const roomState = (frame: Frame) =>
  frame.evaluate(() => {
    const room = (document.querySelector('hl-classroom') as (HTMLElement & { room?: { token: string; status: string } }) | null)?.room
    return { token: room?.token, status: room?.status, notReloaded: (window as unknown as { notReloaded?: boolean }).notReloaded === true }
  })

test('30 s tokens in an iframe: a host answering hilink:token-expiring keeps the classroom working past expiry; one that does not sees the expired screen', { timeout: 120_000 }, async () => {
  const { sessionId, tokens } = await sessionWithTokens(hilink, {
    ada: { role: 'instructor', name: 'Ada' },
    grace: { role: 'learner', name: 'Grace', ttlSeconds: 30 },
    alan: { role: 'learner', name: 'Alan', ttlSeconds: 30 },
    olga: { role: 'learner', name: 'Olga', ttlSeconds: 30 },
  })
  const started = Date.now()
  assert.equal((await hilink.api('POST', `/api/v1/sessions/${sessionId}/start`, { auth: tokens.ada })).status, 200)
  host.pages.set('/renews.html', hostPage(`${hilink.url}/embed/${sessionId}#token=${tokens.grace}`, true))
  host.pages.set('/silent.html', hostPage(`${hilink.url}/embed/${sessionId}#token=${tokens.alan}`, false))
  // An LTI launch: the token in the hilink_embed cookie (lti.md), framed by an LMS that knows nothing of HiLink.
  host.pages.set('/lms.html', hostPage(`${hilink.url}/embed/${sessionId}`, false))

  const grace = await (await browser.newContext()).newPage()
  const minted: string[] = []
  await grace.exposeFunction('freshToken', async () => {
    const answer = await hilink.api('POST', `/api/v1/sessions/${sessionId}/tokens`, { auth: adminKey, body: { userId: 'grace', name: 'Grace', role: 'learner', ttlSeconds: 3600 } })
    minted.push(answer.body.token as string)
    return answer.body.token as string
  })
  const alan = await (await browser.newContext()).newPage()
  const lmsContext = await browser.newContext()
  await lmsContext.addCookies([{ name: 'hilink_embed', value: tokens.olga, url: `${hilink.url}/embed/${sessionId}`, httpOnly: true }])
  const olga = await lmsContext.newPage()
  await Promise.all([grace.goto(`${host.origin}/renews.html`), alan.goto(`${host.origin}/silent.html`), olga.goto(`${host.origin}/lms.html`)])
  for (const page of [grace, alan, olga]) {
    const frame = embedFrame(page)
    await frame.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor(timeout)
    await frame.evaluate(() => {
      ;(window as unknown as { notReloaded: boolean }).notReloaded = true
    })
  }

  // Less than a minute left: both frames ask their host at once, with the token's exp.
  const grantedExp = JSON.parse(Buffer.from(tokens.grace.split('.')[1]!, 'base64url').toString()).exp as number
  for (const page of [grace, alan, olga]) {
    await until(async () => (await received(page)).some((m) => m.type === 'hilink:token-expiring'), 'hilink:token-expiring', timeout.timeout)
  }
  const asked = (await received(grace)).filter((m) => m.type === 'hilink:token-expiring')
  assert.equal(asked.length, 1)
  assert.deepEqual([asked[0]!.version, asked[0]!.sessionId, asked[0]!.exp], [1, sessionId, grantedExp])

  // Grace's host answered; the frame acked with the new token's exp and reconnected with it.
  await until(async () => (await received(grace)).some((m) => m.id === 'renew'), 'the answer to set-token', timeout.timeout)
  const ack = (await received(grace)).find((m) => m.id === 'renew')!
  assert.equal(ack.type, 'hilink:ack', JSON.stringify(ack))
  assert.equal(ack.command, 'set-token')
  assert.equal(minted.length, 1)

  // Alan's host stays silent: the expired screen at exp, not before, and nothing of the classroom behind it.
  const alanFrame = embedFrame(alan)
  await alanFrame.locator('hl-classroom [part="link-problem"]').getByRole('heading', { name: 'This classroom link has expired' }).waitFor({ timeout: 60_000 })
  assert.ok(Date.now() - started >= 25_000, `not before its time (${Date.now() - started} ms)`)
  assert.equal(await alanFrame.locator('hl-classroom hl-roster').count(), 0)
  await until(async () => (await received(alan)).some((m) => m.type === 'hilink:status-change' && m.detail?.status === 'denied'), 'denied', timeout.timeout)
  await alanFrame.getByText('Ask your school or instructor for a new link, then open it again.').waitFor(timeout)
  // A token pushed later still brings him back, in the same page.
  const late = await hilink.api('POST', `/api/v1/sessions/${sessionId}/tokens`, { auth: adminKey, body: { userId: 'alan', name: 'Alan', role: 'learner', ttlSeconds: 3600 } })
  await alan.evaluate(
    ([token, origin]) => (document.getElementById('hl') as HTMLIFrameElement).contentWindow!.postMessage({ type: 'hilink:set-token', version: 1, id: 'late', token }, origin!),
    [late.body.token as string, hilink.url],
  )
  await until(async () => (await received(alan)).find((m) => m.id === 'late')?.type === 'hilink:ack', 'the ack of the late token', timeout.timeout)
  await alanFrame.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor(timeout)
  assert.deepEqual(await roomState(alanFrame), { token: late.body.token, status: 'live', notReloaded: true })

  // Olga's LTI launch: the same screen, pointing back to the course for a new launch (there is no link to ask for).
  const olgaProblem = embedFrame(olga).locator('hl-classroom [part="link-problem"]')
  await olgaProblem.getByRole('heading', { name: 'This classroom link has expired' }).waitFor(timeout)
  // The page's own paragraph in the classroom's link-help slot: it shows only once the expired screen does.
  await embedFrame(olga).locator('hl-classroom').getByText('Open this activity again from your course page to continue.').waitFor(timeout)
  assert.equal(await olgaProblem.getByText('Ask your school').isVisible(), false, 'the fallback advice gives way')

  // Grace, past her first token's expiry: the same page, live on the new token, and a command is accepted
  // (the hand goes up through the API and comes back through the sync socket).
  await until(async () => Date.now() >= grantedExp * 1000 + 2000, 'the first token to expire', 60_000)
  const frame = embedFrame(grace)
  const state = await roomState(frame)
  assert.deepEqual(state, { token: minted[0], status: 'live', notReloaded: true })
  await frame.getByRole('button', { name: 'Raise hand' }).click()
  await frame.getByRole('button', { name: 'Lower hand' }).waitFor(timeout)
  assert.equal(await frame.locator('hl-classroom [part="link-problem"]').count(), 0)
  assert.equal((await received(grace)).filter((m) => m.type === 'hilink:token-expiring').length, 1, 'asked once: the new token lasts an hour')
  await grace.context().close()
  await alan.context().close()
  await lmsContext.close()
})

test('a pushed hilink:set-token of another session is refused with wrong_session and the frame keeps its own', async () => {
  const mine = await sessionWithTokens(hilink, { grace: { role: 'learner', name: 'Grace' } })
  const other = await sessionWithTokens(hilink, { grace: { role: 'learner', name: 'Grace' } })
  host.pages.set('/push.html', hostPage(`${hilink.url}/embed/${mine.sessionId}#token=${mine.tokens.grace}`, false))
  const page = await (await browser.newContext()).newPage()
  await page.goto(`${host.origin}/push.html`)
  const frame = embedFrame(page)
  await frame.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor(timeout)
  await page.evaluate(
    ([token, origin]) => (document.getElementById('hl') as HTMLIFrameElement).contentWindow!.postMessage({ type: 'hilink:set-token', version: 1, id: 'push', token }, origin!),
    [other.tokens.grace, hilink.url],
  )
  await until(async () => (await received(page)).some((m) => m.id === 'push'), 'the answer to set-token', timeout.timeout)
  const answer = (await received(page)).find((m) => m.id === 'push')!
  assert.deepEqual([answer.type, answer.code], ['hilink:error', 'wrong_session'], JSON.stringify(answer))
  assert.equal((await roomState(frame)).token, mine.tokens.grace)
  await frame.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor(timeout)
  await page.context().close()
})
