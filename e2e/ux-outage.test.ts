import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { sleep } from '../tools/wait.mjs'
import { useServerAndChromium } from './browser.ts'
import { openClassroom, pageText, rawErrorText, timeout } from './ux-helpers.ts'

/**
 * The server is stopped for 5 s while a learner answers a poll and raises a hand: both wait as "pending" (never a
 * browser error), are sent when the server is back and are recorded exactly once; the roster keeps both learners
 * throughout.
 */
const e2e = useServerAndChromium()

const rosterCount = (page: Page) => page.locator('hl-classroom hl-roster h2').innerText()

async function statements(verb: string): Promise<number> {
  const res = await fetch(`${e2e.server.url}/xapi/statements?verb=${encodeURIComponent(verb)}&limit=100`, {
    headers: { authorization: `Bearer ${e2e.server.adminKey}`, 'x-experience-api-version': '1.0.3' },
  })
  assert.equal(res.status, 200)
  return ((await res.json()) as { statements: unknown[] }).statements.length
}

test('answer and hand raise during a 5 s outage: pending, then recorded once; the roster keeps everyone', async () => {
  const { sessionId, tokens } = await e2e.server.createSession(
    [
      { userId: 'ada', name: 'Ada', role: 'instructor' },
      { userId: 'grace', name: 'Grace', role: 'learner' },
      { userId: 'alan', name: 'Alan', role: 'learner' },
    ],
    'Fractions, outage',
  )
  await e2e.server.api('POST', `/api/v1/sessions/${sessionId}/start`, undefined, tokens.ada)
  const question = 'Which is larger: 2/3 or 3/5?'
  await e2e.server.api('POST', `/api/v1/sessions/${sessionId}/polls`, { question, options: ['2/3', '3/5'], kind: 'poll' }, tokens.ada)
  const ada = await openClassroom(e2e.browser, e2e.server.url, tokens.ada!)
  const grace = await openClassroom(e2e.browser, e2e.server.url, tokens.grace!)
  const alan = await openClassroom(e2e.browser, e2e.server.url, tokens.alan!)
  for (const page of [ada, grace, alan]) await page.locator('hl-classroom hl-roster').getByText('In the room (3)').waitFor(timeout)
  const card = grace.locator('hl-classroom hl-poll [part="poll"]').filter({ hasText: question })
  await card.getByRole('radio', { name: '2/3', exact: true }).waitFor(timeout)

  // The server goes away (killed, no goodbye).
  const down = Date.now()
  await e2e.stopServer('SIGKILL')
  await grace.locator('hl-classroom [part="status"]').filter({ hasText: 'Reconnecting…' }).waitFor(timeout)

  await card.getByRole('radio', { name: '2/3', exact: true }).check()
  await card.getByRole('button', { name: 'Submit answer' }).click()
  await grace.getByRole('button', { name: 'Raise hand' }).click()
  const pending = grace.locator('hl-classroom [part="pending"]')
  await pending.filter({ hasText: '2 actions are pending' }).waitFor(timeout)
  await grace.locator('hl-classroom hl-hand-raise').getByText('Pending: it will be sent when the connection is back.').waitFor(timeout)
  for (const page of [ada, grace, alan]) {
    assert.equal(await rosterCount(page), 'In the room (3)', 'nobody dropped from the roster during the outage')
    assert.doesNotMatch(await pageText(page), rawErrorText)
  }

  await sleep(Math.max(0, 5000 - (Date.now() - down)))
  for (const page of [ada, grace, alan]) assert.equal(await rosterCount(page), 'In the room (3)')
  await e2e.startServer()

  await pending.waitFor({ state: 'detached', ...timeout })
  await grace.getByRole('button', { name: 'Lower hand' }).waitFor(timeout)
  await card.getByText('Answer sent: 2/3').waitFor(timeout)
  await ada.locator('hl-classroom hl-hand-raise [part="hand"]').filter({ hasText: 'Grace' }).waitFor(timeout)
  assert.equal(await ada.locator('hl-classroom hl-hand-raise [part="hand"]').count(), 1)
  for (const page of [ada, grace, alan]) {
    await page.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor(timeout)
    assert.equal(await rosterCount(page), 'In the room (3)')
    assert.doesNotMatch(await pageText(page), rawErrorText)
  }
  assert.equal(await statements('http://adlnet.gov/expapi/verbs/answered'), 1, 'the answer recorded once')
  assert.equal(await statements('urn:hilink:xapi:verbs:raised-hand'), 1, 'the hand recorded once')
})
