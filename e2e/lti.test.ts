import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { BrowserContext, Page } from 'playwright-core'
import { waitFor } from '../tools/wait.mjs'
import { ltiRoles, startTestPlatform, type Tamper, type TestPlatform } from '../server/test/helpers/lti-platform.ts'
import { axeViolations, useServerAndChromium } from './browser.ts'
import { timeout } from './ux-helpers.ts'

/**
 * Chromium plays LMS users: a test LMS on loopback (its own RSA keys and JWKS, an auth endpoint that auto-posts
 * the id_token form) launches HiLink through the real OIDC redirects. Learner and TA land in the launched
 * session's classroom in their roles; each forged or spoiled launch gets a plain refusal page; NRPS feeds the
 * roster (a learner who never launches is absent); a closed check's score reaches the LMS's AGS endpoint;
 * an instructor places a session by deep linking. SHOTS_DIR=… keeps screenshots of the LTI pages.
 */
const e2e = useServerAndChromium({ env: { HILINK_WEBHOOK_ALLOW_PRIVATE: '1', HILINK_DELIVERY_POLL_MS: '200', HILINK_DELIVERY_RETRY_BASE_MS: '300' } })
let platform: TestPlatform
let platformId: string

before(async () => {
  await e2e.started()
  platform = await startTestPlatform({ toolUrl: e2e.server.url })
  platform.users.set('lina', { sub: 'student-7', name: 'Lina Learner', roles: [...ltiRoles.learner] })
  platform.users.set('tariq', { sub: 'ta-3', name: 'Tariq TA', roles: [...ltiRoles.ta] })
  platform.users.set('ines', { sub: 'teacher-1', name: 'Ines Instructor', roles: [...ltiRoles.instructor] })
  platform.members.push({ sub: 'student-absent', name: 'Abe Absent', roles: [...ltiRoles.learner] })
  platformId = ((await e2e.server.api('POST', '/api/v1/lti/platforms', platform.registration)) as { id: string }).id
})
after(async () => {
  await platform?.close()
})

const long = { timeout: 120_000 }

/** A fresh browser profile opens the LMS's link for `user`; answers the page once it rests, and the launch's status. */
async function launchInBrowser(user: string, o: { tamper?: Tamper; dropStateCookie?: boolean; context?: BrowserContext } = {}): Promise<{ page: Page; context: BrowserContext; launchStatus: number }> {
  const context = o.context ?? (await e2e.browser.newContext())
  const page = await context.newPage()
  platform.tamper = o.tamper
  if (o.dropStateCookie) {
    // The launch comes back to another browser (or one that dropped the login's cookie): the LMS's form is
    // caught in this browser and posted from a fresh profile.
    let form = ''
    await page.route(`${e2e.server.url}/lti/launch`, async (route) => {
      form = route.request().postData() ?? ''
      await route.abort()
    })
    await page.goto(platform.startUrl(user)).catch(() => {})
    await waitFor(() => form !== '', 20_000, 'the LMS posting the launch')
    await context.close()
    const other = await e2e.browser.newContext()
    const elsewhere = await other.newPage()
    const fields = [...new URLSearchParams(form)].map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`).join('')
    await elsewhere.setContent(`<form method="post" action="${e2e.server.url}/lti/launch">${fields}</form>`)
    const launched = elsewhere.waitForResponse((r) => r.url() === `${e2e.server.url}/lti/launch`, timeout)
    await elsewhere.evaluate(() => document.forms[0]!.submit())
    const launchStatus = (await launched).status()
    await elsewhere.waitForLoadState('load')
    return { page: elsewhere, context: other, launchStatus }
  }
  const launched = page.waitForResponse((r) => r.url() === `${e2e.server.url}/lti/launch` && r.request().method() === 'POST', timeout)
  await page.goto(platform.startUrl(user))
  const launchStatus = (await launched).status()
  await page.waitForLoadState('load')
  return { page, context, launchStatus }
}

async function embedToken(context: BrowserContext, sessionId: string): Promise<string> {
  const cookie = (await context.cookies(`${e2e.server.url}/embed/${sessionId}`)).find((c) => c.name === 'hilink_embed')
  assert.ok(cookie, 'the hilink_embed cookie')
  assert.deepEqual({ httpOnly: cookie.httpOnly, secure: cookie.secure, sameSite: cookie.sameSite, path: cookie.path }, { httpOnly: true, secure: true, sameSite: 'None', path: `/embed/${sessionId}` })
  return cookie.value
}

const sessionOf = (page: Page) => /\/embed\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)?.[1] ?? ''

async function shot(page: Page, name: string): Promise<void> {
  if (process.env.SHOTS_DIR) await page.screenshot({ path: `${process.env.SHOTS_DIR}/${name}.png`, fullPage: true })
}

test('learner and TA land in the launched session in their roles; NRPS roster; an AGS score reaches the LMS', long, async () => {
  const ines = await launchInBrowser('ines')
  assert.equal(ines.launchStatus, 303)
  const sessionId = sessionOf(ines.page)
  assert.ok(sessionId, ines.page.url())
  const inesToken = await embedToken(ines.context, sessionId)
  await e2e.server.api('POST', `/api/v1/sessions/${sessionId}/start`, undefined, inesToken)

  const lina = await launchInBrowser('lina')
  const tariq = await launchInBrowser('tariq')
  for (const p of [lina, tariq]) assert.equal(sessionOf(p.page), sessionId, 'the resource link’s one session')
  for (const p of [ines, lina, tariq]) await p.page.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor(timeout)
  const roster = ines.page.locator('hl-classroom hl-roster [part="participant"]')
  await roster.filter({ hasText: 'Lina Learner' }).and(ines.page.locator('[data-role="learner"]')).waitFor(timeout)
  await roster.filter({ hasText: 'Tariq TA' }).and(ines.page.locator('[data-role="ta"]')).waitFor(timeout)
  // Roles as the classroom sees them: only a learner has a hand to raise; the TA may lock the board.
  await lina.page.locator('hl-classroom hl-hand-raise [part="toggle"]').waitFor(timeout)
  assert.equal(await tariq.page.locator('hl-classroom hl-hand-raise [part="toggle"]').count(), 0)
  await shot(lina.page, 'lti-learner-classroom')

  // NRPS: Abe is in the course but never launched: expected, and absent.
  let abe: { invited: boolean; absent: boolean; role: string } | undefined
  await waitFor(() => {
    void e2e.server.api('GET', `/api/v1/sessions/${sessionId}/attendance`, undefined, inesToken).then((r: { participants: Array<{ userId: string; invited: boolean; absent: boolean; role: string }> }) => {
      abe = r.participants.find((p) => p.userId === `${platformId}:student-absent`)
    })
    return abe !== undefined
  }, 20_000, 'Abe on the roster from NRPS')
  assert.deepEqual(abe && { invited: abe.invited, absent: abe.absent, role: abe.role }, { invited: true, absent: true, role: 'learner' })

  // AGS: a check Lina answers right in the classroom; when it closes her score goes to the line item.
  const check = (await e2e.server.api('POST', `/api/v1/sessions/${sessionId}/polls`, { question: 'Which organelle makes ATP?', options: ['Nucleus', 'Mitochondrion'], kind: 'check', correctOption: 1 }, inesToken)) as { id: string }
  const card = lina.page.locator('hl-classroom hl-poll [part="poll"]').filter({ hasText: 'Which organelle makes ATP?' })
  await card.getByRole('radio', { name: 'Mitochondrion' }).check(timeout)
  await card.getByRole('button', { name: 'Submit answer' }).click()
  await card.getByText('Answer sent').waitFor(timeout)
  await e2e.server.api('POST', `/api/v1/sessions/${sessionId}/polls/${check.id}/close`, undefined, inesToken)
  await waitFor(() => platform.received.scores.some((s) => s.body.userId === 'student-7'), 20_000, 'the score at the LMS')
  const score = platform.received.scores.find((s) => s.body.userId === 'student-7')!
  assert.equal(score.lineitem, `${platform.url}/lineitems/1/scores?type=live`)
  assert.deepEqual([score.body.scoreGiven, score.body.scoreMaximum], [1, 1])
  for (const p of [ines, lina, tariq]) await p.context.close()
})

test('each forged or spoiled launch is refused with a plain page, and no classroom opens', long, async () => {
  const first = await launchInBrowser('lina') // an id_token to replay
  assert.equal(first.launchStatus, 303)
  await first.context.close()
  const cases: Array<[string, Parameters<typeof launchInBrowser>[1], number, RegExp]> = [
    ['replayed nonce', { tamper: { kind: 'replay' } }, 401, /This launch was already used/],
    ['wrong aud', { tamper: { kind: 'aud', aud: 'another-tool' } }, 401, /not meant for HiLink/],
    ['expired token', { tamper: { kind: 'expired' } }, 401, /The launch token has expired/],
    ['unknown kid', { tamper: { kind: 'unknownKid' } }, 401, /no key with kid "rotated-away-key"/],
    ['alg none', { tamper: { kind: 'algNone' } }, 401, /The launch token is unsigned/],
    ['HS256', { tamper: { kind: 'hs256' } }, 401, /signed with HS256/],
    ['wrong deployment id', { tamper: { kind: 'deployment', deploymentId: 'deployment-evil' } }, 403, /This deployment is not registered/],
    ['missing state cookie', { dropStateCookie: true }, 401, /This launch did not start in this browser/],
  ]
  for (const [what, opts, status, reason] of cases) {
    // axe is injected as a script, which the pages' CSP (checked in server/test/lti.test.ts) would block.
    const axeContext = what === 'HS256' ? { context: await e2e.browser.newContext({ bypassCSP: true }) } : {}
    const { page, context, launchStatus } = await launchInBrowser('lina', { ...opts, ...axeContext })
    assert.equal(launchStatus, status, what)
    assert.match(await page.locator('main').innerText(), reason, what)
    assert.equal(await page.locator('[role="alert"]').count(), 1, what)
    assert.equal(await page.locator('hl-classroom').count(), 0, what)
    assert.equal((await context.cookies()).some((c) => c.name === 'hilink_embed'), false, what)
    if (what === 'HS256') {
      assert.deepEqual(await axeViolations(page), [])
      await shot(page, 'lti-refusal')
      await page.setViewportSize({ width: 390, height: 700 })
      await shot(page, 'lti-refusal-phone')
    }
    await context.close()
  }
})

test('deep linking: the instructor places a new session in the course and the LMS receives the signed item', long, async () => {
  for (const scheme of ['light', 'dark', 'light, with its CSP'] as const) {
    // axe is injected as a script, which the page's CSP would block: the last round keeps the CSP and submits.
    const withCsp = scheme === 'light, with its CSP'
    const context = await e2e.browser.newContext({ colorScheme: withCsp ? 'light' : scheme, bypassCSP: !withCsp })
    const { page, launchStatus } = await launchInBrowser('ines', { tamper: { kind: 'deepLinking' }, context })
    assert.equal(launchStatus, 200)
    await page.getByRole('heading', { name: 'Add a HiLink session to Biology 101' }).waitFor(timeout)
    if (!withCsp) {
      assert.deepEqual(await axeViolations(page), [])
      await shot(page, `lti-deep-linking-${scheme}`)
    }
    if (scheme === 'light') {
      await context.close()
      continue
    }
    if (scheme === 'dark') {
      await page.setViewportSize({ width: 390, height: 700 })
      await shot(page, 'lti-deep-linking-dark-phone')
      await context.close()
      continue
    }
    // Keyboard only: to the "new session" choice, its title, and the button.
    await page.getByRole('radio', { name: 'A new session' }).focus()
    await page.keyboard.press('Space')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Cells, revision')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Content added' }).waitFor(timeout)
    const item = (platform.received.deepLinks.at(-1)?.['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Array<{ title: string; url: string }> | undefined)?.[0]
    assert.deepEqual(item && { title: item.title, url: item.url }, { title: 'Cells, revision', url: `${e2e.server.url}/lti/launch` })
    await context.close()
  }
})

test('a launch the LMS opens in a new window (document_target window) lands in the classroom; the login cookie is SameSite=None; Secure', long, async () => {
  platform.presentation = { document_target: 'window' }
  const context = await e2e.browser.newContext()
  try {
    // The LMS's course page, whose tool link opens a new window (Moodle's "New window" launch container).
    const lms = await context.newPage()
    await lms.setContent(`<main><a href="${platform.startUrl('lina')}" target="_blank">Live lesson (opens in a new window)</a></main>`)
    const loginCookies: Array<Promise<string | null>> = []
    context.on('response', (r) => {
      if (r.url().startsWith(`${e2e.server.url}/lti/login`)) loginCookies.push(r.headerValue('set-cookie'))
    })
    const opened = context.waitForEvent('page', timeout)
    await lms.getByRole('link', { name: /Live lesson/ }).press('Enter')
    const tab = await opened
    await tab.waitForURL(/\/embed\/[0-9a-f-]{36}$/, timeout)
    await tab.locator('hl-classroom').waitFor(timeout)
    const sessionId = sessionOf(tab)
    assert.ok(sessionId, tab.url())
    assert.equal(decodeRole(await embedToken(context, sessionId)), 'learner')
    // The login's state cookie: it must survive the LMS's cross-site form post back to /lti/launch.
    const cookie = (await Promise.all(loginCookies)).find((c) => c?.startsWith('hilink_lti_')) ?? ''
    for (const attr of [/; Secure/i, /; SameSite=None/i, /; HttpOnly/i, /; Path=\/lti\/launch/i]) assert.match(cookie, attr)
    // The login cookie is gone once used (a state works once).
    assert.deepEqual((await context.cookies(`${e2e.server.url}/lti/launch`)).filter((c) => c.name.startsWith('hilink_lti_')), [])
  } finally {
    platform.presentation = undefined
    await context.close()
  }
})

const decodeRole = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { role?: string }).role
