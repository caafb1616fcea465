import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { useServerAndChromium } from './browser.ts'
import { timeout } from './ux-helpers.ts'

/**
 * A 30 s token: with a tokenProvider the classroom keeps working past its expiry without a reload; without one,
 * hl-token-expiring fires and then one clean "link expired" screen shows. A forged token shows "not valid".
 */
const e2e = useServerAndChromium()

const long = { timeout: 60_000 }

/** The demo's classroom page without a token; the test sets the provider first, then the token. */
async function blankClassroom(): Promise<Page> {
  const page = await (await e2e.browser.newContext()).newPage()
  await page.goto(`${e2e.server.url}/room.html`)
  await page.locator('hl-classroom').waitFor(timeout)
  await page.evaluate(() => {
    ;(window as unknown as { notReloaded: boolean }).notReloaded = true
    ;(window as unknown as { expiring: number }).expiring = 0
    document.querySelector('hl-classroom')!.addEventListener('hl-token-expiring', () => {
      ;(window as unknown as { expiring: number }).expiring++
    })
  })
  return page
}

test('30 s tokens: renewed by tokenProvider without a reload; without one, hl-token-expiring then the expired screen', async () => {
  const { sessionId, tokens } = await e2e.server.createSession(
    [
      { userId: 'ada', name: 'Ada', role: 'instructor' },
      { userId: 'grace', name: 'Grace', role: 'learner' },
      { userId: 'alan', name: 'Alan', role: 'learner' },
    ],
    'Short tokens',
  )
  await e2e.server.api('POST', `/api/v1/sessions/${sessionId}/start`, undefined, tokens.ada)
  const mint = async (userId: string, name: string, ttlSeconds: number) =>
    ((await e2e.server.api('POST', `/api/v1/sessions/${sessionId}/tokens`, { userId, name, role: 'learner', ttlSeconds })) as { token: string }).token

  // Grace: a host that renews.
  const grace = await blankClassroom()
  let minted = 0
  await grace.exposeFunction('freshToken', async () => {
    minted++
    return mint('grace', 'Grace', 3600)
  })
  const graceShort = await mint('grace', 'Grace', 30)
  await grace.evaluate((token) => {
    const el = document.querySelector('hl-classroom') as HTMLElement & { token: string; tokenProvider: () => Promise<string> }
    el.tokenProvider = () => (window as unknown as { freshToken: () => Promise<string> }).freshToken()
    el.token = token
  }, graceShort)

  // Alan: a host without a provider.
  const alan = await blankClassroom()
  const alanShort = await mint('alan', 'Alan', 30)
  const started = Date.now()
  await alan.evaluate((token) => {
    ;(document.querySelector('hl-classroom') as HTMLElement & { token: string }).token = token
  }, alanShort)

  for (const page of [grace, alan]) await page.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor(timeout)
  // Less than a minute left: the warning is due at once, for both.
  for (const page of [grace, alan]) {
    await page.waitForFunction(() => (window as unknown as { expiring: number }).expiring === 1, undefined, timeout)
  }
  assert.equal(await alan.locator('hl-classroom [part="link-problem"]').count(), 0, 'still in until exp')

  // Alan's link expires at exp: one clean screen, nothing of the classroom behind it.
  const expired = alan.locator('hl-classroom [part="link-problem"]')
  await expired.getByRole('heading', { name: 'This classroom link has expired' }).waitFor(long)
  assert.ok(Date.now() - started >= 25_000, 'not before its time')
  assert.equal(await alan.locator('hl-classroom header').count(), 0)
  assert.equal(await alan.locator('hl-classroom hl-roster').count(), 0)

  // Grace is past her first token's expiry and still in, without a reload: a command works.
  while (Date.now() - started < 33_000) await new Promise((r) => setTimeout(r, 500))
  assert.equal(minted, 1)
  assert.equal(await grace.evaluate(() => (window as unknown as { notReloaded: boolean }).notReloaded), true)
  await grace.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor(timeout)
  await grace.getByRole('button', { name: 'Raise hand' }).click()
  await grace.getByRole('button', { name: 'Lower hand' }).waitFor(timeout)
  assert.equal(await grace.locator('hl-classroom [part="link-problem"]').count(), 0)
})

test('a forged token shows "not valid" alone', async () => {
  const { tokens } = await e2e.server.createSession([{ userId: 'grace', name: 'Grace', role: 'learner' }], 'Forged')
  const [h, p] = tokens.grace!.split('.')
  const page = await (await e2e.browser.newContext()).newPage()
  await page.goto(`${e2e.server.url}/room.html#token=${h}.${p}.${'A'.repeat(43)}`)
  await page.locator('hl-classroom [part="link-problem"]').getByRole('heading', { name: 'This classroom link is not valid' }).waitFor(timeout)
  assert.equal(await page.locator('hl-classroom header').count(), 0)
})
