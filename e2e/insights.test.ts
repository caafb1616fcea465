import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { axeViolations, useServerAndChromium } from './browser.ts'
import { openClassroom, timeout } from './ux-helpers.ts'

/**
 * <hl-insights> on a host page, from the built SDK (dist/sdk: `npx vite build` first): an admin picks a finished
 * session and reads its attendance and engagement charts, light and dark and on a 390 px phone, axe clean.
 * Screenshots for a person to look at when HILINK_SHOTS_DIR is set.
 */
const e2e = useServerAndChromium()

const shots = process.env.HILINK_SHOTS_DIR

/** A host page of the server's origin (routed, not served) with the SDK and one <hl-insights>. */
async function insightsPage(theme: 'light' | 'dark', width: number): Promise<Page> {
  const context = await e2e.browser.newContext({ viewport: { width, height: 900 }, colorScheme: theme })
  const page = await context.newPage()
  const body = `<!doctype html><html lang="en"><head><title>Insights</title><script type="module" src="/sdk/hilink.js"></script></head>
    <body style="margin:0;padding:12px;background:${theme === 'dark' ? '#111' : '#fff'}">
    <main><hl-insights theme="${theme}"></hl-insights></main></body></html>`
  await page.route(`${e2e.server.url}/insights-host.html`, (route) => route.fulfill({ contentType: 'text/html', body }))
  await page.goto(`${e2e.server.url}/insights-host.html`)
  await page.evaluate(
    ([url, key]) => Object.assign(document.querySelector('hl-insights') as HTMLElement, { server: url, credential: key }),
    [e2e.server.url, e2e.server.adminKey] as const,
  )
  return page
}

test('an admin picks a session: attendance and engagement charts with their tables, light, dark and 390 px, axe clean', async () => {
  const { sessionId, tokens } = await e2e.server.createSession(
    [
      { userId: 'ada', name: 'Ada', role: 'instructor' },
      { userId: 'grace', name: 'Grace Hopper', role: 'learner' },
      { userId: 'alan', name: 'Alan Turing', role: 'learner' },
    ],
    'Fractions, week 3',
  )
  await e2e.server.api('POST', `/api/v1/sessions/${sessionId}/start`, undefined, tokens.ada)
  const grace = await openClassroom(e2e.browser, e2e.server.url, tokens.grace!)
  await e2e.server.api('POST', `/api/v1/sessions/${sessionId}/chat`, { text: 'Is ½ bigger than ⅓?' }, tokens.grace)
  await e2e.server.api('PUT', `/api/v1/sessions/${sessionId}/hand`, { raised: true }, tokens.grace)
  await e2e.server.api('POST', `/api/v1/sessions/${sessionId}/end`, undefined, tokens.ada)
  await grace.context().close()

  for (const [theme, width] of [
    ['light', 1100],
    ['dark', 1100],
    ['light', 390],
  ] as const) {
    const page = await insightsPage(theme, width)
    await page.locator('hl-insights [role="tab"]').filter({ hasText: 'Sessions' }).click(timeout)
    await page.locator('hl-insights select').selectOption(sessionId, timeout)
    await page.locator('hl-insights table[data-table="attendance"] tr[data-user="alan"]').waitFor({ ...timeout, state: 'attached' })
    await page.locator('hl-insights summary').first().click()
    await page.locator('hl-insights summary').nth(1).click()
    assert.match(await page.locator('hl-insights table[data-table="attendance"] tfoot').innerText(), /On time: 1 · Late: 0 · Left early: 0 · Absent: 1/)
    assert.match(await page.locator('hl-insights table[data-table="engagement"] tr[data-user="grace"]').innerText(), /Grace Hopper\s+1\s+1\s+0 \/ 0\s+0\s+2/)
    for (const chart of ['attendance', 'engagement']) {
      const box = await page.locator(`hl-insights canvas[data-chart="${chart}"]`).boundingBox()
      assert.ok(box && box.width > 100 && box.height > 100, `${chart} chart drawn (${theme}, ${width} px)`)
    }
    // Nothing wider than the phone: the tables scroll inside their own box.
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= width, `no sideways scroll at ${width} px`)
    assert.deepEqual(await axeViolations(page), [], `axe (${theme}, ${width} px)`)
    if (shots) await page.screenshot({ path: path.join(shots, `insights-${theme}-${width}.png`), fullPage: true })
    await page.context().close()
  }
})
