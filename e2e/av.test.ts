import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { speakToWavFile } from '../tools/speech.mjs'
import { spawnHiLinkServer, type SpawnedServer } from '../tools/spawn-server.mjs'
import { axeViolations } from './browser.ts'
import { avState, launchAvChromium, leaveAv, receivedMedia, until } from './av-helpers.ts'
import { defaultSfuBinary, sfuBinaryExists } from '../server/src/av/sfu-process.ts'

/**
 * Audio and video in <hl-classroom> against the real LiveKit SFU that `npm start` runs as a child process
 * (built by `npm run setup`). Chromium's fake camera and microphone; media checked through WebRTC getStats.
 */
const binary = defaultSfuBinary()
const skip = sfuBinaryExists(binary) ? false : `no LiveKit SFU binary at ${binary} (npm run setup builds it when go is installed)`
if (skip) console.log(`# skipping AV e2e: ${skip}`)

let server: SpawnedServer
let browser: Browser
let dir: string | undefined
const pages: Page[] = []
before(async () => {
  if (skip) return
  // Speech for the fake microphones (the default fake device only beeps), so that speaking shows.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilink-e2e-av-'))
  const wav = path.join(dir, 'talk.wav')
  speakToWavFile(wav, ['Good morning everyone, today we will learn about fractions and how to add them.'], { pauseMs: 300 })
  server = await spawnHiLinkServer({ env: { HILINK_AV: 'embedded', HILINK_TRANSCRIPTION: 'off' } })
  browser = await launchAvChromium([`--use-file-for-fake-audio-capture=${wav}`])
})
after(async () => {
  for (const page of pages) await leaveAv(page)
  await browser?.close()
  await server?.stop()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

async function open(token: string | undefined): Promise<Page> {
  assert.ok(token, 'a token was minted')
  const page = await (await browser.newContext()).newPage()
  pages.push(page)
  await page.goto(`${server.url}/room.html#token=${token}`)
  return page
}

const stage = (page: Page) => page.locator('hl-classroom hl-av-stage')

test('instructor and learner see and hear each other; the learner publishes only once allowed; an observer receives both, unseen', { skip, timeout: 120_000 }, async () => {
  const health = await (await fetch(`${server.url}/health`)).json()
  assert.equal(health.av, 'embedded')
  const { sessionId, tokens } = await server.createSession([
    { userId: 'ada', name: 'Ada', role: 'instructor' },
    { userId: 'grace', name: 'Grace', role: 'learner' },
    { userId: 'olga', name: 'Olga', role: 'observer' },
  ])
  const teacher = await open(tokens.ada)
  const teacherScripts: string[] = []
  teacher.on('request', (r) => teacherScripts.push(r.url()))
  const learner = await open(tokens.grace)
  await learner.locator('hl-classroom').getByText('Lobby', { exact: false }).first().waitFor({ timeout: 10_000 }).catch(() => undefined)
  await server.api('POST', `/api/v1/sessions/${sessionId}/start`, undefined, tokens.ada)
  const observer = await open(tokens.olga)
  for (const page of [teacher, learner, observer]) {
    await until(async () => (await avState(page)).status !== 'none', 'the stage').catch(() => undefined)
    await until(async () => (await avState(page)).status === 'connected', 'AV connected').catch(async (err: unknown) => {
      await page.screenshot({ path: '/tmp/av-fail.png' })
      throw new Error(`${String(err)}: ${JSON.stringify(await avState(page))}`)
    })
  }

  assert.ok(teacherScripts.some((u) => /\/sdk\/livekit-client[^/]*\.js$/.test(u)), 'livekit-client came as its own chunk once live')
  // The instructor turns on camera and microphone from the toolbar (keyboard: Enter on the focused button).
  const camera = stage(teacher).getByRole('button', { name: 'Camera', exact: true })
  await camera.focus()
  await teacher.keyboard.press('Enter')
  await stage(teacher).getByRole('button', { name: 'Microphone', exact: true }).click()
  await until(async () => (await avState(teacher)).published.join() === 'camera,microphone', 'the instructor publishes')
  assert.equal(await camera.getAttribute('aria-pressed'), 'true')

  // The learner may not publish yet: the controls say so, and LiveKit refuses a publish that bypasses them.
  await stage(learner).getByText('You can watch and listen.', { exact: false }).waitFor()
  assert.equal(await stage(learner).getByRole('button', { name: 'Camera', exact: true }).isDisabled(), true)
  const bypass = await learner.evaluate(async () => {
    const s = document.querySelector('hl-classroom')?.shadowRoot?.querySelector('hl-av-stage') as HTMLElement & {
      model: { room: { localParticipant: { setCameraEnabled(on: boolean): Promise<unknown> } } }
    }
    try {
      await s.model.room.localParticipant.setCameraEnabled(true)
      return 'published'
    } catch (err) {
      return `refused: ${(err as Error).message}`
    } finally {
      // Let go of the camera track livekit-client captured for the refused publish, so that the learner's own
      // Camera button below starts from a clean state (not from a half-enabled camera the stage never turned on).
      await s.model.room.localParticipant.setCameraEnabled(false).catch(() => undefined)
    }
  })
  await new Promise((r) => setTimeout(r, 1500))
  assert.ok(!(await receivedMedia(teacher)).grace?.framesDecoded, `nothing of the learner reaches the instructor (${bypass})`)
  assert.match(bypass, /^refused/, 'LiveKit refuses a learner’s publish that bypasses the stage')
  assert.deepEqual((await avState(learner)).published, [])

  // The instructor allows learners' cameras and microphones; the learner turns both on.
  await stage(teacher).getByRole('checkbox', { name: 'Learners may use their camera and microphone' }).check()
  await until(async () => (await avState(learner)).canPublish, 'the learner may publish')
  const learnerCamera = stage(learner).getByRole('button', { name: 'Camera', exact: true })
  await until(async () => !(await learnerCamera.isDisabled()), 'the learner’s camera button enabled')
  if ((await learnerCamera.getAttribute('aria-pressed')) !== 'true') await learnerCamera.click()
  await stage(learner).getByRole('button', { name: 'Microphone', exact: true }).click()
  await until(async () => (await avState(learner)).published.join() === 'camera,microphone', 'the learner publishes camera and microphone')

  // Each sees the other's video playing and receives audio.
  let lastSeen: unknown
  const seen = await until(async () => {
    const t = (await receivedMedia(teacher)).grace
    const l = (await receivedMedia(learner)).ada
    lastSeen = { instructorReceivesGrace: t, learnerReceivesAda: l }
    return t && l && t.framesDecoded > 0 && l.framesDecoded > 0 && t.audioPackets > 0 && l.audioPackets > 0 && t.videoPlaying && l.videoPlaying
      ? { t, l }
      : undefined
  }, 'video and audio both ways', 45_000).catch((err: unknown) => {
    throw new Error(`${String(err)}; last seen ${JSON.stringify(lastSeen)}`)
  })
  assert.ok(seen.t.width > 0 && seen.l.width > 0)
  // The fake microphone beeps: the learner's stage shows Ada speaking (LiveKit's active speakers).
  await stage(learner).locator('.tile.speaking[data-identity="ada"]').first().waitFor({ timeout: 15_000 })
  // Grace's client reports her own speaking as the SFU detects it: the instructor's panel sums her talk time.
  const graceTalk = teacher.locator('hl-classroom hl-engagement-panel tr[data-user="grace"] td[data-speaking]')
  await until(async () => Number(await graceTalk.getAttribute('data-speaking')) > 0, 'Grace’s talk time in the instructor’s panel', 30_000)
  assert.equal(await teacher.locator('hl-classroom hl-engagement-panel').getByText('Speaking time is not measured').count(), 0, 'measured with AV')

  // The instructor shares a screen: it takes the learner's spotlight.
  await stage(teacher).getByRole('button', { name: 'Share screen' }).click()
  await until(async () => (await avState(teacher)).published.includes('screen_share'), 'the screen is shared')
  await stage(learner).locator('.tile.spotlight[data-identity="ada"]').getByText('Screen', { exact: true }).waitFor({ timeout: 15_000 })
  await stage(teacher).getByRole('button', { name: 'Share screen' }).click()
  await until(async () => !(await avState(teacher)).published.includes('screen_share'), 'the screen share stops')

  // The observer receives both and publishes nothing; nobody sees the observer.
  const o = await until(async () => {
    const m = await receivedMedia(observer)
    return m.ada && m.grace && m.ada.framesDecoded > 0 && m.grace.framesDecoded > 0 && m.ada.audioPackets > 0 && m.grace.audioPackets > 0 ? m : undefined
  }, 'the observer receives both', 30_000)
  assert.ok(o.ada && o.grace)
  assert.deepEqual((await avState(observer)).published, [])
  assert.equal(await stage(observer).getByRole('button', { name: 'Camera', exact: true }).count(), 0)
  assert.deepEqual((await avState(teacher)).remotes, ['grace'], 'the observer is hidden')

  // The instructor stops learners' publishing: the SFU unpublishes the learner's tracks.
  await stage(teacher).getByRole('checkbox', { name: 'Learners may use their camera and microphone' }).uncheck()
  await until(async () => (await avState(learner)).published.length === 0 && !(await avState(learner)).canPublish, 'the learner’s tracks stop')

  // Accessibility of the stage (axe, WCAG 2 A/AA), in the instructor's and the learner's view.
  for (const page of [teacher, learner]) {
    const violations = (await axeViolations(page, 'hl-classroom')).filter((v) => v.includes('hl-av-stage'))
    assert.deepEqual(violations, [])
  }

  // The lesson ends: everyone's AV disconnects.
  await server.api('POST', `/api/v1/sessions/${sessionId}/end`, undefined, tokens.ada)
  // Staff stay for the review and see the stage closed; learners and observers leave the room (and its AV).
  await until(async () => (await avState(teacher)).status === 'ended', 'the instructor’s AV ended')
  await stage(teacher).getByText('The lesson has ended; audio and video are closed.').waitFor()
  for (const page of [learner, observer]) await until(async () => (await avState(page)).status === 'none', 'the stage is gone')
  assert.deepEqual((await avState(teacher)).remotes, [])
})

test('AV off: the stage says so politely and the classroom keeps working', { skip, timeout: 60_000 }, async () => {
  const off = await spawnHiLinkServer({ env: { HILINK_AV: 'off' } })
  try {
    const { sessionId, tokens } = await off.createSession([{ userId: 'ada', name: 'Ada', role: 'instructor' }])
    await off.api('POST', `/api/v1/sessions/${sessionId}/start`, undefined, tokens.ada)
    const page = await (await browser.newContext()).newPage()
    const scripts: string[] = []
    page.on('request', (r) => scripts.push(r.url()))
    await page.goto(`${off.url}/room.html#token=${tokens.ada}`)
    await page.locator('hl-classroom hl-av-stage').getByText('Audio and video are not available in this classroom.').waitFor({ timeout: 10_000 })
    await page.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor()
    // livekit-client is a chunk of its own, loaded only when the stage joins a room: never here.
    assert.ok(scripts.some((u) => u.endsWith('/sdk/hilink.js')), 'the SDK loaded')
    assert.deepEqual(scripts.filter((u) => /livekit/i.test(u)), [])
    await page.close()
  } finally {
    await off.stop()
  }
})

test('an unreachable SFU: a polite message with Try again, and the classroom keeps working', { skip, timeout: 100_000 }, async () => {
  // An external LiveKit that is not there: a closed loopback port.
  const net = await import('node:net')
  const closed = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as import('node:net').AddressInfo
      probe.close(() => resolve(port))
    })
  })
  const away = await spawnHiLinkServer({
    // LIVEKIT_URL + key + secret: external mode (spawn-server's HILINK_AV=off default is lifted by an empty value).
    env: { LIVEKIT_URL: `ws://127.0.0.1:${closed}`, LIVEKIT_API_KEY: 'nobody', LIVEKIT_API_SECRET: 'n'.repeat(40), HILINK_AV: '' },
  })
  try {
    const { sessionId, tokens } = await away.createSession([{ userId: 'ada', name: 'Ada', role: 'instructor' }])
    await away.api('POST', `/api/v1/sessions/${sessionId}/start`, undefined, tokens.ada)
    const page = await (await browser.newContext()).newPage()
    await page.goto(`${away.url}/room.html#token=${tokens.ada}`)
    const avStage = page.locator('hl-classroom hl-av-stage')
    // livekit-client gives up on its own schedule (a retry, then its region check): generous on a loaded machine.
    await avStage.getByText('The video server could not be reached. Everything else in the classroom still works.').waitFor({ timeout: 60_000 })
    assert.equal(await avStage.getByRole('button', { name: 'Try again' }).count(), 1)
    await page.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor()
    await page.close()
  } finally {
    await away.stop()
  }
})
