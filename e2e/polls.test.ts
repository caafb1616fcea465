import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { CDPSession, Page } from 'playwright-core'
import { axeViolations, useServerAndChromium } from './browser.ts'

/**
 * Polls complete and the engagement panel, as each person sees them: the instructor launches a timed
 * three-question check; two learners answer (one right, one wrong); the instructor's bars update live; the
 * server's timer closes it; the instructor reveals the results; a learner switching away shows as away in the
 * instructor's engagement panel within 2 s and back within 2 s; learner and observer pages never receive a
 * live (type-100) frame, counted on the wire over CDP; an anonymous poll stores no per-learner answer.
 *
 * Replaced here: switching tabs. Headless Chromium keeps every page visible and focused, so the learner's
 * page sets `document.visibilityState` and dispatches `visibilitychange` (and `blur`/`focus` on window)
 * itself, as lesson-engagement.test.ts does. Everything after the event is real.
 */
const timeout = { timeout: 10_000 }
const e2e = useServerAndChromium()

/** Counts type-100 (live) frames a page receives on its sync socket: the first byte of a binary y-websocket frame. */
async function countLiveFrames(page: Page): Promise<{ count: () => number; cdp: CDPSession }> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  let live = 0
  cdp.on('Network.webSocketFrameReceived', ({ response }) => {
    // Binary frames arrive base64-encoded (opcode 2); varuint 100 is the single byte 0x64.
    if (response.opcode === 2 && Buffer.from(response.payloadData, 'base64')[0] === 100) live++
  })
  return { count: () => live, cdp }
}

test('a timed three-question check with live bars, a server-side close and a reveal; away/back in the engagement panel; no live frame for learners or observers (tab switch simulated: headless Chromium cannot hide a tab)', async () => {
  const created = await e2e.server.createSession(
    [
      { userId: 'ada', name: 'Ada', role: 'instructor' },
      { userId: 'grace', name: 'Grace', role: 'learner' },
      { userId: 'alan', name: 'Alan', role: 'learner' },
      { userId: 'olga', name: 'Olga', role: 'observer' },
    ],
    'Fractions check',
  )
  const { sessionId } = created
  const tokens = created.tokens as Record<'ada' | 'grace' | 'alan' | 'olga', string>
  const open = async (token: string, watch = false) => {
    const page = await (await e2e.browser.newContext()).newPage()
    const frames = watch ? await countLiveFrames(page) : undefined
    await page.goto(`${e2e.server.url}/room.html#token=${token}`)
    await page.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor(timeout)
    return { page, frames }
  }
  const ada = await open(tokens.ada, true)
  const grace = await open(tokens.grace, true)
  const alan = await open(tokens.alan, true)
  const olga = await open(tokens.olga, true)
  await e2e.server.api('POST', `/api/v1/sessions/${sessionId}/start`, undefined, tokens.ada)

  const questions = [
    { question: 'Half of 8?', options: ['4', '2'], correctOption: 0 },
    { question: 'Double 3?', options: ['5', '6'], correctOption: 1 },
    { question: '10 minus 7?', options: ['3', '4'], correctOption: 0 },
  ]
  await e2e.server.api('POST', `/api/v1/sessions/${sessionId}/polls`, { question: 'Warm-up check', kind: 'check', questions, durationSeconds: 12, reveal: 'manual' }, tokens.ada)
  const card = (page: Page) => page.locator('hl-classroom hl-poll [part="poll"]').filter({ hasText: 'Warm-up check' })
  for (const p of [grace.page, alan.page]) await card(p).locator('.countdown').waitFor(timeout)
  assert.match(await card(grace.page).locator('.countdown').innerText(), /Closes in 0:\d\d/)

  const answer = async (page: Page, picks: number[]) => {
    const c = card(page)
    for (const [q, i] of picks.entries()) await c.locator(`input[name="q${q}"][value="${i}"]`).check()
    await c.getByRole('button', { name: 'Submit answer' }).click()
    await c.getByText('Answer sent').waitFor(timeout)
  }
  await answer(grace.page, [0, 1, 0])
  // The instructor's bars for question 1 move as soon as Grace's answer is counted (live, no reload).
  await card(ada.page).locator('.question-results li').first().getByText('1 answer (100%)').waitFor(timeout)
  await answer(alan.page, [1, 1, 1])
  await card(ada.page).locator('.question-results li').first().getByText('1 answer (50%)').first().waitFor(timeout)

  // The server closes it at the deadline (no one clicks Close).
  await card(grace.page).getByText('Closed').waitFor({ timeout: 20_000 })
  assert.equal(await card(grace.page).locator('[part="results"]').count(), 0, 'manual reveal: not shown yet')
  await card(ada.page).getByRole('button', { name: 'Reveal results' }).click()
  await card(grace.page).locator('[part="results"]').first().waitFor(timeout)
  assert.equal(await card(grace.page).locator('[part="results"]').count(), 3)
  assert.ok((await card(alan.page).innerText()).includes('(correct answer)'))

  // Engagement: Alan switches away (simulated), then back; the instructor's panel follows within 2 s.
  const row = ada.page.locator('hl-classroom hl-engagement-panel [part="row"][data-user="alan"]')
  await row.getByText('Present').waitFor(timeout)
  const setVisibility = (state: 'hidden' | 'visible') =>
    alan.page.evaluate((s) => {
      Object.defineProperty(document, 'visibilityState', { value: s, configurable: true })
      document.dispatchEvent(new Event('visibilitychange'))
    }, state)
  let t0 = Date.now()
  await setVisibility('hidden')
  await row.getByText('Away').waitFor({ timeout: 2000 })
  assert.ok(Date.now() - t0 < 2000, `away after ${Date.now() - t0} ms`)
  t0 = Date.now()
  await setVisibility('visible')
  await row.getByText('Present').waitFor({ timeout: 2000 })
  assert.ok(Date.now() - t0 < 2000, `back after ${Date.now() - t0} ms`)
  // A window in the background (blur) counts as away too.
  t0 = Date.now()
  await alan.page.evaluate(() => window.dispatchEvent(new Event('blur')))
  await row.getByText('Away').waitFor({ timeout: 2000 })
  await alan.page.evaluate(() => window.dispatchEvent(new Event('focus')))
  await row.getByText('Present').waitFor({ timeout: 2000 })
  const graceRow = ada.page.locator('hl-classroom hl-engagement-panel [part="row"][data-user="grace"]')
  assert.match(await graceRow.innerText(), /1\/1/, 'Grace: one poll answered of one, and correct')

  // On the wire: staff received live frames; learners and the observer none.
  assert.ok((ada.frames?.count() ?? 0) > 0, 'the instructor receives live frames')
  assert.equal(grace.frames?.count(), 0, 'no live frame reaches a learner')
  assert.equal(alan.frames?.count(), 0, 'no live frame reaches a learner')
  assert.equal(olga.frames?.count(), 0, 'no live frame reaches an observer')
  assert.equal(await grace.page.locator('hl-classroom hl-engagement-panel [part="base"]').count(), 0)
  assert.equal(await olga.page.locator('hl-classroom hl-engagement-panel [part="base"]').count(), 0)

  assert.deepEqual(await axeViolations(ada.page, 'hl-classroom'), [])
  assert.deepEqual(await axeViolations(grace.page, 'hl-classroom'), [])

  // An anonymous poll: answered through the form, stored without anyone's id.
  const anon = await e2e.server.api('POST', `/api/v1/sessions/${sessionId}/polls`, { question: 'How do you feel?', options: ['Good', 'Lost'], anonymous: true }, tokens.ada)
  const anonCard = card(grace.page).page().locator('hl-classroom hl-poll [part="poll"]').filter({ hasText: 'How do you feel?' })
  await anonCard.getByText('Lost').click()
  await anonCard.getByRole('button', { name: 'Submit answer' }).click()
  await anonCard.getByText('Answer sent').waitFor(timeout)
  const db = new Database(path.join(e2e.dataDir, 'hilink.sqlite'), { readonly: true, fileMustExist: true })
  try {
    const rows = db.prepare('SELECT user_id FROM poll_answers WHERE poll_id = ?').all(anon.id) as Array<{ user_id: string }>
    assert.equal(rows.length, 1)
    assert.match(rows[0]!.user_id, /^anonymous:/)
    const statements = (db.prepare('SELECT statement FROM learning_events WHERE session_id = ?').all(sessionId) as Array<{ statement: string }>).map((r) => r.statement)
    assert.ok(!statements.some((t) => t.includes(anon.id) && t.includes('grace')), 'no statement ties Grace to the anonymous poll')
  } finally {
    db.close()
  }
})

test('an instructor builds a timed three-question check in the launch form (keyboard for the new question) and a learner sees all three in the action bar', async () => {
  const created = await e2e.server.createSession(
    [
      { userId: 'ada', name: 'Ada', role: 'instructor' },
      { userId: 'grace', name: 'Grace', role: 'learner' },
    ],
    'Check from the form',
  )
  const tokens = created.tokens as Record<'ada' | 'grace', string>
  const open = async (token: string) => {
    const page = await (await e2e.browser.newContext()).newPage()
    await page.goto(`${e2e.server.url}/room.html#token=${token}`)
    await page.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor(timeout)
    return page
  }
  const ada = await open(tokens.ada)
  const grace = await open(tokens.grace)
  await e2e.server.api('POST', `/api/v1/sessions/${created.sessionId}/start`, undefined, tokens.ada)
  const form = ada.locator('hl-classroom hl-poll [part="form"]')
  await form.waitFor(timeout)
  await form.getByLabel('Question', { exact: true }).fill('Fractions, quickly')
  await form.getByRole('radio', { name: 'Comprehension check' }).check()
  await form.getByLabel('Option 1', { exact: true }).fill('4')
  await form.getByLabel('Option 2', { exact: true }).fill('2')
  await form.getByRole('radio', { name: 'Option 1 is correct' }).check()
  await form.getByRole('button', { name: 'Add question' }).click()
  // The new question's text field has the focus: the keyboard goes on from there.
  await ada.keyboard.type('Double 3?')
  assert.equal(await form.getByLabel('Question 2 text').inputValue(), 'Double 3?')
  // The first question keeps what was typed; the field above is now the check's title.
  assert.equal(await form.getByLabel('Question 1 text').inputValue(), 'Fractions, quickly')
  await form.getByLabel('Question 1 text').fill('Half of 8?')
  await form.getByLabel('Question 2, option 1').fill('5')
  await form.getByLabel('Question 2, option 2').fill('6')
  await form.getByRole('radio', { name: 'Question 2: option 2 is correct' }).check()
  await form.getByRole('button', { name: 'Add question' }).press('Enter')
  await ada.keyboard.type('Is 3/6 one half?')
  await form.getByRole('radiogroup', { name: 'Kind of question 3' }).getByRole('radio', { name: 'True or false' }).check()
  await form.getByLabel('Correct answer to question 3').selectOption({ label: 'True' })
  await form.getByLabel('Timer in seconds (optional)').fill('120')
  await form.getByRole('button', { name: 'Launch check' }).click()

  const card = grace.locator('hl-classroom [part="action-bar"] [part="poll"]').filter({ hasText: 'Fractions, quickly' })
  await card.waitFor(timeout)
  const legends = await card.locator('legend').allInnerTexts()
  assert.deepEqual(legends.map((l) => l.trim()), ['1. Half of 8?', '2. Double 3?', '3. Is 3/6 one half?'])
  await card.locator('.countdown').waitFor(timeout)
  assert.deepEqual(await card.getByRole('radiogroup', { name: '3. Is 3/6 one half?' }).getByRole('radio').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).labels?.[0]?.textContent?.trim())), ['True', 'False'])
  // The server stored the three questions with their correct options.
  const body = await e2e.server.api('GET', `/api/v1/sessions/${created.sessionId}/polls`, undefined, tokens.ada)
  const poll = (body as { polls: Array<{ question: string; durationSeconds?: number; closesAt?: string; questions?: Array<{ question: string }> }> }).polls[0]!
  assert.equal(poll.question, 'Fractions, quickly')
  assert.deepEqual(poll.questions?.map((q) => q.question), ['Half of 8?', 'Double 3?', 'Is 3/6 one half?'])
  assert.ok(poll.closesAt, 'timed')
  // The learner's history below the lesson does not repeat the open check.
  assert.equal(await grace.locator('hl-classroom hl-poll[view="history"] [part="poll"]').count(), 0)
})
