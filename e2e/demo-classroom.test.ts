import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { useServerAndChromium } from './browser.ts'

/**
 * The whole path a person takes: the demo back office creates a session and opens an instructor tab and a
 * learner tab, one click each; each tab sees the other's presence; the instructor starts the lesson and the
 * learner's classroom shows it; a closed tab disappears from the other's roster.
 */
const e2e = useServerAndChromium()

const roster = (page: Page) => page.locator('hl-classroom hl-roster li')

test('two tabs opened from the demo see each other in the classroom', async () => {
  const context = await e2e.browser.newContext()
  const demo = await context.newPage()
  await demo.goto(`${e2e.server.url}/#key=${e2e.server.adminKey}`)
  await demo.getByLabel('Lesson title').fill('Photosynthesis')
  await demo.getByRole('button', { name: 'Create session' }).click()
  await demo.getByRole('heading', { name: /Session “Photosynthesis”/ }).waitFor()

  const [teacherTab] = await Promise.all([
    context.waitForEvent('page'),
    demo.getByRole('button', { name: 'Open instructor tab' }).click(),
  ])
  const [learnerTab] = await Promise.all([
    context.waitForEvent('page'),
    demo.getByRole('button', { name: 'Open learner tab' }).click(),
  ])
  for (const tab of [teacherTab, learnerTab]) {
    await tab.waitForURL(/room\.html/)
    await tab.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor({ timeout: 10_000 })
  }
  // Named once: the role is shown beside the name, not in it.
  await assertRoster(teacherTab, ['Ada', 'Grace'])
  await assertRoster(learnerTab, ['Ada', 'Grace'])
  assert.deepEqual(await demo.locator('#opened a').allInnerTexts(), ['Ada (instructor)', 'Grace (learner)'])
  assert.match((await learnerTab.locator('hl-classroom header').innerText()).replace(/\s+/g, ' '), /Grace · Learner/)

  const lessonState = (page: Page) => page.locator('hl-classroom [part="lesson-state"]')
  // (The "Lesson:" prefix is for screen readers; the badge reads "Not started".)
  assert.match(await lessonState(learnerTab).innerText(), /Not started$/)
  assert.equal(await learnerTab.getByRole('button', { name: 'Start lesson' }).count(), 0, 'learners get no Start button')
  await teacherTab.getByRole('button', { name: 'Start lesson' }).click()
  await lessonState(learnerTab).filter({ hasText: 'In session' }).waitFor({ timeout: 10_000 })
  await teacherTab.getByRole('button', { name: 'End lesson' }).waitFor()

  await learnerTab.close()
  await teacherTab.locator('hl-classroom hl-roster').getByText('In the room (1)').waitFor({ timeout: 10_000 })
  assert.deepEqual(await names(teacherTab), ['Ada'])
  await context.close()
})

async function names(page: Page): Promise<string[]> {
  return roster(page).locator('.name').allInnerTexts()
}

async function assertRoster(page: Page, expected: string[]): Promise<void> {
  await page
    .locator('hl-classroom hl-roster')
    .getByText(`In the room (${expected.length})`)
    .waitFor({ timeout: 10_000 })
  assert.deepEqual((await names(page)).sort(), [...expected].sort())
}

test('the demo opens a TA and an observer tab, explains the admin key, and speaks Spanish with ?lang=es', async () => {
  const context = await e2e.browser.newContext()
  const demo = await context.newPage()
  await demo.goto(`${e2e.server.url}/#key=${e2e.server.adminKey}`)
  assert.match(await demo.locator('#admin-key-help').innerText(), /HILINK_ADMIN_KEY/)
  await demo.getByRole('button', { name: 'Create session' }).click()
  await demo.getByRole('heading', { name: /Session/ }).waitFor()
  const open = async (name: string) => {
    const [tab] = await Promise.all([context.waitForEvent('page'), demo.getByRole('button', { name }).click()])
    await tab!.waitForURL(/room\.html/)
    await tab!.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor({ timeout: 10_000 })
    return tab!
  }
  const ta = await open('Open teaching assistant tab')
  await open('Open observer tab')
  await assertRoster(ta, ['Olga', 'Tom'])
  assert.deepEqual(await demo.locator('#opened a').allInnerTexts(), ['Tom (teaching assistant)', 'Olga (observer)'])

  const href = await demo.locator('#opened a').first().getAttribute('href')
  const spanish = await context.newPage()
  await spanish.goto(`${e2e.server.url}${href!.replace('/room.html', '/room.html?lang=es')}`)
  await spanish.locator('hl-classroom [part="status"]').filter({ hasText: 'En directo' }).waitFor({ timeout: 10_000 })
  assert.equal(await spanish.evaluate(`document.querySelector('hl-classroom').shadowRoot.querySelector('.base').lang`), 'es')
  await context.close()
})
