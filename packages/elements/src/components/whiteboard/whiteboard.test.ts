import { expect, waitUntil } from '@open-wc/testing'
import { executeServerCommand } from '@web/test-runner-commands'
import '../../index.ts'
import type { HlClassroom } from '../classroom/classroom.component.ts'
import { HlWhiteboard, isDevelopmentHost } from './whiteboard.component.ts'
import { createSession, teacherAndLearner, visibleText, type TestSession } from '../../test-support/server.ts'
import { fixture, html } from '@open-wc/testing'

// The element's own behaviour (roles, lock, notices, lifecycle) against the real server. tldraw itself is
// exercised by e2e/whiteboard.test.ts on the built SDK: this dev server cannot load tldraw's CommonJS
// dependencies unbundled, so here the island is loaded never (the board stays on its loading line).
HlWhiteboard.loadIsland = () => new Promise(() => {})

const timeout = { timeout: 8000 }
const boardOf = (el: HlClassroom) => el.shadowRoot?.querySelector('hl-whiteboard') as HlWhiteboard | null

async function startLesson(s: TestSession, ...rooms: HlClassroom[]) {
  await waitUntil(() => rooms.every((r) => r.room?.status === 'live'), 'everyone connected', timeout)
  await executeServerCommand('hilink-api', { method: 'POST', path: `/api/v1/sessions/${s.sessionId}/start`, auth: s.tokens.ada })
  await waitUntil(() => rooms.every((r) => r.room?.doc.getMap('session').get('state') === 'live'), 'lesson live', timeout)
}

describe('<hl-whiteboard>', () => {
  it('the instructor locks the board: the learner’s becomes read-only with a notice, and writable again on unlock', async () => {
    const { session, teacher, learner } = await teacherAndLearner()
    await startLesson(session, teacher, learner)
    await waitUntil(() => boardOf(teacher)?.shadowRoot?.querySelector('button.lock') && boardOf(learner)?.shadowRoot?.querySelector('[part="base"]'), 'boards', timeout)
    const t = boardOf(teacher)!
    const l = boardOf(learner)!
    expect(l.writable).to.equal(true)
    expect(l.shadowRoot!.querySelector('button.lock'), 'learners have no lock').to.equal(null)
    expect(l.shadowRoot!.querySelector('button.clear'), 'learners cannot clear the page').to.equal(null)
    const lock = t.shadowRoot!.querySelector<HTMLButtonElement>('button.lock')!
    expect(lock.textContent?.trim()).to.equal('Lock board for learners')
    lock.click()
    await waitUntil(() => l.shadowRoot!.querySelector('[part="base"]')?.getAttribute('data-readonly') === 'true', 'learner read-only', timeout)
    expect(l.writable).to.equal(false)
    expect(visibleText(l.shadowRoot!.querySelector('.notice.readonly'))).to.equal('The instructor has locked the board.')
    expect(t.writable, 'the instructor still draws').to.equal(true)
    await waitUntil(() => t.shadowRoot!.querySelector('button.lock')?.getAttribute('aria-pressed') === 'true', 'lock pressed', timeout)
    expect(t.shadowRoot!.querySelector('button.lock')!.textContent?.trim()).to.equal('Unlock board for learners')
    await waitUntil(() => !t.shadowRoot!.querySelector<HTMLButtonElement>('button.lock')!.disabled, 'the lock command answered', timeout)
    t.shadowRoot!.querySelector<HTMLButtonElement>('button.lock')!.click()
    await waitUntil(() => l.writable, 'unlocked', timeout)
    expect(l.shadowRoot!.querySelector('.notice.readonly')).to.equal(null)
  })

  it('observers get a read-only board', async () => {
    const s = await createSession([
      { userId: 'ada', name: 'Ada', role: 'instructor' },
      { userId: 'grace', name: 'Grace', role: 'learner' },
      { userId: 'olga', name: 'Olga', role: 'observer' },
    ])
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <hl-classroom server=${s.server} token=${s.tokens.ada}></hl-classroom>
      <hl-classroom server=${s.server} token=${s.tokens.grace}></hl-classroom>
      <hl-classroom server=${s.server} token=${s.tokens.olga}></hl-classroom>
    </div>`)
    const [ada, grace, olga] = [...wrapper.querySelectorAll('hl-classroom')] as HlClassroom[]
    await startLesson(s, ada!, grace!, olga!)
    await waitUntil(() => boardOf(olga!)?.shadowRoot?.querySelector('.notice.readonly'), 'observer notice', timeout)
    expect(visibleText(boardOf(olga!)!.shadowRoot!.querySelector('.notice.readonly'))).to.equal('You are observing: the board is read-only.')
    expect(boardOf(olga!)!.writable).to.equal(false)
    expect(boardOf(grace!)!.writable).to.equal(true)
    expect(boardOf(ada!)!.writable).to.equal(true)
  })

  it('shows no licence notice on loopback, and knows where tldraw needs a key', async () => {
    const { session, teacher, learner } = await teacherAndLearner()
    await startLesson(session, teacher, learner)
    await waitUntil(() => boardOf(teacher)?.shadowRoot?.querySelector('[part="base"]'), 'board', timeout)
    expect(boardOf(teacher)!.shadowRoot!.querySelector('.notice.license')).to.equal(null)
    expect(isDevelopmentHost({ protocol: 'https:', hostname: 'school.example' })).to.equal(false)
    expect(isDevelopmentHost({ protocol: 'https:', hostname: 'localhost' })).to.equal(true)
    expect(isDevelopmentHost({ protocol: 'https:', hostname: '127.0.0.1' })).to.equal(true)
    expect(isDevelopmentHost({ protocol: 'https:', hostname: '[::1]' })).to.equal(true)
    expect(isDevelopmentHost({ protocol: 'http:', hostname: 'school.example' })).to.equal(true)
  })
})
