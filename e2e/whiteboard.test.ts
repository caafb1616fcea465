import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import * as Y from 'yjs'
import type { BrowserContext, Page } from 'playwright-core'
import { axeViolations, useServerAndChromium } from './browser.ts'
import { RawSyncSocket, closeAllRawSockets } from '../server/test/helpers/raw-socket.ts'
import { waitFor, sleep } from '../server/test/helpers/sync-client.ts'
import { boardShape } from '../server/test/helpers/board-records.ts'

/**
 * The whiteboard as people use it, on the built SDK (npx vite build first): one browser context per person on
 * the demo's classroom page, tldraw driven with the mouse and keyboard where a person would, and through the
 * element's `editor` where the test only reads what is on the board. Screenshots go to $HILINK_SHOTS (default
 * /tmp/hilink-whiteboard-shots) for a person to look at.
 */
const timeout = { timeout: 20_000 }
const shots = process.env.HILINK_SHOTS ?? '/tmp/hilink-whiteboard-shots'

before(() => fs.mkdirSync(shots, { recursive: true }))
after(() => closeAllRawSockets())
const e2e = useServerAndChromium()

interface Person {
  page: Page
  context: BrowserContext
}

async function open(token: string, viewport = { width: 1280, height: 900 }): Promise<Person> {
  const context = await e2e.browser.newContext({ viewport })
  await context.addInitScript(boardElScript)
  const page = await context.newPage()
  page.on('pageerror', (err) => console.error('page error:', err.message))
  await page.goto(`${e2e.server.url}/room.html#token=${token}`)
  await page.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor(timeout)
  await page.waitForFunction(() => !!boardEl()?.editor, undefined, timeout)
  return { page, context }
}

/** In the page: `boardEl()`, the classroom's board element (a plain string, so no compiler helper leaks in). */
const boardElScript = `window.boardEl = () => document.querySelector('hl-classroom')?.shadowRoot?.querySelector('hl-whiteboard') ?? null`
declare global {
  // What the tests read of tldraw's editor in the page.
  interface EditorLike {
    getCurrentPageShapes(): Array<{ id: string; type: string; x: number; y: number }>
    getCurrentPageId(): string
    getInstanceState(): { isReadonly: boolean }
    createPage(p: { name: string; id?: string }): void
    setCurrentPage(id: string): void
    createShape(s: object): void
    getPages(): Array<{ id: string }>
  }
  function boardEl(): (HTMLElement & { editor?: EditorLike; writable: boolean }) | null
}


const shapes = (page: Page) => page.evaluate(() => boardEl()!.editor!.getCurrentPageShapes().map((s) => ({ type: s.type, id: s.id })))

/** Draws a rectangle the way a person does: the R key, then a drag on the canvas. */
async function drawRectangle(page: Page, at: { x: number; y: number }): Promise<void> {
  const canvas = page.locator('hl-classroom hl-whiteboard [part="canvas"]')
  const box = (await canvas.boundingBox())!
  // Press the board (it takes keyboard focus), then the R shortcut picks the rectangle tool.
  await page.mouse.click(box.x + 20, box.y + box.height / 2)
  await page.keyboard.press('r')
  await page.mouse.move(box.x + at.x, box.y + at.y)
  await page.mouse.down()
  await page.mouse.move(box.x + at.x + 60, box.y + at.y + 40, { steps: 4 })
  await page.mouse.move(box.x + at.x + 140, box.y + at.y + 90, { steps: 4 })
  await page.mouse.up()
  await page.keyboard.press('Escape')
}

async function startedClass(people: Array<{ userId: string; name: string; role: 'instructor' | 'learner' | 'observer' }>) {
  const s = await e2e.server.createSession(people, 'Geometry')
  const started = await e2e.server.api('POST', `/api/v1/sessions/${s.sessionId}/start`, undefined, s.tokens[people[0]!.userId])
  assert.ok(started.state === 'live' || started.id, `start: ${JSON.stringify(started)}`)
  return s
}

test('a rectangle drawn by one person appears on the other’s board; lock, follow-me, an observer, screenshots', async () => {
  const s = await startedClass([
    { userId: 'ada', name: 'Ada', role: 'instructor' },
    { userId: 'grace', name: 'Grace', role: 'learner' },
    { userId: 'olga', name: 'Olga', role: 'observer' },
  ])
  const ada = await open(s.tokens.ada!)
  const grace = await open(s.tokens.grace!)

  // 1. Ada draws a rectangle with the mouse: it appears on Grace's board.
  await drawRectangle(ada.page, { x: 200, y: 200 })
  await grace.page.waitForFunction(() => boardEl()!.editor!.getCurrentPageShapes().some((s) => s.type === 'geo'), undefined, timeout)
  // And Grace draws one back.
  await drawRectangle(grace.page, { x: 500, y: 260 })
  await ada.page.waitForFunction(() => boardEl()!.editor!.getCurrentPageShapes().filter((s) => s.type === 'geo').length === 2, undefined, timeout)
  await ada.page.screenshot({ path: path.join(shots, 'instructor.png') })
  assert.deepEqual(await axeViolations(ada.page), [], 'WCAG 2 A/AA with the board on the page')

  // Grace selects everything and deletes: only her own rectangle goes (the server would refuse the rest),
  // and her next stroke still reaches Ada (a refused update would have left her client stuck).
  await grace.page.evaluate(() => {
    const editor = boardEl()!.editor! as unknown as { selectAll(): void; deleteShapes(ids: string[]): void; getSelectedShapeIds(): string[] }
    editor.selectAll()
    editor.deleteShapes(editor.getSelectedShapeIds())
  })
  await ada.page.waitForFunction(() => boardEl()!.editor!.getCurrentPageShapes().length === 1, undefined, timeout)
  await drawRectangle(grace.page, { x: 480, y: 240 })
  await ada.page.waitForFunction(() => boardEl()!.editor!.getCurrentPageShapes().length === 2, undefined, timeout)

  // 2. Ada locks the board: Grace's tools go away and a crafted update from her token is refused by the server.
  await ada.page.locator('hl-classroom hl-whiteboard button.lock').click()
  await grace.page.waitForFunction(() => boardEl()!.editor!.getInstanceState().isReadonly, undefined, timeout)
  await grace.page.locator('hl-classroom hl-whiteboard .notice.readonly').filter({ hasText: 'The instructor has locked the board.' }).waitFor(timeout)
  assert.equal(await grace.page.locator('hl-classroom hl-whiteboard [data-testid="tools.rectangle"]').count(), 0, 'no rectangle tool while locked')
  assert.ok((await ada.page.locator('hl-classroom hl-whiteboard [data-testid="tools.rectangle"]').count()) > 0, 'the instructor keeps her tools')
  const before = (await shapes(ada.page)).length
  await drawRectangle(grace.page, { x: 300, y: 400 })
  const raw = new RawSyncSocket(e2e.server.url, s.sessionId, s.tokens.grace!)
  await raw.opened()
  await waitFor(() => raw.received.length > 0)
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  doc.getMap('whiteboard').set('shape:crafted', boardShape('crafted'))
  for (const u of updates) raw.sendUpdate(u)
  await waitFor(() => raw.denied.length === 1, 5000, 'the crafted update is refused')
  // A valid record the lock alone refuses: the server applies and undoes it at once (server/src/sync/revert-write.ts).
  assert.match(raw.denied[0] ?? '', /the board is locked/)
  await sleep(300)
  assert.equal((await shapes(ada.page)).length, before, 'nothing new on the instructor’s board')
  await grace.page.screenshot({ path: path.join(shots, 'learner-locked.png') })
  await ada.page.locator('hl-classroom hl-whiteboard button.lock').click()
  await grace.page.waitForFunction(() => !boardEl()!.editor!.getInstanceState().isReadonly, undefined, timeout)

  // 3. Follow me: Ada opens a second page (a slide) and asks learners to follow; Grace's board moves there.
  await ada.page.locator('hl-classroom hl-whiteboard button.follow-me').click()
  await ada.page.evaluate(() => {
    const editor = boardEl()!.editor!
    editor.createPage({ name: 'Slide 2', id: 'page:slide2' })
    editor.setCurrentPage('page:slide2')
  })
  await grace.page.waitForFunction(() => boardEl()!.editor!.getCurrentPageId() === 'page:slide2', undefined, timeout)
  await grace.page.locator('hl-classroom hl-whiteboard .following').filter({ hasText: 'Following Ada' }).waitFor(timeout)
  // Grace releases: Ada's next page change no longer moves her.
  await grace.page.locator('hl-classroom hl-whiteboard button.release').click()
  await ada.page.evaluate(() => {
    boardEl()!.editor!.setCurrentPage('page:page')
  })
  await sleep(800)
  assert.equal(await grace.page.evaluate(() => boardEl()!.editor!.getCurrentPageId()), 'page:slide2', 'released: Grace stays')

  // 4. The observer cannot draw: read-only editor, no tools, and a drag makes no shape anywhere.
  const olga = await open(s.tokens.olga!)
  assert.equal(await olga.page.evaluate(() => boardEl()!.editor!.getInstanceState().isReadonly), true)
  assert.equal(await olga.page.locator('hl-classroom hl-whiteboard [data-testid="tools.rectangle"]').count(), 0)
  const onAda = (await shapes(ada.page)).length
  await drawRectangle(olga.page, { x: 250, y: 250 })
  await sleep(500)
  assert.equal((await shapes(ada.page)).length, onAda)
  await olga.page.locator('hl-classroom hl-whiteboard .notice.readonly').filter({ hasText: 'You are observing' }).waitFor(timeout)

  // 5. Export and clear: Ada downloads the page as SVG and PNG, clears it for everyone, and Ctrl+Z brings it back.
  const svgDownload = ada.page.waitForEvent('download')
  await ada.page.locator('hl-classroom hl-whiteboard button.export-svg').click()
  const svg = await svgDownload
  assert.equal(svg.suggestedFilename(), 'whiteboard.svg')
  assert.match(fs.readFileSync((await svg.path())!, 'utf8'), /<svg[\s\S]*<\/svg>/)
  const pngDownload = ada.page.waitForEvent('download')
  await ada.page.locator('hl-classroom hl-whiteboard button.export-png').click()
  const png = fs.readFileSync((await (await pngDownload).path())!)
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file')
  const count = (await shapes(ada.page)).length
  assert.ok(count >= 2)
  await ada.page.locator('hl-classroom hl-whiteboard button.clear').click()
  // Grace stays on the slide she released on: count page 1 on her board whatever page she looks at.
  const onPage1 = () => (boardEl()!.editor! as unknown as { getPageShapeIds(p: string): Set<string> }).getPageShapeIds('page:page').size
  await grace.page.waitForFunction(`(${onPage1.toString()})() === 0`, undefined, timeout)
  await ada.page.locator('hl-classroom hl-whiteboard [part="canvas"]').click({ position: { x: 30, y: 300 } })
  await ada.page.keyboard.press('Control+z')
  await grace.page.waitForFunction(`(${onPage1.toString()})() === ${count}`, undefined, timeout)

  // 6. Screenshots: a phone-width learner and the dark theme.
  const phone = await open(s.tokens.grace!, { width: 390, height: 844 })
  await phone.page.screenshot({ path: path.join(shots, 'phone-390.png'), fullPage: true })
  await ada.page.evaluate(() => document.querySelector('hl-classroom')!.setAttribute('theme', 'dark'))
  await ada.page.locator('hl-classroom hl-whiteboard').evaluate((el) => (el as HTMLElement & { requestUpdate(): void }).requestUpdate())
  await sleep(500)
  await ada.page.screenshot({ path: path.join(shots, 'dark.png') })
  for (const p of [ada, grace, olga, phone]) await p.context.close()
})

test('drawing offline merges after reconnect, and a server restart keeps every shape', async () => {
  const s = await startedClass([
    { userId: 'ada', name: 'Ada', role: 'instructor' },
    { userId: 'grace', name: 'Grace', role: 'learner' },
  ])
  const ada = await open(s.tokens.ada!)
  const grace = await open(s.tokens.grace!)
  await drawRectangle(ada.page, { x: 150, y: 150 })
  await grace.page.waitForFunction(() => boardEl()!.editor!.getCurrentPageShapes().length === 1, undefined, timeout)

  // Grace loses the network and keeps drawing.
  await grace.context.setOffline(true)
  await grace.page.locator('hl-classroom [part="status"]').filter({ hasNotText: 'Live' }).waitFor(timeout)
  await drawRectangle(grace.page, { x: 450, y: 300 })
  await drawRectangle(grace.page, { x: 200, y: 420 })
  assert.equal((await shapes(grace.page)).length, 3, 'Grace sees her offline strokes')
  await sleep(500)
  assert.equal((await shapes(ada.page)).length, 1, 'Ada does not see them yet')
  await grace.context.setOffline(false)
  await ada.page.waitForFunction(() => boardEl()!.editor!.getCurrentPageShapes().length === 3, undefined, { timeout: 30_000 })

  // Restart the server on the same data: every shape is still there.
  const ids = (await shapes(ada.page)).map((x) => x.id).sort()
  for (const p of [ada, grace]) await p.context.close()
  await e2e.stopServer()
  await e2e.startServer()
  const back = await open(s.tokens.ada!)
  await back.page.waitForFunction((n) => boardEl()!.editor!.getCurrentPageShapes().length === n, ids.length, timeout)
  assert.deepEqual((await shapes(back.page)).map((x) => x.id).sort(), ids)
  await back.context.close()
})

test('shapes off screen are drawn once they come into view (and stay drawn); export has them before that', async () => {
  const s = await startedClass([
    { userId: 'ada', name: 'Ada', role: 'instructor' },
    { userId: 'grace', name: 'Grace', role: 'learner' },
  ])
  const ada = await open(s.tokens.ada!)
  const grace = await open(s.tokens.grace!)
  // Ada pastes 300 shapes at once: 20 in a corner the boards show, 280 far to the right.
  await ada.page.evaluate(() => {
    const editor = boardEl()!.editor as unknown as { createShapes(s: object[]): void }
    const list = []
    for (let i = 0; i < 300; i++) {
      const near = i < 20
      const at = near ? { x: 40 + (i % 5) * 60, y: 40 + Math.floor(i / 5) * 60 } : { x: 20_000 + (i % 20) * 50, y: 40 + Math.floor((i - 20) / 20) * 50 }
      list.push({ id: `shape:paste${i}`, type: 'geo', ...at, props: { w: 40, h: 40 } })
    }
    editor.createShapes(list)
  })
  await grace.page.waitForFunction(() => boardEl()!.editor!.getCurrentPageShapes().length === 300, undefined, timeout)
  /** In the page: the ids of the shapes whose content is drawn (tldraw keeps a wrapper for every shape). */
  const drawnInPage = () =>
    [...boardEl()!.shadowRoot!.querySelectorAll('.tl-shape:not(.tl-shape-background)')]
      .filter((el) => el.childElementCount > 0)
      .map((el) => el.getAttribute('data-shape-id')!)
      .sort()
  const drawn = (page: Page) => page.evaluate(`(${drawnInPage.toString()})()`) as Promise<string[]>
  const near = Array.from({ length: 20 }, (_, i) => `shape:paste${i}`).sort()
  await grace.page.waitForFunction((n) => boardEl()!.shadowRoot!.querySelectorAll('.tl-shape').length >= n, 300, timeout)
  await grace.page.waitForFunction(`(${drawnInPage.toString()})().length === 20`, undefined, timeout)
  assert.deepEqual(await drawn(grace.page), near, 'only the shapes in view are drawn')
  const exported = await grace.page.evaluate(async () => {
    const editor = boardEl()!.editor as unknown as { getSvgString(ids: string[]): Promise<{ svg: string } | undefined> }
    return (await editor.getSvgString(['shape:paste299']))?.svg ?? ''
  })
  assert.match(exported, /<path|<rect/, 'an off-screen shape exports like any other')

  // Grace moves her view to the right: the shapes there are drawn, the first 20 stay drawn.
  await grace.page.evaluate(() => {
    const editor = boardEl()!.editor as unknown as { setCamera(c: object, o: object): void }
    editor.setCamera({ x: -19_980, y: 0, z: 1 }, { immediate: true })
  })
  await grace.page.waitForFunction(`(${drawnInPage.toString()})().includes('shape:paste20')`, undefined, timeout)
  const after = await drawn(grace.page)
  assert.ok(near.every((id) => after.includes(id)), 'shapes once drawn stay drawn (no remount while panning)')
  assert.ok(after.length > 20 && after.length < 300, `the shapes in the new view drawn, not all 300 (${after.length})`)
  await grace.page.screenshot({ path: path.join(shots, 'panned-paste.png') })
  for (const p of [ada, grace]) await p.context.close()
})
