import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import { executeServerCommand, sendKeys } from '@web/test-runner-commands'
import '../../index.ts'
import type { HlClassroom } from '../classroom/classroom.component.ts'
import { setLocale } from '../../localization/localization.ts'
import { createSession, teacherAndLearner, visibleText, type TestSession } from '../../test-support/server.ts'

const handsOf = (el: HlClassroom) => el.shadowRoot?.querySelector('hl-hand-raise')?.shadowRoot
const toggleOf = (el: HlClassroom) => handsOf(el)?.querySelector<HTMLButtonElement>('[part="toggle"]')
const timeout = { timeout: 5000 }

async function startLesson(s: TestSession, ...rooms: HlClassroom[]) {
  await waitUntil(() => rooms.every((r) => r.room?.status === 'live'), 'everyone connected', timeout)
  await executeServerCommand('hilink-api', { method: 'POST', path: `/api/v1/sessions/${s.sessionId}/start`, auth: s.tokens.ada })
  await waitUntil(() => rooms.every((r) => r.room?.doc.getMap('session').get('state') === 'live'), 'lesson live', timeout)
}

describe('<hl-hand-raise>', () => {
  afterEach(async () => {
    await setLocale('en')
  })

  it('is not offered before the start; a departed learner’s raised hand is marked away', async () => {
    const { session: s, teacher, learner } = await teacherAndLearner()
    await waitUntil(() => learner.room?.doc.getMap('session').get('state') === 'scheduled', 'synced', timeout)
    // Before the start the learner waits in the lobby: no hand to raise (it could only be refused).
    expect(toggleOf(learner) ?? null).to.equal(null)
    await startLesson(s, teacher, learner)
    await waitUntil(() => toggleOf(learner), 'offered once live', timeout)
    toggleOf(learner)!.click()
    const hand = () => handsOf(teacher)?.querySelector('[part="hand"]')
    await waitUntil(() => hand(), 'the instructor sees the hand', timeout)
    expect(visibleText(hand())).not.to.contain('(away)')
    learner.remove()
    await waitUntil(() => visibleText(hand()).includes('(away)'), 'marked away once Grace left', { timeout: 10000 })
  })

  it('a learner raises a hand; the instructor sees it in the queue, hears it, and lowers it', async () => {
    const { session: s, teacher, learner } = await teacherAndLearner()
    await startLesson(s, teacher, learner)
    const toggle = toggleOf(learner)!
    expect(toggle.textContent?.trim()).to.equal('Raise hand')
    expect(toggle.getAttribute('aria-pressed')).to.equal('false')
    expect(toggleOf(teacher), 'instructors have no hand to raise').to.equal(null)
    expect(visibleText(handsOf(teacher))).to.contain('No hands raised.')

    // Keyboard: focus and press Space.
    toggle.focus()
    await sendKeys({ press: 'Space' })
    await waitUntil(() => toggleOf(learner)?.getAttribute('aria-pressed') === 'true', 'the toggle is pressed', timeout)
    expect(toggleOf(learner)?.textContent?.trim()).to.equal('Lower hand')
    expect(visibleText(handsOf(learner))).to.contain('Your hand is up, number 1 in the queue.')

    const t = () => handsOf(teacher)!
    await waitUntil(() => t().querySelector('[part="hand"]'), 'the instructor sees a hand', timeout)
    const hand = t().querySelector('[part="hand"]')!
    expect(visibleText(hand)).to.contain('Grace')
    expect(visibleText(hand)).to.contain('just now')
    expect(visibleText(t().querySelector('h2'))).to.equal('Raised hands (1)')
    const live = t().querySelector('[aria-live="polite"]')
    expect(visibleText(live)).to.equal('Grace raised their hand.')
    const lower = hand.querySelector<HTMLButtonElement>('[part="lower"]')!
    expect(lower.getAttribute('aria-label')).to.equal('Lower Grace’s hand')
    expect(lower.textContent?.trim()).to.equal('Lower')

    lower.click()
    await waitUntil(() => toggleOf(learner)?.getAttribute('aria-pressed') === 'false', 'the learner’s hand is down', timeout)
    expect(toggleOf(learner)?.textContent?.trim()).to.equal('Raise hand')
    await waitUntil(() => visibleText(t()).includes('No hands raised.'), 'the queue is empty', timeout)
    expect(visibleText(t().querySelector('h2'))).to.equal('Raised hands (0)')
  })

  it('keeps the queue in the order hands went up, lets a learner lower their own, and shows observers the queue read-only', async () => {
    const s = await createSession([
      { userId: 'ada', name: 'Ada', role: 'instructor' },
      { userId: 'grace', name: 'Grace', role: 'learner' },
      { userId: 'alan', name: 'Alan', role: 'learner' },
      { userId: 'olive', name: 'Olive', role: 'observer' },
    ])
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      ${['ada', 'grace', 'alan', 'olive'].map((u) => html`<hl-classroom server=${s.server} token=${s.tokens[u]}></hl-classroom>`)}
    </div>`)
    const [teacher, grace, alan, observer] = [...wrapper.querySelectorAll('hl-classroom')] as [
      HlClassroom,
      HlClassroom,
      HlClassroom,
      HlClassroom,
    ]
    await startLesson(s, teacher, grace, alan, observer)
    const names = (el: HlClassroom) =>
      [...(handsOf(el)?.querySelectorAll('[part="hand"] .name') ?? [])].map((n) => n.textContent?.trim())

    toggleOf(alan)!.click()
    await waitUntil(() => names(teacher).length === 1, 'Alan’s hand', timeout)
    toggleOf(grace)!.click()
    await waitUntil(() => names(teacher).length === 2, 'Grace’s hand', timeout)
    expect(names(teacher)).to.deep.equal(['Alan', 'Grace'])
    await waitUntil(() => visibleText(handsOf(grace)).includes('Your hand is up, number 2 in the queue.'), 'Grace is second', timeout)

    await waitUntil(() => names(observer).length === 2, 'the observer sees the queue', timeout)
    expect(names(observer)).to.deep.equal(['Alan', 'Grace'])
    expect(handsOf(observer)?.querySelector('button'), 'observers cannot lower or raise').to.equal(null)

    // Alan lowers his own hand with his toggle.
    await waitUntil(() => toggleOf(alan)?.getAttribute('aria-pressed') === 'true', 'Alan sees his hand up', timeout)
    toggleOf(alan)!.click()
    await waitUntil(() => names(teacher).length === 1, 'Alan’s hand is down', timeout)
    expect(names(teacher)).to.deep.equal(['Grace'])
    await waitUntil(() => visibleText(handsOf(grace)).includes('Your hand is up, number 1 in the queue.'), 'Grace moves up', timeout)
    await waitUntil(() => toggleOf(alan)?.getAttribute('aria-pressed') === 'false', 'Alan’s toggle is released', timeout)
  })

  it('has no hand to raise in the lobby before the start, lets the host veto a raise, and speaks the host’s language', async () => {
    const { session: s, teacher, learner } = await teacherAndLearner()
    await waitUntil(() => learner.shadowRoot?.querySelector('[part="lobby"]'), 'the learner waits in the lobby', timeout)
    expect(toggleOf(learner) ?? null, 'no hand toggle in the lobby').to.equal(null)
    await startLesson(s, teacher, learner)
    await waitUntil(() => toggleOf(learner), 'the toggle once live', timeout)

    // The host vetoes the intent: nothing is sent.
    const vetoed: string[] = []
    const veto = (e: Event) => {
      vetoed.push((e as CustomEvent<{ sessionId: string }>).detail.sessionId)
      e.preventDefault()
    }
    learner.addEventListener('hl-request-raise-hand', veto)
    toggleOf(learner)!.click()
    await new Promise((r) => setTimeout(r, 300))
    expect(vetoed).to.deep.equal([s.sessionId])
    expect(toggleOf(learner)?.getAttribute('aria-pressed')).to.equal('false')
    expect(visibleText(handsOf(teacher))).to.contain('No hands raised.')
    learner.removeEventListener('hl-request-raise-hand', veto)

    await setLocale('es')
    await waitUntil(() => toggleOf(learner)?.textContent?.trim() === 'Levantar la mano', 'the toggle speaks Spanish', timeout)
    expect(visibleText(handsOf(learner)?.querySelector('h2'))).to.equal('Manos levantadas (0)')
  })
})
