import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Locator, Page } from 'playwright-core'
import { useServerAndChromium } from './browser.ts'

/**
 * A lesson with engagement, as each person sees it: the instructor launches a comprehension check through the
 * poll form, two learners answer it (one right, one wrong) and read their verdict when it closes; a learner
 * raises a hand and the instructor lowers it; a learner's tab goes hidden and visible again; at the end the
 * instructor reviews the draft (check results, the most-missed question, hands and each learner's notes, each
 * with its source), edits a learner's note and approves, which produces one recap per learner in her words. No transcription: nobody turns captions on.
 *
 * Replaced here: hiding the tab. Headless Chromium keeps every page visible (bringing another page of the same
 * context to the front, or minimizing the window over CDP, leaves `document.visibilityState` at 'visible'), so
 * Alan's page sets its visibility and dispatches `visibilitychange` itself, as visibility-signals.test.ts does.
 * What follows is real: the classroom's signals go to the server and are stored as learning events.
 */
const question = 'Which is larger, 2/3 or 3/5?'
const timeout = { timeout: 10_000 }

// Its data dir is read to see the server's learning events (no HTTP endpoint lists them yet).
const e2e = useServerAndChromium()
let db: Database.Database | undefined
after(() => db?.close())

const pollCard = (page: Page) => page.locator('hl-classroom hl-poll [part="poll"]').filter({ hasText: question })
const hands = (page: Page) => page.locator('hl-classroom hl-hand-raise')

test('a check, a raised hand and a hidden tab reach the instructor’s summary draft and the recaps (tab hiding simulated: headless Chromium cannot hide a tab)', async () => {
  const { sessionId, tokens } = await e2e.server.createSession(
    [
      { userId: 'ada', name: 'Ada', role: 'instructor' },
      { userId: 'grace', name: 'Grace', role: 'learner' },
      { userId: 'alan', name: 'Alan', role: 'learner' },
    ],
    'Comparing fractions',
  )
  // One browser context per person, each on the demo's classroom page.
  const open = async (token: string) => {
    const page = await (await e2e.browser.newContext()).newPage()
    await page.goto(`${e2e.server.url}/room.html#token=${token}`)
    await page.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor(timeout)
    return page
  }
  const ada = await open(tokens.ada!)
  const grace = await open(tokens.grace!)
  const alan = await open(tokens.alan!)
  await ada.locator('hl-classroom hl-roster').getByText('In the room (3)').waitFor(timeout)

  // 1. Ada starts the lesson.
  await ada.getByRole('button', { name: 'Start lesson' }).click()
  for (const page of [ada, grace, alan]) {
    await page.locator('hl-classroom [part="lesson-state"]').filter({ hasText: 'In session' }).waitFor(timeout)
  }

  // 2. Ada launches a comprehension check through the form: question, kind, three options, the correct one.
  assert.equal(await grace.locator('hl-classroom hl-poll [part="form"]').count(), 0, 'learners have no launch form')
  const form = ada.locator('hl-classroom hl-poll [part="form"]')
  await form.getByRole('textbox', { name: 'Question' }).fill(question)
  await form.getByRole('radio', { name: 'Comprehension check' }).check()
  await form.getByRole('button', { name: 'Add option' }).click()
  await form.getByRole('textbox', { name: 'Option 1', exact: true }).fill('2/3')
  await form.getByRole('textbox', { name: 'Option 2', exact: true }).fill('3/5')
  await form.getByRole('textbox', { name: 'Option 3', exact: true }).fill('They are equal')
  await form.getByRole('radio', { name: 'Option 1 is correct' }).check()
  await form.getByRole('button', { name: 'Launch check' }).click()
  await pollCard(ada).waitFor(timeout)
  // The poll can reach Ada's document before the server's answer to her launch does; the form clears on that answer.
  await eventually(() => form.getByRole('textbox', { name: 'Question' }).inputValue(), '')

  // Both learners see the question as a radio group, without counts while it is open.
  for (const page of [grace, alan]) {
    const group = pollCard(page).getByRole('radiogroup', { name: question })
    await group.waitFor(timeout)
    assert.deepEqual(await group.getByRole('radio').evaluateAll((rs) => rs.map((r) => r.parentElement?.textContent?.trim())), [
      '2/3',
      '3/5',
      'They are equal',
    ])
    assert.equal(await pollCard(page).locator('[part="results"]').count(), 0, 'no results for learners while open')
  }
  await answer(grace, '2/3')
  await answer(alan, '3/5')

  // Ada watches the answers come in, the correct option marked in words.
  // The count comes with the document; the live results with Ada's next fetch, a moment later.
  await pollCard(ada).locator('.responses').filter({ hasText: '2 responses' }).waitFor(timeout)
  await eventually(() => resultLine(ada, '2/3'), '2/3 (correct answer) 1 answer (50%)')
  assert.equal(await resultLine(ada, '3/5'), '3/5 1 answer (50%)')
  assert.equal(await resultLine(ada, 'They are equal'), 'They are equal 0 answers (0%)')

  // Ada closes it: each learner reads whether they were right.
  await pollCard(ada).getByRole('button', { name: 'Close poll' }).click()
  await pollCard(alan).getByText('Your answer was not correct.').waitFor(timeout)
  await pollCard(grace).getByText('Your answer was correct.').waitFor(timeout)
  assert.equal(await resultLine(alan, '3/5'), '3/5 (your answer) 1 answer (50%)')
  assert.equal(await resultLine(alan, '2/3'), '2/3 (correct answer) 1 answer (50%)')
  assert.equal(await pollCard(alan).getByRole('radio').count(), 0, 'no answering once closed')
  await pollCard(ada).getByRole('button', { name: 'Close poll' }).waitFor({ state: 'detached', ...timeout })

  // 3. Grace raises her hand; Ada sees her in the queue and lowers it.
  assert.equal(await hands(ada).getByText('No hands raised.').count(), 1)
  await hands(grace).getByRole('button', { name: 'Raise hand' }).click()
  await hands(grace).getByRole('button', { name: 'Lower hand', pressed: true }).waitFor(timeout)
  await hands(grace).getByText('Your hand is up, number 1 in the queue.').waitFor(timeout)
  await hands(ada).getByRole('heading', { name: 'Raised hands (1)' }).waitFor(timeout)
  assert.deepEqual(await hands(ada).locator('[part="hand"] .name').allInnerTexts(), ['Grace'])
  await hands(ada).getByRole('button', { name: 'Lower Grace’s hand' }).click()
  await hands(grace).getByRole('button', { name: 'Raise hand', pressed: false }).waitFor(timeout)
  await hands(ada).getByText('No hands raised.').waitFor(timeout)

  // 4. Alan's tab goes hidden, then visible again (set by hand: see the note at the top).
  for (const state of ['hidden', 'visible'] as const) {
    await alan.evaluate((s) => {
      Object.defineProperty(document, 'visibilityState', { value: s, configurable: true })
      document.dispatchEvent(new Event('visibilitychange'))
    }, state)
  }
  // The server stored both as learning events with Alan as the actor (read from its SQLite file).
  db = new Database(path.join(e2e.dataDir, 'hilink.sqlite'), { readonly: true, fileMustExist: true })
  const alansSignals = () =>
    db!
      .prepare<[string], { verb: string; statement: string }>(
        `SELECT verb, statement FROM learning_events WHERE session_id = ? AND actor_id = 'alan' AND verb LIKE '%:tab-%' ORDER BY rowid`,
      )
      .all(sessionId)
  await waitFor(() => alansSignals().length === 2, 'Alan’s two tab signals stored')
  const stored = alansSignals()
  assert.deepEqual(
    stored.map((r) => r.verb.split(':').at(-1)),
    ['tab-hidden', 'tab-visible'],
  )
  const [hiddenAt, visibleAt] = stored.map((r) => Date.parse((JSON.parse(r.statement) as { timestamp: string }).timestamp))
  assert.ok(hiddenAt! <= visibleAt! && visibleAt! - hiddenAt! < 30_000, 'a short stretch away, below the summary’s threshold')

  // 5. Ada ends the lesson and reviews the draft; learners see none.
  await ada.getByRole('button', { name: 'End lesson' }).click()
  // Ending is irreversible: the classroom asks for a confirmation first.
  await ada.getByRole('button', { name: 'Yes, end the lesson' }).click()
  await ada.getByRole('heading', { name: 'Lesson summary draft' }).waitFor({ timeout: 40_000 })
  assert.equal(await grace.getByRole('heading', { name: 'Lesson summary draft' }).count(), 0, 'learners see no draft')
  const draft = await draftAsSeen(ada)
  assert.deepEqual(draft['How learners responded'], [
    { text: `Check “${question}”: 2 of 2 learners answered; 1 correct (50 %).`, source: 'From a poll' },
    { text: 'Hands went up 1 time, from 1 learner.', source: 'From learning events' },
  ])
  assert.deepEqual(draft['Needs reinforcement'], [
    {
      text: `Most missed: “${question}” (1 of 2 correct; the right answer is “2/3”, the most common wrong answer “3/5”).`,
      source: 'From a poll',
    },
  ])
  assert.deepEqual(draft['Attendance'], [{ text: '2 of 2 learners attended.', source: 'From attendance' }])
  assert.deepEqual(draft['Topics covered'], [], 'nothing transcribed, no topics')

  // The notes each learner's parents will read are in the draft too, with their sources, and Ada can edit them.
  const notes = (name: string) => (draft[name] ?? []).map((l) => l.text)
  assert.ok(notes('Grace').includes('Grace raised a hand 1 time.'), JSON.stringify(draft['Grace']))
  assert.ok(notes('Grace').includes('Grace answered 1 of 1 comprehension check correctly.'), JSON.stringify(draft['Grace']))
  const missedNote = `Alan answered 0 of 1 comprehension check correctly; missed “${question}”.`
  assert.deepEqual(draft['Alan']?.find((l) => l.text === missedNote)?.source, 'From a poll')
  assert.ok(!notes('Alan').some((t) => t.includes('away from the lesson tab')), 'a few milliseconds away is not a signal')
  const edited = `${missedNote} We will practise comparing fractions on Thursday.`
  const alanNotes = ada.locator('hl-summary-review fieldset').filter({ has: ada.locator('legend', { hasText: /^Alan$/ }) })
  await alanNotes.locator('textarea').nth(notes('Alan').indexOf(missedNote)).fill(edited)

  // Ada approves: one recap per learner, Alan's with her edited note on the check he missed.
  const recaps = async () => (await e2e.server.api('GET', `/api/v1/sessions/${sessionId}/recaps`)).recaps as Array<{
    learnerId: string
    notes: Array<{ text: string }>
  }>
  assert.deepEqual(await recaps(), [], 'nothing goes to parents before approval')
  await ada.getByRole('button', { name: 'Approve and send recaps' }).click()
  await ada.getByRole('button', { name: 'Yes, approve' }).click()
  await ada.getByRole('heading', { name: 'Lesson summary (approved, recaps stored)' }).waitFor(timeout)
  const sent = await recaps()
  assert.deepEqual(sent.map((r) => r.learnerId).sort(), ['alan', 'grace'])
  const recapNotes = (id: string) => sent.find((r) => r.learnerId === id)!.notes.map((n) => n.text)
  assert.ok(recapNotes('alan').includes(edited), `the instructor's wording reaches Alan's parents: ${JSON.stringify(recapNotes('alan'))}`)
  assert.ok(recapNotes('grace').includes('Grace raised a hand 1 time.'), JSON.stringify(recapNotes('grace')))
})

/** A learner picks an option and submits, and sees that the answer went. */
async function answer(page: Page, option: string): Promise<void> {
  const card = pollCard(page)
  await card.getByRole('radio', { name: option, exact: true }).check()
  await card.getByRole('button', { name: 'Submit answer' }).click()
  await card.getByRole('status').filter({ hasText: `Answer sent: ${option}` }).waitFor(timeout)
}

/** One line of a poll's results as the person reads it: option, marks, count. */
async function resultLine(page: Page, option: string): Promise<string> {
  const line: Locator = pollCard(page)
    .locator('[part="results"] [part="option"]')
    .filter({ has: page.locator('.label', { hasText: new RegExp(`^${option.replace(/[/]/g, '\\/')}`) }) })
  return (await line.innerText()).replace(/\s+/g, ' ').trim()
}

/** The draft's sections as the instructor sees them: each line's (editable) text and its source label. */
async function draftAsSeen(page: Page): Promise<Record<string, Array<{ text: string; source: string }>>> {
  const out: Record<string, Array<{ text: string; source: string }>> = {}
  for (const set of await page.locator('hl-classroom hl-summary-review fieldset').all()) {
    const lines: Array<{ text: string; source: string }> = []
    for (const line of await set.locator('label.line').all()) {
      lines.push({ text: await line.locator('textarea').inputValue(), source: (await line.locator('.source').innerText()).trim() })
    }
    out[(await set.locator('legend').innerText()).trim()] = lines
  }
  return out
}

/** Waits until `read` gives `expected` (what a person would see after a moment), then asserts it. */
async function eventually(read: () => Promise<string>, expected: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms
  let seen = await read()
  while (seen !== expected && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50))
    seen = await read()
  }
  assert.equal(seen, expected)
}

async function waitFor(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out: ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
