import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { spawnHiLinkServer, type SpawnedServer } from '../tools/spawn-server.mjs'
import { launchChromium } from './browser.ts'

/**
 * The whole path a person takes: the demo back office creates a session and opens an instructor tab and a
 * learner tab, one click each; each tab sees the other's presence; the instructor starts the lesson and the
 * learner's classroom shows it; a closed tab disappears from the other's roster.
 */
let server: SpawnedServer
let browser: Browser
before(async () => {
  server = await spawnHiLinkServer()
  browser = await launchChromium()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

const roster = (page: Page) => page.locator('hl-classroom hl-roster li')

test('two tabs opened from the demo see each other in the classroom', async () => {
  const context = await browser.newContext()
  const demo = await context.newPage()
  await demo.goto(`${server.url}/#key=${server.adminKey}`)
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
  await assertRoster(teacherTab, ['Ada (instructor)', 'Grace'])
  await assertRoster(learnerTab, ['Ada (instructor)', 'Grace'])
  assert.match((await learnerTab.locator('hl-classroom header').innerText()).replace(/\s+/g, ' '), /Grace · Learner/)

  const lessonState = (page: Page) => page.locator('hl-classroom [part="lesson-state"]')
  assert.equal(await lessonState(learnerTab).innerText(), 'Not started')
  assert.equal(await learnerTab.getByRole('button', { name: 'Start lesson' }).count(), 0, 'learners get no Start button')
  await teacherTab.getByRole('button', { name: 'Start lesson' }).click()
  await lessonState(learnerTab).filter({ hasText: 'In session' }).waitFor({ timeout: 10_000 })
  await teacherTab.getByRole('button', { name: 'End lesson' }).waitFor()

  await learnerTab.close()
  await teacherTab.locator('hl-classroom hl-roster').getByText('In the room (1)').waitFor({ timeout: 10_000 })
  assert.deepEqual(await names(teacherTab), ['Ada (instructor)'])
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
