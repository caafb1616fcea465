import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { chromium, type Browser, type Page } from 'playwright-core'
import { spawnHiLinkServer, type SpawnedServer } from '../tools/spawn-server.mjs'
import { chromiumArgs, chromiumPath } from '../tools/chromium.mjs'
import { createNetns, netnsUnavailable, type Netns } from '../tools/netns.ts'
import { avState, launchAvChromium, leaveAv, receivedMedia, until, type ReceivedMedia } from './av-helpers.ts'
import { defaultSfuBinary, sfuBinaryExists } from '../server/src/av/sfu-process.ts'

/**
 * Under a poor downlink, video degrades before audio. CDP network emulation does not touch WebRTC, so the
 * learner's Chromium runs in a network namespace joined by a veth pair with a token-bucket limit on the
 * learner's downlink; HiLink and its SFU listen on this side's veth address. The instructor's browser stays
 * unlimited. We watch the learner's received video resolution fall while audio packets keep arriving.
 */
const binary = defaultSfuBinary()
const skip = !sfuBinaryExists(binary) ? `no LiveKit SFU binary at ${binary} (npm run setup builds it when go is installed)` : netnsUnavailable() ?? false
if (skip) console.log(`# skipping the AV degradation test: ${skip}`)

let ns: Netns | undefined
let server: SpawnedServer
let teacherBrowser: Browser
let learnerBrowser: Browser
const pages: Page[] = []

before(async () => {
  if (skip) return
  ns = createNetns()
  server = await spawnHiLinkServer({ env: { HILINK_AV: 'embedded', HOST: ns.hostIp } })
  // The pages are on http://10.213.x.1, not localhost: let the camera and microphone work there as on HTTPS.
  const secure = `--unsafely-treat-insecure-origin-as-secure=${server.url}`
  teacherBrowser = await launchAvChromium([secure])
  learnerBrowser = await chromium.launch({
    executablePath: ns.chromiumWrapper(chromiumPath),
    args: [...chromiumArgs, '--autoplay-policy=no-user-gesture-required', secure],
    headless: true,
  })
})
after(async () => {
  for (const page of pages) await leaveAv(page)
  await learnerBrowser?.close()
  await teacherBrowser?.close()
  await server?.stop()
  ns?.limitDownlink(undefined)
  ns?.destroy()
})

async function sample(page: Page, who: string, ms: number): Promise<{ before: ReceivedMedia; after: ReceivedMedia }> {
  const first = (await receivedMedia(page))[who]
  await new Promise((r) => setTimeout(r, ms))
  const second = (await receivedMedia(page))[who]
  assert.ok(first && second, `${who} is received`)
  return { before: first, after: second }
}

test('a limited downlink lowers the received video resolution while audio keeps arriving', { skip, timeout: 180_000 }, async () => {
  const { sessionId, tokens } = await server.createSession([
    { userId: 'ada', name: 'Ada', role: 'instructor' },
    { userId: 'grace', name: 'Grace', role: 'learner' },
  ])
  await server.api('POST', `/api/v1/sessions/${sessionId}/start`, undefined, tokens.ada)
  const teacher = await (await teacherBrowser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
  const learner = await (await learnerBrowser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
  pages.push(teacher, learner)
  if (process.env.HILINK_DEBUG_AV) for (const [who, page] of [['teacher', teacher], ['learner', learner]] as const) page.on('console', (m) => console.log(`# ${who} console: ${m.text().slice(0, 300)}`))
  await teacher.goto(`${server.url}/room.html#token=${tokens.ada}`)
  await learner.goto(`${server.url}/room.html#token=${tokens.grace}`)
  for (const page of [teacher, learner]) await until(async () => (await avState(page)).status === 'connected', 'AV connected', 30_000)
  await teacher.locator('hl-classroom hl-av-stage').getByRole('button', { name: 'Camera', exact: true }).click()
  await teacher.locator('hl-classroom hl-av-stage').getByRole('button', { name: 'Microphone', exact: true }).click()

  // Unlimited: the learner receives the instructor's video at its full simulcast layer for the spotlight.
  const full = await until(async () => {
    const m = (await receivedMedia(learner)).ada
    if (process.env.HILINK_DEBUG_AV) console.log('# learner receives', JSON.stringify(m), JSON.stringify(await avState(learner)), JSON.stringify(await avState(teacher)))
    return m && m.framesDecoded > 60 && m.height >= 360 && m.audioPackets > 50 ? m : undefined
  }, 'full-resolution video at the learner', 60_000)
  console.log(`# unlimited: ${full.width}x${full.height}, ${full.framesDecoded} frames, ${full.audioPackets} audio packets`)

  // 250 kbit/s towards the learner: less than the top layer needs.
  ns!.limitDownlink(250)
  const degraded = await until(async () => {
    const { before, after } = await sample(learner, 'ada', 2000)
    const height = after.height
    // The SFU moves the learner to a lower layer (or pauses video): fewer rows, or no new frames.
    return height < full.height || after.framesDecoded === before.framesDecoded ? { before, after } : undefined
  }, 'the video to degrade', 60_000)
  const window = await sample(learner, 'ada', 5000)
  const audioPerSecond = (window.after.audioPackets - window.before.audioPackets) / 5
  const framesPerSecond = (window.after.framesDecoded - window.before.framesDecoded) / 5
  console.log(
    `# limited to 250 kbit/s: ${degraded.after.width}x${degraded.after.height}, ${framesPerSecond.toFixed(1)} frames/s, ` +
      `${audioPerSecond.toFixed(1)} audio packets/s`,
  )
  assert.ok(degraded.after.height < full.height || framesPerSecond < 5, 'video degraded')
  // Opus sends 50 packets a second; audio keeps arriving while video gave way.
  assert.ok(audioPerSecond >= 30, `audio kept arriving (${audioPerSecond} packets/s)`)

  // Lifting the limit brings the full layer back.
  ns!.limitDownlink(undefined)
  const back = await until(async () => {
    const m = (await receivedMedia(learner)).ada
    return m && m.height >= full.height ? m : undefined
  }, 'the full layer to come back', 60_000).catch(() => undefined)
  console.log(`# limit lifted: ${back ? `${back.width}x${back.height}` : 'did not recover within 60 s'}`)
})
