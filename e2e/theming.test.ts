import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import fs from 'node:fs'
import { execFileSync } from 'node:child_process'
import type { Page } from 'playwright-core'
import { sleep } from '../tools/wait.mjs'
import { axeViolations, docsImagesDir, useServerAndChromium } from './browser.ts'
import { openClassroom, pageText, setTheme, timeout } from './ux-helpers.ts'
import { derivedTokens, themeTokens } from '../packages/elements/src/themes/palette.ts'

/**
 * White-label, as a tenant admin does it: the same instructor page before and after `PATCH /api/v1/tenant`
 * (product name, logo, theme tokens). The screenshots in docs/theming.md are the ones this test takes, after
 * asserting that the brand is really there (computed colours, the product name's text, the logo drawn); they go
 * to docs/images only with HILINK_UPDATE_DOCS_IMAGES=1 (docsImagesDir), so a test run leaves the repo clean. And a
 * Spanish browser: the classroom chooses Spanish by itself, and a command the server refuses is said in Spanish.
 */
const e2e = useServerAndChromium()
const shots = process.env.HILINK_SHOTS_DIR // extra views (dark, learner, phone) for a person to look at, when set

const acme = {
  productName: 'Acme Learn',
  theme: {
    'color-accent': '#6d28d9',
    'dark-color-accent': '#a78bfa',
    'color-border': '#ddd6fe',
    'dark-color-border': '#4c1d95',
    'font-family': 'Georgia, serif',
    radius: '14px',
  },
}

/** A computed style of an element inside the classroom's shadow roots (`hl-classroom` → `host` → `selector`). */
function styleOf(page: Page, host: string, selector: string, property: string): Promise<string> {
  return page.evaluate(
    `(() => {
      const root = document.querySelector('hl-classroom').shadowRoot
      const inner = ${JSON.stringify(host)} ? root.querySelector(${JSON.stringify(host)}).shadowRoot : root
      return getComputedStyle(inner.querySelector(${JSON.stringify(selector)})).getPropertyValue(${JSON.stringify(property)})
    })()`,
  ) as Promise<string>
}

async function instructorPage(token: string, width = 1100): Promise<Page> {
  const page = await openClassroom(e2e.browser, e2e.server.url, token, { width })
  await page.locator('hl-classroom hl-chat [part="send"]').waitFor(timeout)
  await page.locator('hl-classroom hl-roster').getByText('Grace').waitFor(timeout)
  // A finished classroom, as the docs show it: the board drawn with its toolbar, not "Loading the whiteboard…".
  await page.locator('hl-classroom hl-whiteboard .tlui-main-toolbar button').first().waitFor(timeout)
  return page
}

test('a re-branded classroom: product name and logo in the header, the brand colour on its controls (screenshots for the docs)', async () => {
  const { sessionId, tokens } = await e2e.server.createSession(
    [
      { userId: 'ada', name: 'Ada', role: 'instructor' },
      { userId: 'grace', name: 'Grace', role: 'learner' },
    ],
    'Fractions, week 3',
  )
  await e2e.server.api('POST', `/api/v1/sessions/${sessionId}/start`, undefined, tokens.ada)
  const grace = await openClassroom(e2e.browser, e2e.server.url, tokens.grace!)

  const before = await instructorPage(tokens.ada!)
  assert.equal(await before.locator('hl-classroom [part="brand"]').count(), 0, 'no brand before the tenant has one')
  assert.equal(await styleOf(before, 'hl-chat', '[part="send"]', 'background-color'), 'rgb(11, 98, 214)', 'HiLink’s own accent')
  await before.screenshot({ path: path.join(docsImagesDir(), 'theming-before.png') })
  await before.context().close()

  await e2e.server.api('PATCH', '/api/v1/tenant', { ...acme, logoUrl: `${e2e.server.url}/example-logo.svg` })
  const after = await instructorPage(tokens.ada!)
  const brand = after.locator('hl-classroom [part="brand"]')
  await brand.waitFor(timeout)
  assert.equal((await brand.innerText()).trim(), 'Acme Learn')
  const logo = after.locator('hl-classroom [part="logo"]')
  await logo.waitFor({ state: 'visible', ...timeout })
  assert.equal(await logo.getAttribute('alt'), 'Acme Learn')
  await after.waitForFunction(`document.querySelector('hl-classroom').shadowRoot.querySelector('[part="logo"]').naturalWidth > 0`, undefined, timeout)
  assert.ok(!(await pageText(after)).includes('HiLink'), 'HiLink is not named anywhere on the page')
  // The tenant's tokens reach the elements inside the classroom (each in its own shadow root).
  assert.equal(await styleOf(after, 'hl-chat', '[part="send"]', 'background-color'), 'rgb(109, 40, 217)')
  assert.equal(await styleOf(after, 'hl-chat', '[part="send"]', 'border-top-left-radius'), '14px')
  assert.equal(await styleOf(after, '', '[part="base"]', 'border-top-color'), 'rgb(221, 214, 254)')
  assert.match(await styleOf(after, 'hl-roster', '[part="base"]', 'font-family'), /Georgia/)
  assert.deepEqual(await axeViolations(after), [], 'the branded classroom, light')
  await after.screenshot({ path: path.join(docsImagesDir(), 'theming-after.png') })

  await setTheme(after, 'dark')
  assert.equal(await styleOf(after, 'hl-chat', '[part="send"]', 'background-color'), 'rgb(167, 139, 250)', 'the dark variant')
  assert.equal(await styleOf(after, '', '[part="base"]', 'background-color'), 'rgb(13, 17, 23)', 'the dark surface')
  assert.deepEqual(await axeViolations(after), [], 'the branded classroom, dark')
  if (shots) await after.screenshot({ path: path.join(shots, 'branded-dark.png') })
  // Dark from the page instead (class="hl-theme-dark" on <html>, no theme attribute): the dark variant follows.
  await after.evaluate(() => {
    document.querySelector('hl-classroom')?.removeAttribute('theme')
    document.documentElement.classList.add('hl-theme-dark')
  })
  // (Polled: the classroom re-reads the page's theme on the next animation frame.)
  const sendColour = () => styleOf(after, 'hl-chat', '[part="send"]', 'background-color')
  for (const start = Date.now(); (await sendColour()) !== 'rgb(167, 139, 250)' && Date.now() - start < 10_000; ) await sleep(50)
  assert.equal(await sendColour(), 'rgb(167, 139, 250)', 'the dark variant under hl-theme-dark')
  assert.equal(await styleOf(after, '', '[part="base"]', 'background-color'), 'rgb(13, 17, 23)', 'the dark surface from the page class')
  assert.deepEqual(await axeViolations(after), [], 'the branded classroom, dark from the page')
  if (shots) {
    await after.screenshot({ path: path.join(shots, 'branded-dark-page-class.png') })
    await setTheme(grace, 'dark')
    await grace.reload()
    await grace.locator('hl-classroom [part="brand"]').waitFor(timeout)
    await grace.screenshot({ path: path.join(shots, 'branded-learner.png') })
    const phone = await instructorPage(tokens.ada!, 390)
    await phone.screenshot({ path: path.join(shots, 'branded-phone-390.png'), fullPage: true })
    await setTheme(phone, 'dark')
    await phone.screenshot({ path: path.join(shots, 'branded-phone-390-dark.png'), fullPage: true })
  }
  await e2e.server.api('PATCH', '/api/v1/tenant', { productName: null, logoUrl: null, theme: {} })
})

test('a Spanish browser: the classroom speaks Spanish without being told, and a refused command is said in Spanish', async () => {
  const { sessionId, tokens } = await e2e.server.createSession(
    [
      { userId: 'ada', name: 'Ada', role: 'instructor' },
      { userId: 'rosa', name: 'Rosa', role: 'learner' },
    ],
    'Fracciones',
  )
  await e2e.server.api('POST', `/api/v1/sessions/${sessionId}/start`, undefined, tokens.ada)
  const context = await e2e.browser.newContext({ locale: 'es-ES' })
  const page = await context.newPage()
  await page.goto(`${e2e.server.url}/room.html#token=${tokens.rosa}`)
  await page.locator('hl-classroom [part="status"]').filter({ hasText: 'En directo' }).waitFor(timeout)
  assert.equal(await page.evaluate(`document.querySelector('hl-classroom').shadowRoot.querySelector('[part="base"]').lang`), 'es')

  // The server allows 30 chat messages a minute per person: the 31st is refused (429 rate_limited).
  const input = page.locator('hl-classroom hl-chat [part="input"]')
  const problem = page.locator('hl-classroom hl-chat .problem')
  for (let i = 1; i <= 40 && !(await problem.innerText()).trim(); i++) {
    await input.fill(`Mensaje ${i}`)
    await input.press('Enter')
    // Sent (the draft clears) or refused (the problem shows): then the next.
    await page.waitForFunction(
      `(() => { const chat = document.querySelector('hl-classroom').shadowRoot.querySelector('hl-chat').shadowRoot
        return chat.querySelector('[part="input"]').value === '' || chat.querySelector('.problem').textContent.trim() !== '' })()`,
      undefined,
      timeout,
    )
  }
  assert.equal((await problem.innerText()).trim(), 'Demasiadas solicitudes. Espera un momento y vuelve a intentarlo.')
  assert.ok(!(await pageText(page)).includes('messages a minute'), 'the server’s English sentence is not shown')
  await context.close()
})

test('docs/theming.md, the manifest (@cssproperty of <hl-classroom>) and the palette list the same tokens and values', () => {
  const root = path.resolve(import.meta.dirname, '..')
  const palette = [...Object.keys(themeTokens), ...Object.keys(derivedTokens)].map((name) => `--hl-${name}`).sort()
  // The manifest is generated (and git-ignored): generate it from the components' JSDoc now.
  execFileSync('npm', ['run', 'manifest', '-w', '@hilink/elements'], { cwd: root, stdio: 'ignore' })
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'packages/elements/custom-elements.json'), 'utf8')) as {
    modules: Array<{ declarations?: Array<{ tagName?: string; cssProperties?: Array<{ name: string; description?: string }> }> }>
  }
  const classroom = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'hl-classroom')
  const documented = classroom?.cssProperties ?? []
  assert.deepEqual(documented.map((p) => p.name).sort(), palette, '@cssproperty on <hl-classroom>')
  const doc = fs.readFileSync(path.join(root, 'docs/theming.md'), 'utf8')
  const rows = new Map([...doc.matchAll(/^\| `(--hl-[a-z-]+)` \| ([^|]*)\| ([^|]*)\|/gm)].map((m) => [m[1]!, [m[2]!.trim(), m[3]!.trim()]]))
  assert.deepEqual([...rows.keys()].sort(), palette, 'the token table of docs/theming.md')
  for (const [name, { light, dark }] of Object.entries(themeTokens)) {
    const [docLight, docDark] = rows.get(`--hl-${name}`)!
    if (name !== 'font-family') assert.deepEqual([docLight, docDark], [`\`${light}\``, `\`${dark}\``], `--hl-${name} in the docs`)
    const described = documented.find((p) => p.name === `--hl-${name}`)?.description ?? ''
    if (name.startsWith('color-')) assert.ok(described.includes(light) && described.includes(dark), `--hl-${name} @cssproperty names both values`)
  }
})
