import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { speakToWavFile } from '../tools/speech.mjs'
import { wordErrorRate } from '../bench/wer.ts'
import { useServerAndChromium } from './browser.ts'

/**
 * Captions across the class: the instructor's browser has a fake microphone playing a WAV of classroom
 * talk; the instructor switches captioning on in <hl-classroom>, and the learner's page shows the words.
 */
const sentences = ['Good morning everyone, today we will learn about fractions.', 'Half of eight is four.']
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilink-e2e-audio-'))
const wav = path.join(dir, 'lesson.wav')
// Spoken (synchronously) before the helper's hook launches Chromium with it.
before(() => speakToWavFile(wav, sentences, { pauseMs: 2000 }))
const e2e = useServerAndChromium({ chromium: { fakeAudioFile: wav } })
after(() => fs.rmSync(dir, { recursive: true, force: true }))

test('the instructor’s microphone becomes captions for the learner; the lesson’s end gives a draft to approve, then a brief', async () => {
  const { sessionId, tokens } = await e2e.server.createSession([
    { userId: 'ada', name: 'Ada', role: 'instructor' },
    { userId: 'grace', name: 'Grace', role: 'learner' },
  ])
  await e2e.server.api('POST', `/api/v1/sessions/${sessionId}/start`, undefined, tokens.ada)
  const teacher = await (await e2e.browser.newContext()).newPage()
  const learner = await (await e2e.browser.newContext()).newPage()
  await teacher.goto(`${e2e.server.url}/room.html#token=${tokens.ada}`)
  await learner.goto(`${e2e.server.url}/room.html#token=${tokens.grace}`)

  await learner.getByText('This session is transcribed to produce captions and a lesson summary.').waitFor({ timeout: 10_000 })
  assert.equal(await learner.getByRole('button', { name: 'Caption my microphone' }).count(), 0, 'learners are not transcribed by default')

  await teacher.getByRole('button', { name: 'Caption my microphone' }).click()
  await teacher.getByRole('button', { name: 'Stop captioning my microphone' }).waitFor()
  const caption = learner.locator('hl-classroom hl-captions .caption:not(.partial)').first()
  await caption.waitFor({ timeout: 60_000 })
  const text = await caption.innerText()
  assert.match(text, /^Ada:/)
  // The fake microphone loops the file and may start mid-sentence: compare with the best-matching sentence.
  const best = Math.min(...sentences.map((s) => wordErrorRate(s, text.replace(/^Ada:\s*/, ''))))
  assert.ok(best <= 0.6, `caption "${text}"`)

  await teacher.getByRole('button', { name: 'Stop captioning my microphone' }).click()
  await teacher.getByRole('button', { name: 'Caption my microphone' }).waitFor()
  const transcript = await e2e.server.api('GET', `/api/v1/sessions/${sessionId}/transcript`, undefined, tokens.ada)
  assert.ok(transcript.segments.length >= 1)
  assert.equal(transcript.segments[0].speakerId, 'ada')

  // After the lesson: the instructor reviews the draft in the classroom and approves it.
  const recaps = () => e2e.server.api('GET', `/api/v1/sessions/${sessionId}/recaps`, undefined, tokens.ada)
  await teacher.getByRole('button', { name: 'End lesson' }).click()
  // Ending is irreversible: the classroom asks for a confirmation first.
  await teacher.getByRole('button', { name: 'Yes, end the lesson' }).click()
  await teacher.getByRole('heading', { name: 'Lesson summary draft' }).waitFor({ timeout: 10_000 })
  assert.deepEqual((await recaps()).recaps, [], 'nothing goes to parents before approval')
  assert.equal(await learner.getByRole('heading', { name: 'Lesson summary draft' }).count(), 0, 'learners see no draft')
  const firstTopic = teacher.getByRole('textbox', { name: 'Topics covered 1' })
  await firstTopic.fill('We started fractions: halves and quarters.')
  await teacher.getByRole('button', { name: 'Approve and send recaps' }).click()
  await teacher.getByRole('button', { name: 'Yes, approve' }).click()
  await teacher.getByRole('heading', { name: 'Lesson summary (approved, recaps stored)' }).waitFor({ timeout: 10_000 })
  const sent = (await recaps()).recaps
  assert.equal(sent.length, 1)
  assert.equal(sent[0].learnerId, 'grace')
  assert.equal(sent[0].attended, true)
  assert.equal(sent[0].classSummary.topics[0].text, 'We started fractions: halves and quarters.')

  // The next session of the course: its instructor finds the brief in the classroom before starting.
  const next = await e2e.server.createSession([{ userId: 'bea', name: 'Bea', role: 'instructor' }])
  const nextTeacher = await (await e2e.browser.newContext()).newPage()
  await nextTeacher.goto(`${e2e.server.url}/room.html#token=${next.tokens.bea}`)
  await nextTeacher.getByRole('heading', { name: 'Brief for this session' }).waitFor({ timeout: 10_000 })
  await nextTeacher.getByText('We started fractions: halves and quarters.').waitFor()
})
