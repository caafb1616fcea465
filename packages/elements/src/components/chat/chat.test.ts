import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import { executeServerCommand, sendKeys } from '@web/test-runner-commands'
import '../../index.ts'
import type { HlClassroom } from '../classroom/classroom.component.ts'
import { setLocale } from '../../localization/localization.ts'
import { createSession, visibleText, type TestSession } from '../../test-support/server.ts'

const chatOf = (el: HlClassroom) => el.shadowRoot?.querySelector('hl-chat')?.shadowRoot
const inputOf = (el: HlClassroom) => chatOf(el)?.querySelector<HTMLTextAreaElement>('[part="input"]')
const messagesOf = (el: HlClassroom) => [...(chatOf(el)?.querySelectorAll('[part="message"]') ?? [])]
const timeout = { timeout: 5000 }

async function classOfFour(): Promise<{ s: TestSession; ada: HlClassroom; grace: HlClassroom; alan: HlClassroom; olive: HlClassroom }> {
  const s = await createSession([
    { userId: 'ada', name: 'Ada', role: 'instructor' },
    { userId: 'grace', name: 'Grace', role: 'learner' },
    { userId: 'alan', name: 'Alan', role: 'learner' },
    { userId: 'olive', name: 'Olive', role: 'observer' },
  ])
  const wrapper = await fixture<HTMLDivElement>(html`<div>
    ${['ada', 'grace', 'alan', 'olive'].map((u) => html`<hl-classroom server=${s.server} token=${s.tokens[u]}></hl-classroom>`)}
  </div>`)
  const [ada, grace, alan, olive] = [...wrapper.querySelectorAll('hl-classroom')] as [HlClassroom, HlClassroom, HlClassroom, HlClassroom]
  return { s, ada, grace, alan, olive }
}

async function start(s: TestSession, ...rooms: HlClassroom[]) {
  await waitUntil(() => rooms.every((r) => r.room?.status === 'live'), 'everyone connected', timeout)
  await executeServerCommand('hilink-api', { method: 'POST', path: `/api/v1/sessions/${s.sessionId}/start`, auth: s.tokens.ada })
  await waitUntil(() => rooms.every((r) => r.room?.doc.getMap('session').get('state') === 'live'), 'lesson live', timeout)
}

describe('<hl-chat>', () => {
  afterEach(async () => {
    await setLocale('en')
  })

  it('a learner sends with Enter; everyone sees the message as text, never as HTML', async () => {
    const { s, ada, grace, alan, olive } = await classOfFour()
    await start(s, ada, grace, alan, olive)
    await waitUntil(() => inputOf(grace) && !inputOf(grace)!.disabled, 'the chat opens', timeout)
    const input = inputOf(grace)!
    const label = chatOf(grace)!.querySelector(`label[for="${input.id}"]`)
    expect(label?.textContent?.trim()).to.equal('Message')
    expect(chatOf(grace)!.querySelector('[part="messages"]')!.getAttribute('role')).to.equal('log')

    input.focus()
    await sendKeys({ type: '<b>hi</b> <img src=x onerror="window.pwned=1">' })
    await sendKeys({ down: 'Shift' })
    await sendKeys({ press: 'Enter' })
    await sendKeys({ up: 'Shift' })
    await sendKeys({ type: 'second line' })
    await sendKeys({ press: 'Enter' })

    for (const who of [ada, alan, olive, grace]) {
      await waitUntil(() => messagesOf(who).length === 1, 'the message arrives', timeout)
      const message = messagesOf(who)[0]!
      const text = message.querySelector('[part="text"]')!
      expect(text.textContent).to.equal('<b>hi</b> <img src=x onerror="window.pwned=1">\nsecond line')
      expect(text.querySelector('b, img'), 'rendered as text').to.equal(null)
      expect(message.querySelector('[part="author"]')?.textContent).to.equal('Grace')
    }
    expect((window as unknown as { pwned?: number }).pwned).to.equal(undefined)
    await waitUntil(() => inputOf(grace)!.value === '', 'the field is cleared after sending', timeout)
    expect(messagesOf(grace)[0]!.hasAttribute('data-mine')).to.equal(true)
    expect(messagesOf(ada)[0]!.hasAttribute('data-mine')).to.equal(false)
  })

  it('observers read only; learners cannot delete; the instructor deletes with the keyboard for everyone', async () => {
    const { s, ada, grace, alan, olive } = await classOfFour()
    await start(s, ada, grace, alan, olive)
    await waitUntil(() => inputOf(alan) && !inputOf(alan)!.disabled, 'the chat opens', timeout)
    expect(inputOf(olive), 'no field for observers').to.equal(null)
    expect(visibleText(chatOf(olive))).to.contain('Observers read the chat; they do not write in it.')

    inputOf(alan)!.focus()
    await sendKeys({ type: 'spoiler: the answer is 3/4' })
    await sendKeys({ press: 'Enter' })
    await waitUntil(() => messagesOf(olive).length === 1 && messagesOf(grace).length === 1, 'everyone sees it', timeout)
    expect(chatOf(grace)!.querySelector('[part="delete"]'), 'learners have no delete').to.equal(null)
    expect(chatOf(alan)!.querySelector('[part="delete"]'), 'not even for their own message').to.equal(null)
    expect(chatOf(olive)!.querySelector('[part="delete"]')).to.equal(null)

    await waitUntil(() => chatOf(ada)!.querySelector('[part="delete"]'), 'the instructor’s delete', timeout)
    const del = chatOf(ada)!.querySelector<HTMLButtonElement>('[part="delete"]')!
    expect(del.getAttribute('aria-label')).to.equal('Delete the message from Alan')
    del.focus()
    await sendKeys({ press: 'Enter' })
    for (const who of [ada, grace, alan, olive]) {
      await waitUntil(() => messagesOf(who).length === 0, 'gone for everyone', timeout)
      expect(visibleText(chatOf(who))).to.contain('No messages yet.')
    }
  })

  it('is closed before the lesson starts, refuses an over-long draft, and speaks Spanish', async () => {
    const s = await createSession([{ userId: 'ada', name: 'Ada', role: 'instructor' }])
    const ada = await fixture<HlClassroom>(html`<hl-classroom server=${s.server} token=${s.tokens.ada}></hl-classroom>`)
    await waitUntil(() => inputOf(ada), 'the field', timeout)
    expect(inputOf(ada)!.disabled).to.equal(true)
    expect(inputOf(ada)!.placeholder).to.equal('The chat opens when the lesson starts.')
    await start(s, ada)
    await waitUntil(() => !inputOf(ada)!.disabled, 'open once live', timeout)

    const input = inputOf(ada)!
    input.value = 'x'.repeat(2001)
    input.dispatchEvent(new Event('input'))
    await waitUntil(() => input.getAttribute('aria-invalid') === 'true', 'marked invalid', timeout)
    const send = chatOf(ada)!.querySelector<HTMLButtonElement>('[part="send"]')!
    expect(send.disabled).to.equal(true)
    expect(visibleText(chatOf(ada))).to.contain('2001 of 2000 characters')

    await setLocale('es')
    await waitUntil(() => send.textContent?.trim() === 'Enviar', 'Spanish', timeout)
    expect(chatOf(ada)!.querySelector('h2')?.textContent).to.equal('Chat')
    expect(visibleText(chatOf(ada))).to.contain('2001 de 2000 caracteres')
  })
})
