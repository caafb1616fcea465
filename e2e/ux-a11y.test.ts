import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { axeViolations, docsImagesDir, useServerAndChromium } from './browser.ts'
import { openClassroom, setTheme, timeout } from './ux-helpers.ts'

/**
 * The classroom for an instructor, a learner and an observer, before, during and after the lesson, light and dark:
 * axe-core finds nothing; a keyboard reaches every enabled control of the instructor's page with a visible focus
 * ring; phones at 390 and 320 px never scroll sideways, and the learner's sticky action bar never covers the board's
 * toolbar (screenshots in docsImagesDir(): docs/images/ with HILINK_UPDATE_DOCS_IMAGES=1).
 */
const e2e = useServerAndChromium()

async function axeBothThemes(pages: Record<string, Page>, moment: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    for (const [who, page] of Object.entries(pages)) {
      await setTheme(page, theme)
      await page.waitForTimeout(100)
      assert.deepEqual(await axeViolations(page), [], `${who}, ${theme}, ${moment}`)
    }
  }
  for (const page of Object.values(pages)) await setTheme(page, 'light')
}

/** Page width: what the document needs vs. what the viewport shows. */
const widths = (page: Page) =>
  page.evaluate(`({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })`) as Promise<{
    scroll: number
    client: number
  }>

/**
 * The learner's sticky action bar covers nothing of the board: the canvas, and tldraw's toolbar at its foot, end
 * above where the bar begins on screen (the bar is in view, stuck to the bottom).
 */
async function assertBoardClearOfBar(page: Page, where: string): Promise<void> {
  const read = `(() => {
    const root = document.querySelector('hl-classroom').shadowRoot
    const board = root.querySelector('hl-whiteboard').shadowRoot
    const bottom = (el) => el ? el.getBoundingClientRect().bottom : Infinity
    const bar = root.querySelector('[part="action-bar"]').getBoundingClientRect()
    return { canvas: bottom(board.querySelector('[part~="canvas"]')), toolbar: bottom(board.querySelector('.tlui-main-toolbar')), bar: bar.top, barBottom: bar.bottom, viewport: innerHeight }
  })()`
  // The classroom measures the bar a frame after a resize, then tldraw lays its toolbar out again: wait for it.
  await page.waitForFunction(`(() => { const b = ${read}; return b.canvas <= b.bar && b.toolbar <= b.bar })()`, undefined, timeout).catch(() => undefined)
  const b = (await page.evaluate(read)) as { canvas: number; toolbar: number; bar: number; barBottom: number; viewport: number }
  assert.ok(b.barBottom <= b.viewport + 0.5, `${where}: the action bar is in view (${b.bar}–${b.barBottom} of ${b.viewport})`)
  assert.ok(b.toolbar <= b.bar, `${where}: the board's toolbar ends at ${b.toolbar} px, under the action bar from ${b.bar} px`)
  assert.ok(b.canvas <= b.bar, `${where}: the board ends at ${b.canvas} px, under the action bar from ${b.bar} px`)
}

test('axe clean for every role, light and dark, before/during/after; keyboard reaches every control; phones fit', async () => {
  const { sessionId, tokens } = await e2e.server.createSession(
    [
      { userId: 'ada', name: 'Ada', role: 'instructor' },
      { userId: 'grace', name: 'Grace', role: 'learner' },
      { userId: 'olga', name: 'Olga', role: 'observer' },
    ],
    'Fractions, accessible',
  )
  const ada = await openClassroom(e2e.browser, e2e.server.url, tokens.ada!)
  const grace = await openClassroom(e2e.browser, e2e.server.url, tokens.grace!)
  const olga = await openClassroom(e2e.browser, e2e.server.url, tokens.olga!)
  const pages = { instructor: ada, learner: grace, observer: olga }
  await grace.locator('hl-classroom [part="lobby"]').waitFor(timeout)
  await axeBothThemes(pages, 'before the lesson')

  await ada.getByRole('button', { name: 'Start lesson' }).click()
  for (const page of Object.values(pages)) {
    await page.locator('hl-classroom [part="lesson-state"]').filter({ hasText: 'In session' }).waitFor(timeout)
  }
  await grace.getByRole('button', { name: 'Raise hand' }).waitFor(timeout)
  await ada.getByRole('button', { name: 'End lesson' }).waitFor(timeout)
  await axeBothThemes(pages, 'during the lesson')

  // Keyboard only: Tab from the top reaches every enabled control of the instructor's classroom, each with a ring.
  const controls = (await ada.evaluate(`(() => {
    const found = []
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) walk(el.shadowRoot)
        const focusable = el.matches('button, input, select, textarea, a[href], [tabindex]') && el.tabIndex >= 0
        if (!focusable || el.disabled || el.closest('[inert]')) continue
        const box = el.getBoundingClientRect()
        if (box.width === 0 || box.height === 0) continue
        found.push(el)
      }
    }
    walk(document.querySelector('hl-classroom').shadowRoot)
    window.__controls = found
    return found.length
  })()`)) as number
  assert.ok(controls > 5, `the instructor's page has controls (${controls})`)
  const reached = new Set<number>()
  const withoutRing: string[] = []
  await ada.evaluate(`document.activeElement && document.activeElement.blur()`)
  for (let i = 0; i < controls * 3 + 20 && reached.size < controls; i++) {
    await ada.keyboard.press('Tab')
    const seen = (await ada.evaluate(`(() => {
      let el = document.activeElement
      while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement
      // A radio group is one Tab stop; a toolbar with roving focus forwards focus to one of its items.
      const covers = (c) => c === el || c.contains(el) || (c.type === 'radio' && el.type === 'radio' && c.name === el.name && c.getRootNode() === el.getRootNode())
      const indices = window.__controls.map((c, i) => (covers(c) ? i : -1)).filter((i) => i >= 0)
      const index = indices.length ? indices[0] : -1
      if (index < 0) return { index, indices }
      const style = getComputedStyle(el)
      const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none'
      const board = !!el.closest('.tl-container')
      return { index, indices, ring, board, name: el.tagName.toLowerCase() + ' ' + (el.getAttribute('aria-label') || el.textContent || el.name || '').trim().slice(0, 40) }
    })()`)) as { index: number; indices: number[]; ring?: boolean; board?: boolean; name?: string }
    if (seen.index < 0) continue
    for (const i of seen.indices) reached.add(i)
    // The whiteboard's tldraw buttons included: tldraw rings them only once its canvas has focus, ours at once.
    if (!seen.ring) withoutRing.push(`${seen.board ? 'whiteboard: ' : ''}${seen.name!}`)
  }
  const missed = (await ada.evaluate(
    `window.__controls.filter((_, i) => !${JSON.stringify([...reached])}.includes(i)).map((el) => el.tagName.toLowerCase() + ' ' + (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40))`,
  )) as string[]
  assert.deepEqual(missed, [], 'every enabled control is reached by Tab')
  assert.deepEqual(withoutRing, [], 'every control shows a focus ring')

  // Phones: no sideways scroll at 390 or 320 px for the instructor and the learner (the learner's action bar in
  // view, with an open check to answer in it beside the raised hand, and clear of the board).
  await e2e.server.api('POST', `/api/v1/sessions/${sessionId}/polls`, { question: 'Warm-up', kind: 'check', options: ['1/2', '2/8'], correctOption: 0 }, tokens.ada)
  await grace.locator('hl-classroom [part="action-bar"] [part="poll"]').filter({ hasText: 'Warm-up' }).waitFor(timeout)
  for (const [who, page] of [['instructor', ada], ['learner', grace]] as const) {
    for (const width of [390, 320]) {
      await page.setViewportSize({ width, height: 780 })
      await page.waitForTimeout(300)
      const { scroll, client } = await widths(page)
      assert.ok(scroll <= client, `${who} at ${width} px: scrollWidth ${scroll} > ${client}`)
      // The board, its first tool (tldraw's toolbar scrolls inside the board rather than being cut off) and the
      // learner's action bar lie within the viewport.
      const boxes = (await page.evaluate(`(() => {
        const root = document.querySelector('hl-classroom').shadowRoot
        const board = root.querySelector('hl-whiteboard')
        const parts = { board, 'first board tool': board?.shadowRoot?.querySelector('.tlui-main-toolbar button'), 'action bar': root.querySelector('[part="action-bar"]') }
        return Object.entries(parts).filter(([, el]) => el).map(([name, el]) => { const b = el.getBoundingClientRect(); return { name, left: b.left, right: b.right } })
      })()`)) as Array<{ name: string; left: number; right: number }>
      const names = boxes.map((b) => b.name)
      assert.ok(names.includes('board') && names.includes('first board tool'), `${who} at ${width} px: the board and its tools are there (${names.join(', ')})`)
      if (who === 'learner') assert.ok(names.includes('action bar'), 'the learner has the action bar')
      for (const b of boxes) assert.ok(b.left >= 0 && b.right <= client + 0.5, `${who} at ${width} px: ${b.name} spans ${b.left}–${b.right} of ${client}`)
      // The first screen shows the whole board, its toolbar included, above the learner's sticky bar.
      if (who === 'learner') await assertBoardClearOfBar(page, `learner at ${width}×780`)
      await page.screenshot({ path: path.join(docsImagesDir(), `classroom-${who}-${width}.png`) })
    }
    if (who === 'learner') {
      // A short phone: the board cannot fit above the bar on the first screen, but it does once scrolled to.
      await page.setViewportSize({ width: 320, height: 600 })
      await page.evaluate(`document.querySelector('hl-classroom').shadowRoot.querySelector('hl-whiteboard').scrollIntoView({ block: 'start' })`)
      await assertBoardClearOfBar(page, 'learner at 320×600, scrolled to the board')
      // Focus is never hidden behind the bar (WCAG 2.2, 2.4.11): the board's first tool, in the viewport but under
      // the bar on this short screen (so the browser sees no reason to scroll), is scrolled clear of it on focus.
      await page.evaluate(`window.scrollTo(0, 0)`)
      await page.locator('hl-classroom hl-whiteboard .tlui-main-toolbar button:not([disabled])').first().focus()
      const clear = `(() => {
        const root = document.querySelector('hl-classroom').shadowRoot
        const box = root.querySelector('hl-whiteboard').shadowRoot.querySelector('.tlui-main-toolbar button:not([disabled])').getBoundingClientRect()
        return { bottom: box.bottom, bar: root.querySelector('[part="action-bar"]').getBoundingClientRect().top }
      })()`
      await page.waitForFunction(`(() => { const c = ${clear}; return c.bottom <= c.bar })()`, undefined, { timeout: 2000 }).catch(() => undefined)
      const focused = (await page.evaluate(clear)) as { bottom: number; bar: number }
      assert.ok(focused.bottom <= focused.bar, `learner at 320×600: the focused board tool ends at ${focused.bottom} px, under the action bar from ${focused.bar} px`)
      await page.evaluate(`window.scrollTo(0, 0)`)
    }
    await page.setViewportSize({ width: 1280, height: 800 })
  }
  const bar = grace.locator('hl-classroom [part="action-bar"]')
  assert.equal(await bar.getByRole('button', { name: 'Raise hand' }).count(), 1, "the learner's raise hand is in the action bar")
  assert.equal(await bar.getByRole('button', { name: 'Submit answer' }).count(), 1, "the learner's answer form is in the action bar")

  await ada.getByRole('button', { name: 'End lesson' }).click()
  await ada.getByRole('button', { name: 'Yes, end the lesson' }).click()
  for (const page of [grace, olga]) await page.locator('hl-classroom [part="ended"]').waitFor(timeout)
  await ada.locator('hl-classroom [part="lesson-state"]').filter({ hasText: 'Ended' }).waitFor(timeout)
  await axeBothThemes(pages, 'after the lesson')
  void sessionId
})
