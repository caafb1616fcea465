import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Frame, Page } from 'playwright-core'
import { sessionWithTokens, startTestServer, type TestServer } from '../server/test/helpers/test-server.ts'
import { waitFor } from '../tools/wait.mjs'
import { axeViolations, hostServer, launchChromium, type HostServer } from './browser.ts'
import { launchAvChromium, until } from './av-helpers.ts'
import { defaultSfuBinary, sfuBinaryExists } from '../server/src/av/sfu-process.ts'

/**
 * Embedding across origins (issue 13, item 3), in Chromium against the real server and real host pages on two
 * other loopback origins. The allowed host (A) embeds `<hl-classroom>` from /sdk/hilink.js for the instructor,
 * and the iframe (`/embed/:sessionId#token=…`) for a learner: it hears the iframe's events by postMessage and
 * commands it (set-locale changes visible text, leave leaves). A second origin (C), not allowed, can neither
 * frame the page nor command it from a frame inside the allowed host.
 */
const timeout = { timeout: 20_000 }

let hilink: TestServer
let hostA: HostServer
let hostC: HostServer
let browser: Browser
before(async () => {
  hilink = await startTestServer()
  hostA = await hostServer()
  hostC = await hostServer()
  hilink.services.tenants.update('default', { allowedOrigins: [hostA.origin] })
  browser = await launchChromium()
})
after(async () => {
  await browser?.close()
  await hostA?.close()
  await hostC?.close()
  await hilink?.stop({ removeData: true })
})

const elementPage = () => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner app with the element</title>
<script type="module" src="${hilink.url}/sdk/hilink.js"></script></head>
<body><main><h1>Partner app</h1><hl-classroom server="${hilink.url}"></hl-classroom></main>
<script type="module">
  document.querySelector('hl-classroom').token = new URLSearchParams(location.hash.slice(1)).get('token')
</script></body></html>`

/** A host page with the iframe; it keeps what the iframe posts and can send it commands. */
const iframePage = (src: string, extra = '') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner app with the iframe</title></head>
<body><main><h1>Partner app</h1>
<iframe id="hl" title="Classroom" src="${src}" allow="microphone; camera; autoplay" style="width: 100%; height: 640px; border: 0"></iframe>
${extra}</main>
<script>
  window.received = []
  const frame = document.getElementById('hl')
  addEventListener('message', (e) => {
    if (e.origin === ${JSON.stringify(hilink.url)} && e.source === frame.contentWindow) window.received.push(e.data)
  })
  window.command = (m) => frame.contentWindow.postMessage({ version: 1, ...m }, ${JSON.stringify(hilink.url)})
</script></body></html>`

type Message = { type: string; id?: string; detail?: Record<string, unknown> } & Record<string, unknown>
const received = (page: Page) => page.evaluate(() => (window as unknown as { received: Message[] }).received)
async function waitForMessage(page: Page, match: (m: Message) => boolean, what: string): Promise<Message> {
  let found: Message | undefined
  const deadline = Date.now() + timeout.timeout
  while (!found) {
    found = (await received(page)).find(match)
    if (found) break
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(await received(page))}`)
    await page.waitForTimeout(50)
  }
  return found
}
let commandId = 0
async function command(page: Page, message: Record<string, unknown>): Promise<Message> {
  const id = `cmd-${++commandId}`
  await page.evaluate((m) => (window as unknown as { command(m: unknown): void }).command(m), { ...message, id })
  return waitForMessage(page, (m) => m.id === id, `the answer to ${String(message.type)}`)
}
const embedFrame = (page: Page): Frame => {
  const frame = page.frames().find((f) => f.url().startsWith(`${hilink.url}/embed/`))
  if (!frame) throw new Error(`no embed frame in ${page.frames().map((f) => f.url()).join(', ')}`)
  return frame
}

test('an allowed origin embeds the element and the iframe: events by postMessage, commands obeyed', async () => {
  const { sessionId, tokens } = await sessionWithTokens(hilink, {
    ada: { role: 'instructor', name: 'Ada' },
    grace: { role: 'learner', name: 'Grace' },
  })
  hostA.pages.set('/element.html', elementPage())
  hostA.pages.set('/iframe.html', iframePage(`${hilink.url}/embed/${sessionId}#token=${tokens.grace}`))

  // The element from /sdk/hilink.js on another origin: a CORS module script; Ada joins and sees herself.
  const ada = await (await browser.newContext()).newPage()
  await ada.goto(`${hostA.origin}/element.html#token=${tokens.ada}`)
  await ada.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor(timeout)

  // The iframe: Grace joins; the host hears ready, joined and the status by postMessage.
  const grace = await (await browser.newContext()).newPage()
  const undelivered: string[] = []
  grace.on('console', (m) => {
    if (m.text().includes("Failed to execute 'postMessage'")) undelivered.push(m.text())
  })
  await grace.goto(`${hostA.origin}/iframe.html`)
  const frame = () => embedFrame(grace)
  await frame().locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor(timeout)
  assert.equal(new URL(frame().url()).hash, '', 'the token is taken out of the iframe’s address')
  assert.deepEqual((await waitForMessage(grace, (m) => m.type === 'hilink:joined', 'hilink:joined')).detail, {
    sessionId,
    userId: 'grace',
    name: 'Grace',
    role: 'learner',
  })
  const first = await received(grace)
  assert.ok(first.some((m) => m.type === 'hilink:ready' && m.version === 1 && m.sessionId === sessionId))
  assert.ok(first.some((m) => m.type === 'hilink:status-change' && m.detail?.status === 'live'))
  await ada.locator('hl-classroom hl-roster').getByText('In the room (2)').waitFor(timeout)
  await frame().locator('hl-classroom hl-roster').getByText('Ada').waitFor(timeout)
  assert.deepEqual(await command(grace, { type: 'hilink:ready' }), {
    type: 'hilink:ack',
    command: 'ready',
    id: `cmd-${commandId}`,
    sessionId,
    status: 'live',
    version: 1,
  })

  assert.deepEqual(undelivered, [], 'addressed to the parent’s origin alone (Chromium reports it): no copy to another origin')

  // A hand raised inside the iframe reaches the host as an event.
  await ada.getByRole('button', { name: 'Start lesson' }).click()
  await frame().getByRole('button', { name: 'Raise hand' }).click()
  const hand = await waitForMessage(grace, (m) => m.type === 'hilink:request-raise-hand', 'hilink:request-raise-hand')
  assert.deepEqual(hand.detail, { sessionId })
  await ada.locator('hl-classroom hl-hand-raise [part="hand"]').getByText('Grace').waitFor(timeout)

  // set-locale: the iframe's text changes; mute without AV: a clear error; set-theme: dark.
  const localeAnswer = await command(grace, { type: 'hilink:set-locale', locale: 'es' })
  assert.equal(localeAnswer.type, 'hilink:ack', JSON.stringify(localeAnswer))
  await frame().locator('hl-classroom [part="leave"]').filter({ hasText: 'Salir' }).waitFor(timeout)
  assert.equal((await command(grace, { type: 'hilink:mute' })).code, 'av_unavailable')
  assert.equal((await command(grace, { type: 'hilink:set-theme', theme: 'dark' })).type, 'hilink:ack')
  assert.equal(await frame().locator('hl-classroom').getAttribute('theme'), 'dark')
  assert.equal(await frame().locator('html').getAttribute('data-theme'), 'dark', 'the page behind it too')
  assert.equal((await command(grace, { type: 'hilink:shout' })).code, 'unknown_command')

  // leave: Grace leaves the room; the host hears hilink:left; Ada sees one person.
  assert.equal((await command(grace, { type: 'hilink:leave' })).type, 'hilink:ack')
  assert.deepEqual((await waitForMessage(grace, (m) => m.type === 'hilink:left', 'hilink:left')).detail, { sessionId })
  await frame().locator('hl-classroom [part="left"]').waitFor(timeout)
  await ada.locator('hl-classroom hl-roster').getByText('In the room (1)').waitFor(timeout)
  await ada.context().close()
  await grace.context().close()
})

test('an origin that is not allowed cannot frame the page, nor command it from inside an allowed host', async () => {
  const { sessionId, tokens } = await sessionWithTokens(hilink, { alan: { role: 'learner', name: 'Alan' } })
  const res = await fetch(`${hilink.url}/embed/${sessionId}`)
  assert.match(res.headers.get('content-security-policy') ?? '', new RegExp(`frame-ancestors 'self' ${hostA.origin}(;|$)`))
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff')

  // 1. Framing from C: Chromium refuses to render it (frame-ancestors); nothing of the classroom, no message.
  hostC.pages.set('/iframe.html', iframePage(`${hilink.url}/embed/${sessionId}#token=${tokens.alan}`))
  const page = await (await browser.newContext()).newPage()
  const violations: string[] = []
  page.on('console', (m) => {
    if (/frame-ancestors/.test(m.text())) violations.push(m.text())
  })
  await page.goto(`${hostC.origin}/iframe.html`)
  await waitFor(() => violations.length > 0, timeout.timeout, 'the frame-ancestors violation')
  assert.match(violations[0] ?? '', new RegExp(`Framing '${hilink.url}/' violates .*"frame-ancestors 'self' ${hostA.origin}"\\. The request has been blocked`))
  const blocked = page.frames().find((f) => f !== page.mainFrame())
  assert.ok(blocked)
  assert.ok(!blocked.url().startsWith(`${hilink.url}/embed/`), `blocked frame shows ${blocked.url()}`)
  assert.equal(await blocked.locator('hl-classroom').count(), 0)
  assert.deepEqual(await received(page), [])
  await page.context().close()

  // 2. Commands from C's frame inside the allowed host A (not the parent, not an allowed origin): ignored, unanswered.
  hostC.pages.set(
    '/intruder.html',
    `<!doctype html><title>Intruder</title><script>
      window.attack = () => parent.frames[0].postMessage({ type: 'hilink:leave', version: 1, id: 'evil' }, '*')
      addEventListener('message', (e) => { (window.heard ??= []).push(e.data) })
    </script>`,
  )
  hostA.pages.set(
    '/with-intruder.html',
    iframePage(`${hilink.url}/embed/${sessionId}#token=${tokens.alan}`, `<iframe id="intruder" title="Ad" src="${hostC.origin}/intruder.html"></iframe>`),
  )
  const host = await (await browser.newContext()).newPage()
  await host.goto(`${hostA.origin}/with-intruder.html`)
  const embed = embedFrame(host)
  await embed.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor(timeout)
  const intruder = host.frames().find((f) => f.url().startsWith(hostC.origin))
  assert.ok(intruder)
  const ignored = new Promise<string>((resolve) =>
    host.on('console', (m) => {
      if (m.text().includes('ignored a command')) resolve(m.text())
    }),
  )
  await intruder.evaluate(() => (window as unknown as { attack(): void }).attack())
  const warning = await Promise.race([ignored, new Promise<string>((resolve) => setTimeout(() => resolve('(no warning)'), timeout.timeout))])
  assert.match(warning, new RegExp(`from ${hostC.origin}, which is not the window that framed this page`))
  // The host's own command, sent after, is answered: the intruder's, sent before, never was.
  assert.equal((await command(host, { type: 'hilink:ready' })).type, 'hilink:ack')
  assert.equal((await received(host)).some((m) => m.id === 'evil'), false)
  assert.deepEqual(await intruder.evaluate(() => (window as unknown as { heard?: unknown[] }).heard ?? []), [])
  assert.equal(await embed.locator('hl-classroom [part="left"]').count(), 0, 'still in the room')
  await embed.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor(timeout)
  await host.context().close()
})

test('the page works with the token in the fragment or the LTI launch cookie, is accessible, and so is its not-found page', async () => {
  const { sessionId, tokens } = await sessionWithTokens(hilink, { ada: { role: 'instructor', name: 'Ada' } })
  // axe-core is injected as an inline script, which the page's own policy (rightly) refuses.
  const page = await (await browser.newContext({ bypassCSP: true })).newPage()
  await page.goto(`${hilink.url}/embed/${sessionId}#token=${tokens.ada}`)
  await page.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor(timeout)
  assert.deepEqual(await axeViolations(page), [])
  await page.context().close()

  // The LTI launch's way in: the token in the hilink_embed cookie (path of this session), no fragment.
  const grace = await sessionWithTokens(hilink, { grace: { role: 'learner', name: 'Grace' } })
  const context = await browser.newContext({ bypassCSP: true })
  await context.addCookies([{ name: 'hilink_embed', value: grace.tokens.grace, url: `${hilink.url}/embed/${grace.sessionId}`, httpOnly: true }])
  const launched = await context.newPage()
  await launched.goto(`${hilink.url}/embed/${grace.sessionId}`)
  await launched.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor(timeout)
  await launched.locator('hl-classroom').getByText('Grace', { exact: true }).first().waitFor(timeout)
  assert.equal(launched.url(), `${hilink.url}/embed/${grace.sessionId}`)
  await launched.goto(`${hilink.url}/embed/00000000-0000-4000-8000-000000000000`)
  await launched.getByRole('heading', { name: 'Classroom not found' }).waitFor(timeout)
  assert.deepEqual(await axeViolations(launched), [])
  await context.close()
})

test('a fragment token of another session shows the same not-found words in place of the classroom', async () => {
  const mine = await sessionWithTokens(hilink, { ada: { role: 'instructor', name: 'Ada' } })
  const other = await sessionWithTokens(hilink, { alan: { role: 'learner', name: 'Alan' } })
  const page = await (await browser.newContext()).newPage()
  await page.goto(`${hilink.url}/embed/${mine.sessionId}#token=${other.tokens.alan}`)
  await page.getByRole('heading', { name: 'Classroom not found' }).waitFor(timeout)
  assert.equal(await page.locator('hl-classroom').count(), 0)
  assert.equal(new URL(page.url()).hash, '')
  await page.context().close()
})

const sfu = defaultSfuBinary()
const noSfu = sfuBinaryExists(sfu) ? false : `no LiveKit SFU binary at ${sfu} (npm run setup builds it when go is installed)`
if (noSfu) console.log(`# skipping the iframe's mute test: ${noSfu}`)

test('hilink:mute turns the local microphone off (and on) through audio/video, past the page’s connect-src', { skip: noSfu, timeout: 120_000 }, async () => {
  const av = await startTestServer(undefined, { HILINK_AV: 'embedded', HILINK_TRANSCRIPTION: 'off' })
  av.services.tenants.update('default', { allowedOrigins: [hostA.origin] })
  const avBrowser = await launchAvChromium()
  try {
    const { sessionId, tokens } = await sessionWithTokens(av, { ada: { role: 'instructor', name: 'Ada' } })
    await av.api('POST', `/api/v1/sessions/${sessionId}/start`, { auth: tokens.ada })
    const csp = (await fetch(`${av.url}/embed/${sessionId}`)).headers.get('content-security-policy') ?? ''
    assert.match(csp, /connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ http:\/\/127\.0\.0\.1:\d+;/, 'the SFU is in connect-src')
    hostA.pages.set('/av.html', iframePage(`${av.url}/embed/${sessionId}#token=${tokens.ada}`).replaceAll(JSON.stringify(hilink.url), JSON.stringify(av.url)))
    const page = await (await avBrowser.newContext()).newPage()
    const violations: string[] = []
    page.on('console', (m) => {
      if (/Content Security Policy/.test(m.text())) violations.push(m.text())
    })
    await page.goto(`${hostA.origin}/av.html`)
    const frame = page.frames().find((f) => f.url().startsWith(`${av.url}/embed/`))
    assert.ok(frame)
    const micOn = () =>
      frame.evaluate(() => {
        const stage = document.querySelector('hl-classroom')?.shadowRoot?.querySelector('hl-av-stage') as
          | (HTMLElement & { model?: { status: string; microphoneOn: boolean } })
          | null
        return stage?.model ? { status: stage.model.status, on: stage.model.microphoneOn } : undefined
      })
    await until(async () => (await micOn())?.status === 'connected', 'AV connected in the iframe', 60_000)
    const unmuted = await command(page, { type: 'hilink:mute', muted: false })
    assert.deepEqual([unmuted.type, unmuted.muted], ['hilink:ack', false], JSON.stringify(unmuted))
    assert.equal((await micOn())?.on, true)
    const muted = await command(page, { type: 'hilink:mute' })
    assert.deepEqual([muted.type, muted.muted], ['hilink:ack', true], JSON.stringify(muted))
    assert.equal((await micOn())?.on, false)
    assert.deepEqual(violations, [])
    await page.context().close()
  } finally {
    await avBrowser.close()
    await av.stop({ removeData: true })
  }
})
