import { expect, waitUntil } from '@open-wc/testing'
import { executeServerCommand } from '@web/test-runner-commands'
import '../../index.ts'
import type { HlClassroom } from '../classroom/classroom.component.ts'
import { teacherAndLearner, visibleText } from '../../test-support/server.ts'

const captionsOf = (el: HlClassroom) => el.shadowRoot?.querySelector('hl-captions')?.shadowRoot

describe('<hl-captions>', () => {
  it('announces transcription to everyone, and offers the microphone only to those who may send it', async () => {
    const { session: s, teacher, learner } = await teacherAndLearner()
    const micButton = (el: HlClassroom) => captionsOf(el)?.querySelector('button[part="microphone"]')
    await waitUntil(() => teacher.room?.status === 'live', 'connected', { timeout: 5000 })
    expect(micButton(teacher), 'no microphone before the lesson starts').to.equal(null)
    await executeServerCommand('hilink-api', { method: 'POST', path: `/api/v1/sessions/${s.sessionId}/start`, auth: s.tokens.ada })
    const notice = 'This session is transcribed to produce captions and a lesson summary.'
    await waitUntil(() => visibleText(captionsOf(learner)).includes(notice), 'learner sees the notice', { timeout: 5000 })
    await waitUntil(() => micButton(teacher), 'instructor gets the microphone button', { timeout: 5000 })
    expect(micButton(teacher)?.textContent?.trim()).to.equal('Caption my microphone')
    expect(micButton(teacher)?.getAttribute('aria-pressed')).to.equal('false')
    expect(micButton(learner)).to.equal(null)
    expect(captionsOf(learner)?.querySelector('[part="captions"]')?.getAttribute('aria-live')).to.equal('polite')

    // The instructor allows learners' microphones: Grace gets the button. Then switches transcription off.
    const path = `/api/v1/sessions/${s.sessionId}/transcription`
    await executeServerCommand('hilink-api', { method: 'PUT', path, body: { enabled: true, learners: true }, auth: s.tokens.ada })
    await waitUntil(() => micButton(learner), 'learner gets the microphone button', { timeout: 5000 })
    await executeServerCommand('hilink-api', { method: 'PUT', path, body: { enabled: false }, auth: s.tokens.ada })
    await waitUntil(
      () => visibleText(captionsOf(learner)).includes('Transcription is off for this session.'),
      'learner sees transcription off',
      { timeout: 5000 },
    )
    expect(micButton(teacher)).to.equal(null)
    expect(micButton(learner)).to.equal(null)
  })
})
