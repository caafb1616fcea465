import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { axeViolations, useServerAndChromium } from './browser.ts'

/**
 * A whole class in four browsers: an instructor (Ada), two learners (Grace, Alan) and an observer (Olga).
 * The learners and the observer wait in the lobby with the scheduled time and are let in when Ada starts;
 * a hand goes up and down; chat carries `<b>hi</b>` as text; the server restarts mid-lesson and every page
 * shows "Reconnecting…", keeps what it showed, resyncs without a reload and the roster is whole (no ghost,
 * nobody lost); Ada ends the lesson and everyone sees it ended. Attendance then lists all four.
 */
const timeout = { timeout: 15_000 }
const e2e = useServerAndChromium()

const classroom = (page: Page) => page.locator('hl-classroom')
const status = (page: Page) => page.locator('hl-classroom [part="status"]')
const rosterNames = async (page: Page) =>
  (await page.locator('hl-classroom hl-roster [part="participant"] .name').allInnerTexts()).map((n) => n.trim()).sort()

test('lobby → live → ended for an instructor, two learners and an observer, with hands, chat and a server restart', async () => {
  const { sessionId, tokens } = await e2e.server.createSession(
    [
      { userId: 'ada', name: 'Ada', role: 'instructor' },
      { userId: 'grace', name: 'Grace', role: 'learner' },
      { userId: 'alan', name: 'Alan', role: 'learner' },
      { userId: 'olga', name: 'Olga', role: 'observer' },
    ],
    'Fractions, lesson 4',
  )
  const open = async (token: string) => {
    const page = await (await e2e.browser.newContext()).newPage()
    await page.goto(`${e2e.server.url}/room.html#token=${token}`)
    await status(page).filter({ hasText: 'Live' }).waitFor(timeout)
    return page
  }
  const ada = await open(tokens.ada!)
  const grace = await open(tokens.grace!)
  const alan = await open(tokens.alan!)
  const olga = await open(tokens.olga!)
  const everyone = [ada, grace, alan, olga]

  // 1. Lobby: the learners and the observer wait, with the scheduled time; the instructor has the room.
  for (const page of [grace, alan, olga]) {
    const lobby = classroom(page).locator('[part="lobby"]')
    await lobby.getByText('The lesson has not started yet').waitFor(timeout)
    await lobby.getByText(/It is scheduled for \d/).waitFor(timeout)
    assert.equal(await classroom(page).locator('hl-chat').count(), 0, 'nothing of the lesson before the start')
  }
  assert.equal(await classroom(ada).locator('[part="lobby"]').count(), 0)
  await ada.locator('hl-classroom hl-roster').getByText('In the room (4)').waitFor(timeout)
  assert.deepEqual(await axeViolations(grace), [], 'the lobby is accessible')

  // 2. Live: Ada starts, everyone is let in.
  await ada.getByRole('button', { name: 'Start lesson' }).click()
  for (const page of everyone) {
    await classroom(page).locator('[part="lesson-state"]').filter({ hasText: 'In session' }).waitFor(timeout)
    await classroom(page).locator('hl-chat').waitFor(timeout)
  }

  // 3. Hands: Grace raises hers, Ada sees it and lowers it.
  await grace.getByRole('button', { name: 'Raise hand' }).click()
  const adaHands = ada.locator('hl-classroom hl-hand-raise [part="hand"]')
  await adaHands.filter({ hasText: 'Grace' }).waitFor(timeout)
  await ada.getByRole('button', { name: 'Lower Grace’s hand' }).click()
  await grace.getByRole('button', { name: 'Raise hand' }).waitFor(timeout)
  await ada.locator('hl-classroom hl-hand-raise').getByText('No hands raised.').waitFor(timeout)

  // 4. Chat: Grace writes HTML; everyone reads it as text. Olga has no field.
  const field = grace.getByRole('textbox', { name: 'Message' })
  await field.fill('<b>hi</b>')
  await field.press('Enter')
  for (const page of everyone) {
    const text = page.locator('hl-classroom hl-chat [part="text"]').first()
    await text.waitFor(timeout)
    assert.equal(await text.innerText(), '<b>hi</b>')
    assert.equal(await page.locator('hl-classroom hl-chat [part="text"] b').count(), 0, 'no <b> element')
  }
  assert.equal(await olga.getByRole('textbox', { name: 'Message' }).count(), 0, 'observers only read')
  assert.equal(await grace.locator('hl-classroom hl-chat [part="delete"]').count(), 0, 'learners cannot delete')
  assert.deepEqual(await axeViolations(ada), [], 'the live classroom is accessible')
  await ada.evaluate(() => {
    ;(document.querySelector('hl-classroom') as HTMLElement & { theme: string }).theme = 'dark'
  })
  assert.deepEqual(await axeViolations(ada), [], 'the dark theme keeps its contrast')
  await ada.evaluate(() => {
    ;(document.querySelector('hl-classroom') as HTMLElement & { theme: string }).theme = 'light'
  })
  await grace.setViewportSize({ width: 390, height: 844 })
  assert.deepEqual(await axeViolations(grace), [], 'a phone-width classroom is accessible')

  // 5. The server restarts (killed, no goodbye) on the same port and data: every page reconnects by itself.
  await e2e.stopServer('SIGKILL')
  for (const page of everyone) await status(page).filter({ hasText: 'Reconnecting…' }).waitFor(timeout)
  // Local state is kept while away: the message is still on screen.
  assert.equal(await grace.locator('hl-classroom hl-chat [part="text"]').first().innerText(), '<b>hi</b>')
  await e2e.startServer()
  for (const page of everyone) await status(page).filter({ hasText: 'Live' }).waitFor(timeout)
  for (const page of everyone) {
    await page.locator('hl-classroom hl-roster').getByText('In the room (4)').waitFor(timeout)
    assert.deepEqual(await rosterNames(page), ['Ada', 'Alan', 'Grace', 'Olga'], 'whole roster, no ghost')
  }
  // Resynced without a reload: a message written after the restart reaches everyone.
  const alanField = alan.getByRole('textbox', { name: 'Message' })
  await alanField.fill('back again')
  await alanField.press('Enter')
  for (const page of everyone) await page.locator('hl-classroom hl-chat [part="text"]').filter({ hasText: 'back again' }).waitFor(timeout)

  // 6. Ended: Ada ends it; the learners and the observer see it ended, Ada goes on to the review.
  await ada.getByRole('button', { name: 'End lesson' }).click()
  // Ending is irreversible: the classroom asks for a confirmation first.
  await ada.getByRole('button', { name: 'Yes, end the lesson' }).click()
  for (const page of [grace, alan, olga]) await classroom(page).locator('[part="ended"]').getByText('The lesson has ended').waitFor(timeout)
  await classroom(ada).locator('[part="lesson-state"]').filter({ hasText: 'Ended' }).waitFor(timeout)
  assert.deepEqual(await axeViolations(alan), [], 'the ended state is accessible')

  // Attendance: all four were there, nobody absent, and the restart did not cut anyone's time.
  const report = await e2e.server.api('GET', `/api/v1/sessions/${sessionId}/attendance`)
  const byUser = new Map((report.participants as Array<{ userId: string; absent: boolean; firstJoin: string | null }>).map((p) => [p.userId, p]))
  for (const who of ['ada', 'grace', 'alan', 'olga']) {
    assert.equal(byUser.get(who)?.absent, false, who)
    assert.ok(byUser.get(who)?.firstJoin, who)
  }
  for (const page of everyone) await page.context().close()
})
