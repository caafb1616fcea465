import { expect, fixture, html, waitUntil, oneEvent } from '@open-wc/testing'
import { executeServerCommand } from '@web/test-runner-commands'
import '../../index.ts'
import { setLocale } from '../../localization/localization.ts'
import type { HlClassroom } from './classroom.component.ts'
import { createSession, teacherAndLearner, visibleText } from '../../test-support/server.ts'

/** The connection badge as seen (its "Connection:" prefix is for screen readers only). */
const statusOf = (el: HlClassroom) => {
  const badge = el.shadowRoot?.querySelector('[part="status"]')?.cloneNode(true) as Element | undefined
  badge?.querySelector('.visually-hidden')?.remove()
  return badge?.textContent?.trim()
}

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

  it('shows one clean "not valid" screen, without the classroom behind it, and stops retrying, when the server refuses the token', async () => {
    const s = await createSession([{ userId: 'ada', name: 'Ada', role: 'instructor' }])
    const token = s.tokens.ada as string
    const tampered = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    const el = await fixture<HlClassroom>(html`<hl-classroom server=${s.server} token=${tampered}></hl-classroom>`)
    const event = await oneEvent(el, 'hl-status-change')
    if (event.detail.status !== 'denied') await waitUntil(() => el.room?.status === 'denied', 'denied', { timeout: 5000 })
    await el.updateComplete
    expect(visibleText(el.shadowRoot?.querySelector('[part="link-problem"] h2'))).to.equal('This classroom link is not valid')
    expect(el.shadowRoot?.querySelector('header'), 'no classroom skeleton').to.equal(null)
    expect(el.shadowRoot?.querySelector('hl-roster')).to.equal(null)
    expect(el.room?.provider.shouldConnect).to.equal(false)
  })

  it('says so when the token is not a HiLink token at all', async () => {
    const el = await fixture<HlClassroom>(html`<hl-classroom server="http://127.0.0.1:9" token="not-a-token"></hl-classroom>`)
    expect(visibleText(el.shadowRoot?.querySelector('[role="alert"] h2'))).to.equal('This classroom link is not valid')
  })

  it('speaks the host’s language through @lit/localize', async () => {
    const s = await createSession([{ userId: 'ada', name: 'Ada', role: 'learner' }])
    const el = await fixture<HlClassroom>(html`<hl-classroom server=${s.server} token=${s.tokens.ada}></hl-classroom>`)
    await waitUntil(() => statusOf(el) === 'Live', 'live', { timeout: 5000 })
    expect(el.shadowRoot?.querySelector('[part="base"]')?.getAttribute('lang')).to.equal('en')
    await setLocale('es')
    await el.updateComplete
    expect(statusOf(el)).to.equal('En directo')
    expect(visibleText(el.shadowRoot?.querySelector('header'))).to.contain('Estudiante')
  })

  it('lobby → live → ended: the learner waits with the scheduled time, is let in at the start, sees the end', async () => {
    const { session: s, teacher, learner } = await teacherAndLearner()
    const part = (el: HlClassroom, name: string) => el.shadowRoot?.querySelector(`[part="${name}"]`)
    await waitUntil(() => part(learner, 'lobby'), 'the lobby', { timeout: 5000 })
    const lobby = visibleText(part(learner, 'lobby'))
    expect(lobby).to.contain('The lesson has not started yet')
    await waitUntil(() => visibleText(part(learner, 'lobby')).includes('It is scheduled for'), 'the scheduled time', { timeout: 5000 })
    expect(learner.shadowRoot?.querySelector('hl-chat'), 'no chat in the lobby').to.equal(null)
    expect(part(teacher, 'lobby'), 'the instructor is not kept waiting').to.equal(null)

    // The host vetoes the first start; nothing changes.
    const start = () => part(teacher, 'lesson-control') as HTMLButtonElement
    await waitUntil(() => start()?.textContent?.trim() === 'Start lesson', 'Start lesson', { timeout: 5000 })
    const veto = (e: Event) => e.preventDefault()
    teacher.addEventListener('hl-request-start', veto, { once: true })
    start().click()
    await new Promise((r) => setTimeout(r, 300))
    expect(part(learner, 'lobby'), 'still waiting after the veto').to.not.equal(null)

    const requested = oneEvent(teacher, 'hl-request-start')
    start().click()
    expect((await requested).detail.sessionId).to.equal(s.sessionId)
    await waitUntil(() => learner.shadowRoot?.querySelector('hl-chat'), 'let in', { timeout: 5000 })
    expect(part(learner, 'lobby')).to.equal(null)

    // The start command may still be finishing (the button is disabled while busy) after the room went live.
    await waitUntil(() => start()?.textContent?.trim() === 'End lesson' && !start().disabled, 'End lesson', { timeout: 5000 })
    expect(start().classList.contains('primary'), 'End is not styled like Start').to.equal(false)
    start().click()
    // Ending is irreversible: first a confirmation; Keep teaching closes it and nothing ended.
    await teacher.updateComplete
    const confirm = () => part(teacher, 'confirm-end')
    expect(visibleText(confirm())).to.contain('cannot be undone')
    ;[...confirm()!.querySelectorAll('button')].find((b) => b.textContent?.includes('Keep teaching'))!.click()
    await teacher.updateComplete
    expect(confirm()).to.equal(null)
    expect(part(learner, 'ended')).to.equal(null)
    start().click()
    await teacher.updateComplete
    ;[...confirm()!.querySelectorAll('button')].find((b) => b.textContent?.includes('Yes, end the lesson'))!.click()
    await waitUntil(() => part(learner, 'ended'), 'the learner sees the end', { timeout: 5000 })
    expect(visibleText(part(learner, 'ended'))).to.contain('The lesson has ended')
    expect(visibleText(part(learner, 'ended')), 'says what happens next').to.contain('recap')
    expect(visibleText(part(teacher, 'lesson-state'))).to.equal('Lesson: Ended')
    expect(part(teacher, 'ended'), 'the instructor goes on to the review').to.equal(null)
  })

  it('Leave closes the room unless the host vetoes it; Rejoin comes back', async () => {
    const { teacher, learner } = await teacherAndLearner()
    const rosterText = (el: HlClassroom) => visibleText(el.shadowRoot?.querySelector('hl-roster'))
    await waitUntil(() => rosterText(teacher).includes('In the room (2)'), 'both in', { timeout: 5000 })
    const leave = () => learner.shadowRoot!.querySelector<HTMLButtonElement>('[part="leave"]')!
    learner.addEventListener('hl-request-leave', (e) => e.preventDefault(), { once: true })
    leave().click()
    await learner.updateComplete
    expect(learner.room, 'vetoed: still in').to.not.equal(undefined)

    leave().click()
    await learner.updateComplete
    expect(learner.room).to.equal(undefined)
    expect(visibleText(learner.shadowRoot?.querySelector('[part="left"]'))).to.contain('You left the lesson.')
    await waitUntil(() => rosterText(teacher).includes('In the room (1)'), 'gone from the roster', { timeout: 5000 })
    learner.shadowRoot!.querySelector<HTMLButtonElement>('[part="left"] button')!.click()
    await waitUntil(() => learner.room?.status === 'live', 'back', { timeout: 5000 })
    await waitUntil(() => rosterText(teacher).includes('In the room (2)'), 'back in the roster', { timeout: 5000 })
  })

  it('a dropped connection shows Reconnecting, keeps what is on screen, resyncs, and leaves no ghost', async () => {
    const { session: s, teacher, learner } = await teacherAndLearner()
    const rosterText = (el: HlClassroom) => visibleText(el.shadowRoot?.querySelector('hl-roster'))
    await waitUntil(() => rosterText(teacher).includes('In the room (2)') && rosterText(learner).includes('In the room (2)'), 'both in', { timeout: 5000 })
    await executeServerCommand('hilink-api', { method: 'POST', path: `/api/v1/sessions/${s.sessionId}/start`, auth: s.tokens.ada })
    await waitUntil(() => learner.shadowRoot?.querySelector('hl-chat'), 'live', { timeout: 5000 })

    const statuses: string[] = []
    learner.addEventListener('hl-status-change', (e) => statuses.push(e.detail.status))
    // Drop the learner's socket (as a network blip would) while a message is sent in the room.
    learner.room!.provider.ws!.close()
    await waitUntil(() => statusOf(learner) === 'Reconnecting…', 'reconnecting shown', { timeout: 5000 })
    expect(visibleText(learner.shadowRoot?.querySelector('.notice'))).to.contain('Reconnecting')
    expect(learner.shadowRoot?.querySelector('hl-chat'), 'the room stays on screen').to.not.equal(null)
    await executeServerCommand('hilink-api', { method: 'POST', path: `/api/v1/sessions/${s.sessionId}/chat`, auth: s.tokens.ada, body: { text: 'while you were away' } })

    await waitUntil(() => statusOf(learner) === 'Live', 'live again', { timeout: 10000 })
    expect(statuses).to.include('reconnecting')
    expect(statuses.at(-1)).to.equal('live')
    const chatText = () => visibleText(learner.shadowRoot?.querySelector('hl-chat'))
    await waitUntil(() => chatText().includes('while you were away'), 'resynced without a reload', { timeout: 5000 })
    await waitUntil(() => rosterText(teacher).includes('In the room (2)') && rosterText(learner).includes('In the room (2)'), 'roster whole', { timeout: 5000 }).catch((err: Error) => {
      throw new Error(`${err.message}: teacher sees "${rosterText(teacher)}", learner sees "${rosterText(learner)}"`)
    })
    // No ghost: Grace once, Ada once, on both sides.
    for (const el of [teacher, learner]) {
      const names = [...(el.shadowRoot?.querySelector('hl-roster')?.shadowRoot?.querySelectorAll('[part="participant"] .name') ?? [])].map((n) => n.textContent)
      expect(names.sort()).to.deep.equal(['Ada', 'Grace'])
    }
  })
})

describe('<hl-classroom> locale, landmarks, tokens', () => {
  afterEach(async () => {
    await setLocale('en')
  })

  it('the locale attribute switches the UI and sets lang, without a JS call', async () => {
    const s = await createSession([{ userId: 'ada', name: 'Ada', role: 'learner' }])
    const el = await fixture<HlClassroom>(html`<hl-classroom locale="es" server=${s.server} token=${s.tokens.ada}></hl-classroom>`)
    await waitUntil(() => statusOf(el) === 'En directo', 'Spanish', { timeout: 5000 })
    expect(el.shadowRoot?.querySelector('[part="base"]')?.getAttribute('lang')).to.equal('es')
  })

  it('puts no <main> inside the host page: the lesson area is a labelled region', async () => {
    const { teacher, learner } = await teacherAndLearner()
    await waitUntil(() => teacher.shadowRoot?.querySelector('hl-roster') && learner.shadowRoot?.querySelector('hl-roster'), 'rooms', { timeout: 5000 })
    for (const el of [teacher, learner]) {
      expect(el.shadowRoot?.querySelector('main')).to.equal(null)
      expect(el.shadowRoot?.querySelector('[role="region"][aria-label]')).to.not.equal(null)
    }
  })

  it('fires a cancelable hl-token-expiring and asks tokenProvider for a fresh token, reconnecting without a reload', async () => {
    const s = await createSession([{ userId: 'ada', name: 'Ada', role: 'learner' }])
    // A token of under a minute: the warning is due at once.
    const short = (await executeServerCommand('hilink-api', {
      method: 'POST',
      path: `/api/v1/sessions/${s.sessionId}/tokens`,
      body: { userId: 'ada', name: 'Ada', role: 'learner', ttlSeconds: 60 },
    })) as { token: string } | undefined
    expect(short?.token).to.be.a('string')
    let asked = 0
    const el = document.createElement('hl-classroom') as HlClassroom
    el.server = s.server
    el.tokenProvider = async () => {
      asked++
      return s.tokens.ada as string
    }
    const expiring = oneEvent(el, 'hl-token-expiring')
    el.token = short!.token
    document.body.append(el)
    const event = await expiring
    expect(event.cancelable).to.equal(true)
    await waitUntil(() => asked === 1 && el.room?.token === s.tokens.ada && el.room?.status === 'live', 'renewed', { timeout: 8000 })
    el.remove()
  })
})
