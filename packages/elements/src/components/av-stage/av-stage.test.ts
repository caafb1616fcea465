import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import { executeServerCommand, sendKeys } from '@web/test-runner-commands'
import { SharedMicrophone } from '@hilink/core'
import '../../index.ts'
import type { HlClassroom } from '../classroom/classroom.component.ts'
import type { HlAvStage } from './av-stage.component.ts'
import { setLocale } from '../../localization/localization.ts'
import { createSession, visibleText, type TestSession } from '../../test-support/server.ts'

const timeout = { timeout: 30_000 }
const stageOf = (el: HlClassroom) => el.shadowRoot?.querySelector<HlAvStage>('hl-av-stage') ?? undefined
const buttonOf = (el: HlClassroom, part: string) => stageOf(el)?.shadowRoot?.querySelector<HTMLButtonElement>(`[part="${part}"]`) ?? undefined

/** A session on the test server that runs its own LiveKit SFU (started on first use). */
function avSession(): Promise<TestSession> {
  return executeServerCommand('hilink-av-session', {
    people: [
      { userId: 'ada', name: 'Ada Lovelace', role: 'instructor' },
      { userId: 'grace', name: 'Grace Hopper', role: 'learner' },
    ],
  }) as Promise<TestSession>
}

async function classrooms(s: TestSession, ...who: string[]): Promise<HlClassroom[]> {
  const wrapper = await fixture<HTMLDivElement>(html`<div>
    ${who.map((w) => html`<hl-classroom server=${s.server} token=${s.tokens[w] ?? ''}></hl-classroom>`)}
  </div>`)
  return [...wrapper.querySelectorAll('hl-classroom')] as HlClassroom[]
}

async function leaveAll(...rooms: HlClassroom[]) {
  for (const r of rooms) await stageOf(r)?.model?.leave()
}

describe('<hl-av-stage>', () => {
  const realGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices)
  afterEach(async () => {
    navigator.mediaDevices.getUserMedia = realGetUserMedia
    await setLocale('en')
  })

  it('without AV on the server it says so politely, and the classroom keeps working', async function () {
    this.timeout(60_000)
    const s = await createSession([{ userId: 'ada', name: 'Ada', role: 'instructor' }])
    const [teacher] = await classrooms(s, 'ada')
    await executeServerCommand('hilink-api', { method: 'POST', path: `/api/v1/sessions/${s.sessionId}/start`, auth: s.tokens.ada })
    await waitUntil(() => stageOf(teacher!)?.model?.status === 'unavailable', 'AV unavailable', timeout)
    expect(visibleText(stageOf(teacher!)?.shadowRoot)).to.contain('Audio and video are not available in this classroom.')
    expect(teacher!.room?.status).to.equal('live')
    await setLocale('es')
    await waitUntil(() => visibleText(stageOf(teacher!)?.shadowRoot).includes('no están disponibles'), 'Spanish', timeout)
  })

  it('the instructor’s camera reaches the learner’s spotlight; one microphone serves AV and captions; a refused camera is explained', async function () {
    this.timeout(90_000)
    const s = await avSession()
    const [teacher, learner] = await classrooms(s, 'ada', 'grace')
    await executeServerCommand('hilink-av-api', { method: 'POST', path: `/api/v1/sessions/${s.sessionId}/start`, auth: s.tokens.ada })
    try {
      await waitUntil(() => stageOf(teacher!)?.model?.status === 'connected' && stageOf(learner!)?.model?.status === 'connected', 'AV connected', timeout)

      // Keyboard: focus the camera toggle and press Enter.
      let audioRequests = 0
      navigator.mediaDevices.getUserMedia = (constraints?: MediaStreamConstraints) => {
        if (constraints?.audio) audioRequests++
        return realGetUserMedia(constraints)
      }
      await waitUntil(() => buttonOf(teacher!, 'camera'), 'the camera toggle', timeout)
      buttonOf(teacher!, 'camera')!.focus()
      await sendKeys({ press: 'Enter' })
      await waitUntil(() => buttonOf(teacher!, 'camera')?.getAttribute('aria-pressed') === 'true', 'camera on', timeout)
      buttonOf(teacher!, 'microphone')!.click()
      await waitUntil(() => buttonOf(teacher!, 'microphone')?.getAttribute('aria-pressed') === 'true', 'microphone on', timeout)

      // The learner sees Ada in the spotlight with her video playing. adaptiveStream receives video only for
      // elements on screen, and the learner's classroom is below the instructor's: bring it into view.
      stageOf(learner!)!.scrollIntoView()
      const spotlightVideo = () => stageOf(learner!)?.shadowRoot?.querySelector<HTMLVideoElement>('.tile.spotlight video[data-identity="ada"]')
      await waitUntil(() => (spotlightVideo()?.videoWidth ?? 0) > 0, 'Ada’s video at the learner', timeout)
      expect(stageOf(learner!)?.shadowRoot?.querySelector('.tile.spotlight')?.getAttribute('aria-label')).to.equal('Ada Lovelace')

      // Captions take the same microphone: no second getUserMedia, the very track LiveKit publishes.
      const teacherRoom = teacher!.room!
      const shared = SharedMicrophone.for(teacherRoom.doc)
      const captionsUser = {}
      const track = await shared.acquire(captionsUser)
      const published = stageOf(teacher!)!.model!.room!.localParticipant.getTrackPublication('microphone' as never)?.track?.mediaStreamTrack
      expect(track).to.equal(published)
      expect(audioRequests).to.equal(1)
      shared.release(captionsUser)
      expect(track.readyState, 'AV still holds the microphone').to.equal('live')

      // The learner may not publish yet: the toggle is disabled and the stage explains why.
      expect(buttonOf(learner!, 'camera')?.disabled).to.equal(true)
      expect(visibleText(stageOf(learner!)?.shadowRoot)).to.contain('You can watch and listen.')

      // The instructor allows it; the learner's browser then refuses the camera: a polite, specific message.
      const allow = stageOf(teacher!)!.shadowRoot!.querySelector<HTMLInputElement>('[part="learners"]')!
      allow.click()
      await waitUntil(() => buttonOf(learner!, 'camera')?.disabled === false, 'the learner may publish', timeout)
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'))
      buttonOf(learner!, 'camera')!.click()
      await waitUntil(() => stageOf(learner!)?.shadowRoot?.querySelector('[role="alert"]'), 'the problem shown', timeout)
      expect(visibleText(stageOf(learner!)?.shadowRoot)).to.contain('Your browser did not allow the camera or microphone.')
      expect(buttonOf(learner!, 'camera')?.getAttribute('aria-pressed')).to.equal('false')

      // No device at all: its own message.
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError'))
      buttonOf(learner!, 'microphone')!.click()
      await waitUntil(() => visibleText(stageOf(learner!)?.shadowRoot).includes('No camera or microphone was found.'), 'no-device message', timeout)
      expect(learner!.room?.status, 'the classroom keeps working').to.equal('live')
    } finally {
      await leaveAll(teacher!, learner!)
    }
  })
})
