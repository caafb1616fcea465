import { expect, fixture, html, waitUntil, oneEvent } from '@open-wc/testing'
import '../../index.ts'
import { setLocale } from '../../localization/localization.ts'
import type { HlClassroom } from './classroom.component.ts'
import { createSession, teacherAndLearner, visibleText } from '../../test-support/server.ts'

const statusOf = (el: HlClassroom) => el.shadowRoot?.querySelector('[part="status"]')?.textContent?.trim()

describe('<hl-classroom>', () => {
  afterEach(async () => {
    await setLocale('en')
  })

  it('connects, shows Live with the participant’s name and role, and fires hl-status-change', async () => {
    const s = await createSession([{ userId: 'ada', name: 'Ada Lovelace', role: 'instructor' }])
    const el = await fixture<HlClassroom>(html`<hl-classroom server=${s.server}></hl-classroom>`)
    const live = new Promise<string>((resolve) =>
      el.addEventListener('hl-status-change', (e) => e.detail.status === 'live' && resolve(e.detail.status)),
    )
    el.token = s.tokens.ada as string
    expect(await live).to.equal('live')
    await el.updateComplete
    expect(statusOf(el)).to.equal('Live')
    const header = visibleText(el.shadowRoot?.querySelector('header'))
    expect(header).to.contain('Ada Lovelace')
    expect(header).to.contain('Instructor')
    expect(el.shadowRoot?.querySelector('[part="status"]')?.getAttribute('role')).to.equal('status')
  })

  it('shows each participant to the other: two classrooms on one session see two people', async () => {
    const { teacher, learner } = await teacherAndLearner()
    const rosterText = (el: HlClassroom) => visibleText(el.shadowRoot?.querySelector('hl-roster'))
    await waitUntil(() => rosterText(teacher).includes('Grace') && rosterText(learner).includes('Ada'), 'both see both', {
      timeout: 5000,
    })
    expect(rosterText(teacher)).to.contain('In the room (2)')
    expect(rosterText(learner)).to.match(/Grace \(you\)/)
    // Grace leaves: the instructor sees one person again.
    learner.remove()
    await waitUntil(() => rosterText(teacher).includes('In the room (1)'), 'Grace left', { timeout: 5000 })
    expect(rosterText(teacher)).not.to.contain('Grace')
  })

  it('shows Access denied, and stops retrying, when the server refuses the token', async () => {
    const s = await createSession([{ userId: 'ada', name: 'Ada', role: 'instructor' }])
    const token = s.tokens.ada as string
    const tampered = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    const el = await fixture<HlClassroom>(html`<hl-classroom server=${s.server} token=${tampered}></hl-classroom>`)
    const event = await oneEvent(el, 'hl-status-change')
    if (event.detail.status !== 'denied') await waitUntil(() => el.room?.status === 'denied', 'denied', { timeout: 5000 })
    await el.updateComplete
    expect(statusOf(el)).to.equal('Access denied')
    expect(visibleText(el.shadowRoot?.querySelector('[role="alert"]'))).to.contain('refused')
    expect(el.room?.provider.shouldConnect).to.equal(false)
  })

  it('says so when the token is not a HiLink token at all', async () => {
    const el = await fixture<HlClassroom>(html`<hl-classroom server="http://127.0.0.1:9" token="not-a-token"></hl-classroom>`)
    expect(visibleText(el.shadowRoot?.querySelector('[role="alert"]'))).to.equal('This classroom link is not valid.')
  })

  it('speaks the host’s language through @lit/localize', async () => {
    const s = await createSession([{ userId: 'ada', name: 'Ada', role: 'learner' }])
    const el = await fixture<HlClassroom>(html`<hl-classroom server=${s.server} token=${s.tokens.ada}></hl-classroom>`)
    await waitUntil(() => statusOf(el) === 'Live', 'live', { timeout: 5000 })
    await setLocale('es')
    await el.updateComplete
    expect(statusOf(el)).to.equal('En directo')
    expect(visibleText(el.shadowRoot?.querySelector('header'))).to.contain('Estudiante')
  })
})
