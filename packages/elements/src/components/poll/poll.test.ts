import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import { executeServerCommand, sendKeys } from '@web/test-runner-commands'
import '../../index.ts'
import type { HlClassroom } from '../classroom/classroom.component.ts'
import type { HlPoll } from './poll.component.ts'
import type { HlPollAnsweredEvent } from '../../events/hl-poll-answered.ts'
import type { HlPollLaunchedEvent } from '../../events/hl-poll-launched.ts'
import { createSession, teacherAndLearner, visibleText, type TestSession } from '../../test-support/server.ts'

/**
 * The classroom's <hl-poll> shadow roots read as one: a learner answers open polls in the action bar's
 * <hl-poll view="answer"> and reads the rest in the lesson's <hl-poll view="history">; staff launch from the
 * <hl-poll-launcher> inside their <hl-poll>.
 */
function pollOf(el: HlClassroom): ShadowRoot | undefined {
  const launcherOf = (root: ShadowRoot) => root.querySelector('hl-poll-launcher')?.shadowRoot ?? undefined
  const roots = () =>
    [...(el.shadowRoot?.querySelectorAll('hl-poll') ?? [])].flatMap((p) => (p.shadowRoot ? [p.shadowRoot, launcherOf(p.shadowRoot)] : [])).filter((r): r is ShadowRoot => r !== undefined)
  const first = roots()[0]
  if (!first || roots().length === 1) return first
  const all = (selector: string) => roots().flatMap((r) => [...r.querySelectorAll(selector)])
  return {
    host: first.host,
    get childNodes() {
      return roots()
    },
    querySelector: (selector: string) => all(selector)[0] ?? null,
    querySelectorAll: (selector: string) => all(selector),
  } as unknown as ShadowRoot
}
const textOf = (el: HlClassroom) => visibleText(pollOf(el))
const timeout = { timeout: 5000 }

async function startLesson(s: TestSession, ...rooms: HlClassroom[]) {
  await waitUntil(() => rooms.every((r) => r.room?.status === 'live'), 'everyone connected', timeout)
  await executeServerCommand('hilink-api', { method: 'POST', path: `/api/v1/sessions/${s.sessionId}/start`, auth: s.tokens.ada })
  await waitUntil(() => rooms.every((r) => r.room?.doc.getMap('session').get('state') === 'live'), 'lesson live', timeout)
}

/** Types into an input the way a person does: focus, then keys. */
async function type(input: HTMLInputElement | null | undefined, text: string) {
  expect(input, 'the input is there').to.exist
  input!.focus()
  await sendKeys({ type: text })
}

/** The poll article whose question is `question`. */
function pollCard(root: ShadowRoot | null | undefined, question: string): HTMLElement | undefined {
  return [...(root?.querySelectorAll<HTMLElement>('[part="poll"]') ?? [])].find((p) => visibleText(p).includes(question))
}

function resultLine(card: HTMLElement | undefined, option: string): string {
  const line = [...(card?.querySelectorAll('[part="results"] [part="option"]') ?? [])].find((li) =>
    visibleText(li.querySelector('.label')).startsWith(option),
  )
  return visibleText(line)
}

async function launchCheckThroughApi(s: TestSession, question: string, options: string[], correctOption: number) {
  return (await executeServerCommand('hilink-api', {
    method: 'POST',
    path: `/api/v1/sessions/${s.sessionId}/polls`,
    body: { question, options, kind: 'check', correctOption },
    auth: s.tokens.ada,
  })) as { id: string }
}

describe('<hl-poll>', () => {
  it('an instructor launches a check through the form; the learner answers; both see the result when it closes', async () => {
    const { session: s, teacher, learner } = await teacherAndLearner()
    await startLesson(s, teacher, learner)
    // The launch form is its own element, defined from its chunk once an instructor's <hl-poll> renders.
    await waitUntil(() => pollOf(teacher)?.querySelector('[part="form"]'), 'the instructor has the launch form', timeout)
    const t = pollOf(teacher)!
    expect(pollOf(learner)?.querySelector('[part="form"]'), 'a learner never sees the launch form').to.equal(null)
    const form = t.querySelector<HTMLFormElement>('[part="form"]')

    const question = 'What is 1/4 + 1/4?'
    await type(t.querySelector<HTMLInputElement>('input[name="question"]'), question)
    // Kind: from "Poll" to "Comprehension check" with the arrow key, as in any radio group.
    const pollKind = t.querySelector<HTMLInputElement>('input[name="kind"][value="poll"]')!
    expect(pollKind.checked).to.equal(true)
    pollKind.focus()
    await sendKeys({ press: 'ArrowRight' })
    await waitUntil(() => t.querySelector('input[name="correct"]'), 'a check asks for the correct option', timeout)
    expect(t.querySelector<HTMLInputElement>('input[name="kind"][value="check"]')?.checked).to.equal(true)

    // Three options: add one with the keyboard, fill them, mark the second as correct.
    const add = [...t.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Add option')!
    add.focus()
    await sendKeys({ press: 'Enter' })
    await waitUntil(() => t.querySelectorAll('input[name^="option-"]').length === 3, 'three option inputs', timeout)
    await type(t.querySelector<HTMLInputElement>('input[name="option-0"]'), '1/8')
    await type(t.querySelector<HTMLInputElement>('input[name="option-1"]'), '1/2')
    await type(t.querySelector<HTMLInputElement>('input[name="option-2"]'), '2/8')
    const correct = t.querySelectorAll<HTMLInputElement>('input[name="correct"]')[1]!
    expect(correct.getAttribute('aria-label')).to.equal('Option 2 is correct')
    correct.click()

    const launched = new Promise<HlPollLaunchedEvent>((r) => teacher.addEventListener('hl-poll-launched', r, { once: true }))
    const launch = form!.querySelector<HTMLButtonElement>('button[type="submit"]')!
    expect(launch.textContent?.trim()).to.equal('Launch check')
    launch.click()
    const event = await launched
    expect(event.detail.poll.question).to.equal(question)
    expect(event.detail.poll.kind).to.equal('check')
    expect(event.detail.poll.options).to.deep.equal(['1/8', '1/2', '2/8'])
    expect(event.detail.poll.results?.correctOption).to.equal(1)
    await waitUntil(() => t.querySelector<HTMLInputElement>('input[name="question"]')?.value === '', 'the form is cleared', timeout)

    // The learner sees the question with its options, and no counts while it is open.
    const l = pollOf(learner)!
    await waitUntil(() => textOf(learner).includes(question), 'the learner sees the question', timeout)
    const card = pollCard(l, question)!
    expect(visibleText(card)).to.contain('Comprehension check')
    expect(card.querySelector('[role="radiogroup"]')).to.exist
    expect(card.querySelector('[part="results"]'), 'no results for learners while open').to.equal(null)
    const radios = card.querySelectorAll<HTMLInputElement>('input[type="radio"]')
    expect(radios.length).to.equal(3)

    // Count the polls fetches from here on: the instructor's live count must come on the sync socket.
    const pollFetches: string[] = []
    const realFetch = window.fetch
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input)
      if ((init?.method ?? 'GET') === 'GET' && /\/polls$/.test(url)) pollFetches.push(url)
      return realFetch(input, init)
    }

    // Keyboard: into the group, down to "1/2", then submit.
    const answered = new Promise<HlPollAnsweredEvent>((r) => learner.addEventListener('hl-poll-answered', r, { once: true }))
    radios[0]!.focus()
    await sendKeys({ press: 'Space' })
    await sendKeys({ press: 'ArrowDown' })
    expect(radios[1]!.checked).to.equal(true)
    card.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    expect((await answered).detail.option).to.equal(1)
    await waitUntil(() => visibleText(card).includes('Answer sent: 1/2'), 'the learner sees the answer went', timeout)

    // The instructor sees one response, and the count on the right option.
    const tCard = () => pollCard(t, question)
    await waitUntil(() => visibleText(tCard()).includes('1 response'), 'instructor sees 1 response', timeout)
    await waitUntil(() => resultLine(tCard(), '1/2').includes('1 answer (100%)'), 'instructor sees the count', timeout)
    expect(resultLine(tCard(), '1/2')).to.contain('(correct answer)')
    expect(resultLine(tCard(), '1/8')).to.contain('0 answers (0%)')
    window.fetch = realFetch
    expect(pollFetches, 'no request for the live count').to.deep.equal([])

    // The instructor closes it: the learner sees the results and that they were right.
    const close = tCard()!.querySelector<HTMLButtonElement>('button.close')!
    expect(close.textContent?.trim()).to.equal('Close poll')
    close.click()
    await waitUntil(() => textOf(learner).includes('Your answer was correct.'), 'learner sees the verdict', timeout)
    const closed = pollCard(l, question)
    expect(visibleText(closed)).to.contain('Closed')
    expect(resultLine(closed, '1/2')).to.contain('1 answer (100%)')
    expect(resultLine(closed, '1/2')).to.contain('(correct answer)')
    expect(resultLine(closed, '1/2')).to.contain('(your answer)')
    expect(closed?.querySelector('input[type="radio"]'), 'no answering once closed').to.equal(null)
    await waitUntil(() => !tCard()?.querySelector('button.close'), 'no Close button once closed', timeout)
  })

  it('a learner may change the answer until the check closes, then reads that it was not correct', async () => {
    const { session: s, teacher, learner } = await teacherAndLearner()
    await startLesson(s, teacher, learner)
    const question = 'Which fraction is the largest?'
    const poll = await launchCheckThroughApi(s, question, ['2/3', '3/5', '1/2'], 0)
    await waitUntil(() => pollCard(pollOf(learner), question)?.querySelector('input[type="radio"]'), 'learner can answer', timeout)
    const card = pollCard(pollOf(learner), question)!
    const radios = card.querySelectorAll<HTMLInputElement>('input[type="radio"]')
    const submit = card.querySelector<HTMLButtonElement>('button[type="submit"]')!
    radios[2]!.click()
    submit.click()
    await waitUntil(() => visibleText(card).includes('Answer sent: 1/2'), 'first answer sent', timeout)
    radios[1]!.click()
    submit.click()
    await waitUntil(() => visibleText(card).includes('Answer sent: 3/5'), 'changed answer sent', timeout)

    // Still one response; the count moved from "1/2" to "3/5".
    const tCard = () => pollCard(pollOf(teacher), question)
    await waitUntil(() => resultLine(tCard(), '3/5').includes('1 answer'), 'instructor sees the changed answer', timeout)
    expect(visibleText(tCard())).to.contain('1 response')
    expect(resultLine(tCard(), '1/2')).to.contain('0 answers')

    await executeServerCommand('hilink-api', {
      method: 'POST',
      path: `/api/v1/sessions/${s.sessionId}/polls/${poll.id}/close`,
      auth: s.tokens.ada,
    })
    await waitUntil(() => textOf(learner).includes('Your answer was not correct.'), 'learner sees not correct', timeout)
    const closed = pollCard(pollOf(learner), question)
    expect(resultLine(closed, '2/3')).to.contain('(correct answer)')
    expect(resultLine(closed, '3/5')).to.contain('(your answer)')
    expect(visibleText(closed)).not.to.contain('Your answer was correct.')
  })

  it('an accepted answer stays sent when an older fetch of the polls lands after it (the learner’s GET answers delayed on purpose)', async () => {
    const { session: s, teacher, learner } = await teacherAndLearner()
    await startLesson(s, teacher, learner)
    // The server answers the learner's GET at once, but its answer reaches the model 400 ms later: a fetch
    // that started before the learner's answer lands after it, as on a slow or reordered network.
    const learnerAuth = `Bearer ${learner.room!.token}`
    const realFetch = window.fetch
    window.fetch = async (input, init) => {
      const res = await realFetch(input, init)
      const get = (init?.method ?? 'GET').toUpperCase() === 'GET'
      if (get && new Headers(init?.headers).get('authorization') === learnerAuth) await new Promise((r) => setTimeout(r, 400))
      return res
    }
    const question = 'Which is more, 3/4 or 2/3?'
    await launchCheckThroughApi(s, question, ['3/4', '2/3'], 0)
    await waitUntil(() => pollCard(pollOf(learner), question)?.querySelector('input[type="radio"]'), 'learner can answer', timeout)
    const card = pollCard(pollOf(learner), question)!
    card.querySelectorAll<HTMLInputElement>('input[type="radio"]')[0]!.click()
    card.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await waitUntil(() => visibleText(card).includes('Answer sent: 3/4'), 'answer sent', timeout)
    await new Promise((r) => setTimeout(r, 600)) // the launch's delayed fetch has landed by now
    expect(visibleText(card)).to.contain('Answer sent: 3/4')
    expect(card.querySelectorAll<HTMLInputElement>('input[type="radio"]')[0]!.checked).to.equal(true)
    window.fetch = realFetch // (only this learner's token was ever delayed)
  })

  it('an observer follows polls read-only and cannot answer', async () => {
    const s = await createSession([
      { userId: 'ada', name: 'Ada', role: 'instructor' },
      { userId: 'olive', name: 'Olive', role: 'observer' },
    ])
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <hl-classroom server=${s.server} token=${s.tokens.ada}></hl-classroom>
      <hl-classroom server=${s.server} token=${s.tokens.olive}></hl-classroom>
    </div>`)
    const [teacher, observer] = [...wrapper.querySelectorAll('hl-classroom')] as [HlClassroom, HlClassroom]
    await startLesson(s, teacher, observer)
    const question = 'Is 2/4 the same as 1/2?'
    const poll = await launchCheckThroughApi(s, question, ['Yes', 'No'], 0)
    await waitUntil(() => textOf(observer).includes(question), 'observer sees the question', timeout)
    const o = pollOf(observer)!
    expect(o.querySelector('[part="form"]'), 'no launch form').to.equal(null)
    expect(o.querySelector('input'), 'nothing to answer with').to.equal(null)
    expect(o.querySelector('button'), 'no buttons at all').to.equal(null)
    expect(visibleText(pollCard(o, question))).to.contain('Yes')
    expect(visibleText(pollCard(o, question))).to.contain('0 responses')

    await executeServerCommand('hilink-api', {
      method: 'POST',
      path: `/api/v1/sessions/${s.sessionId}/polls/${poll.id}/close`,
      auth: s.tokens.ada,
    })
    await waitUntil(() => pollCard(pollOf(observer), question)?.querySelector('[part="results"]'), 'observer sees results', timeout)
    expect(resultLine(pollCard(pollOf(observer), question), 'Yes')).to.contain('(correct answer)')
    expect(visibleText(pollOf(observer))).not.to.contain('Your answer')
  })

  it('shows the server’s refusal in an alert, and keeps options between two and eight', async () => {
    const s = await createSession([{ userId: 'ada', name: 'Ada', role: 'instructor' }])
    const teacher = await fixture<HlClassroom>(html`<hl-classroom server=${s.server} token=${s.tokens.ada}></hl-classroom>`)
    // Polls are offered only while the lesson is live (the classroom shows no poll element before the start).
    await waitUntil(() => teacher.room?.status === 'live', 'connected', timeout)
    await executeServerCommand('hilink-api', { method: 'POST', path: `/api/v1/sessions/${s.sessionId}/start`, auth: s.tokens.ada })
    await waitUntil(() => pollOf(teacher)?.querySelector('[part="form"]'), 'the form', timeout)
    const t = pollOf(teacher)!
    const buttons = (name: string) => [...t.querySelectorAll('button')].filter((b) => b.textContent?.trim() === name)
    const optionCount = () => t.querySelectorAll('input[name^="option-"]').length
    expect(optionCount()).to.equal(2)
    expect(buttons('Remove').every((b) => b.disabled), 'two options cannot be fewer').to.equal(true)
    for (let i = 0; i < 6; i++) {
      buttons('Add option')[0]!.click()
      await (pollOf(teacher)!.host as HlPoll).updateComplete
    }
    expect(optionCount()).to.equal(8)
    expect(buttons('Add option')[0]!.disabled, 'eight is the most').to.equal(true)
    expect(buttons('Remove')[7]!.getAttribute('aria-label')).to.equal('Remove option 8')
    buttons('Remove')[7]!.click()
    await (pollOf(teacher)!.host as HlPoll).updateComplete
    expect(optionCount()).to.equal(7)
    expect(buttons('Add option')[0]!.disabled).to.equal(false)

    // Two options the same (ignoring case): the server refuses, and the instructor reads why.
    await type(t.querySelector<HTMLInputElement>('input[name="question"]'), 'Ready?')
    for (let i = 0; i < 7; i++) await type(t.querySelector<HTMLInputElement>(`input[name="option-${i}"]`), i === 6 ? 'answer 1' : `Answer ${i + 1}`)
    // Enter in a text field submits the form, like any form.
    await sendKeys({ press: 'Enter' })
    const alert = () => visibleText(t.querySelector('[role="alert"]'))
    await waitUntil(() => alert().length > 0, 'an alert', timeout)
    expect(alert()).to.contain('different')
    expect(t.querySelector<HTMLInputElement>('input[name="question"]')?.value, 'the draft is kept').to.equal('Ready?')
  })

  it('a timed three-question check: the learner sees the countdown and answers each question; the server closes it; the instructor reveals', async () => {
    const { session: s, teacher, learner } = await teacherAndLearner()
    await startLesson(s, teacher, learner)
    const questions = [
      { question: 'Half of 8?', options: ['4', '2'], correctOption: 0 },
      { question: 'Double 3?', options: ['5', '6'], correctOption: 1 },
      { question: '10 − 7?', options: ['3', '4'], correctOption: 0 },
    ]
    await executeServerCommand('hilink-api', {
      method: 'POST',
      path: `/api/v1/sessions/${s.sessionId}/polls`,
      body: { question: 'Warm-up check', kind: 'check', questions, durationSeconds: 6, reveal: 'manual' },
      auth: s.tokens.ada,
    })
    await waitUntil(() => pollCard(pollOf(learner), 'Warm-up check')?.querySelector('.countdown'), 'the learner sees a countdown', timeout)
    const card = pollCard(pollOf(learner), 'Warm-up check')!
    expect(visibleText(card.querySelector('.countdown'))).to.match(/Closes in 0:0[3-6]/)
    expect(card.querySelectorAll('fieldset').length, 'one group per question').to.equal(3)
    for (const [q, i] of [[0, 0], [1, 1], [2, 1]] as const) card.querySelector<HTMLInputElement>(`input[name="q${q}"][value="${i}"]`)!.click()
    card.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await waitUntil(() => visibleText(pollCard(pollOf(learner), 'Warm-up check')).includes('Answer sent'), 'answer sent', timeout)
    await waitUntil(() => visibleText(pollCard(pollOf(teacher), 'Warm-up check')).includes('Closed'), 'the server closed it', { timeout: 10_000 })
    expect(pollCard(pollOf(learner), 'Warm-up check')?.querySelector('[part="results"]'), 'not revealed yet').to.equal(null)
    const reveal = [...(pollCard(pollOf(teacher), 'Warm-up check')?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.includes('Reveal'))
    expect(reveal, 'the instructor can reveal').to.exist
    reveal!.click()
    await waitUntil(() => pollCard(pollOf(learner), 'Warm-up check')?.querySelector('[part="results"]'), 'revealed to the learner', timeout)
    expect(visibleText(pollCard(pollOf(learner), 'Warm-up check'))).to.contain('(correct answer)')
    expect(pollCard(pollOf(learner), 'Warm-up check')?.querySelectorAll('[part="results"]').length).to.equal(3)
  })

  it('short text: staff read every answer and share one; the room sees only the shared one, without its author', async () => {
    const { session: s, teacher, learner } = await teacherAndLearner()
    await startLesson(s, teacher, learner)
    await executeServerCommand('hilink-api', {
      method: 'POST',
      path: `/api/v1/sessions/${s.sessionId}/polls`,
      body: { question: 'One word for today', kind: 'text' },
      auth: s.tokens.ada,
    })
    await waitUntil(() => pollCard(pollOf(learner), 'One word for today')?.querySelector('textarea'), 'a text field', timeout)
    const area = pollCard(pollOf(learner), 'One word for today')!.querySelector('textarea')!
    expect(area.maxLength).to.equal(500)
    area.focus()
    await sendKeys({ type: 'Fractions' })
    pollCard(pollOf(learner), 'One word for today')!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await waitUntil(() => visibleText(pollCard(pollOf(teacher), 'One word for today')).includes('Fractions'), 'staff read it live', timeout)
    const share = [...pollCard(pollOf(teacher), 'One word for today')!.querySelectorAll('button')].find((b) => b.textContent?.includes('Share with the room'))!
    share.click()
    await waitUntil(() => visibleText(pollCard(pollOf(learner), 'One word for today')).includes('Fractions'), 'shared with the room', timeout)
  })

  it('short text moderation: staff reject an answer; it is marked rejected, cannot be shared, and never reaches the room', async () => {
    const { session: s, teacher, learner } = await teacherAndLearner()
    await startLesson(s, teacher, learner)
    const launched = (await executeServerCommand('hilink-api', {
      method: 'POST',
      path: `/api/v1/sessions/${s.sessionId}/polls`,
      body: { question: 'Anything to add?', kind: 'text' },
      auth: s.tokens.ada,
    })) as { id: string }
    await waitUntil(() => pollCard(pollOf(learner), 'Anything to add?')?.querySelector('textarea'), 'a text field', timeout)
    pollCard(pollOf(learner), 'Anything to add?')!.querySelector('textarea')!.focus()
    await sendKeys({ type: 'Off topic' })
    pollCard(pollOf(learner), 'Anything to add?')!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await waitUntil(() => visibleText(pollCard(pollOf(teacher), 'Anything to add?')).includes('Off topic'), 'staff read it live', timeout)
    const buttons = () => [...pollCard(pollOf(teacher), 'Anything to add?')!.querySelectorAll('button')]
    buttons().find((b) => b.textContent?.trim() === 'Reject')!.click()
    await waitUntil(() => visibleText(pollCard(pollOf(teacher), 'Anything to add?')).includes('Rejected: never shared'), 'marked rejected', timeout)
    expect(buttons().some((b) => b.textContent?.includes('Share with the room')), 'no share button for it').to.equal(false)
    // Another learner's answer is shared: staff still see every answer, the rejected one included.
    const alan = (await executeServerCommand('hilink-api', { method: 'POST', path: `/api/v1/sessions/${s.sessionId}/tokens`, body: { userId: 'alan', name: 'Alan', role: 'learner' } })) as { token: string }
    await executeServerCommand('hilink-api', { method: 'POST', path: `/api/v1/sessions/${s.sessionId}/polls/${launched.id}/answer`, body: { text: 'Halves' }, auth: alan.token })
    await waitUntil(() => visibleText(pollCard(pollOf(teacher), 'Anything to add?')).includes('Halves'), 'the second answer', timeout)
    buttons().find((b) => b.textContent?.includes('Share with the room'))!.click()
    await waitUntil(() => visibleText(pollCard(pollOf(learner), 'Anything to add?')).includes('Halves'), 'shared with the room', timeout)
    await new Promise((r) => setTimeout(r, 300))
    expect(visibleText(pollCard(pollOf(teacher), 'Anything to add?')), 'staff still see the rejected answer').to.contain('Rejected: never shared')
    expect(visibleText(pollCard(pollOf(learner), 'Anything to add?'))).not.to.contain('Off topic')
    await expect(pollOf(teacher)!.host).to.be.accessible()
    buttons().find((b) => b.textContent?.includes('Close poll'))!.click()
    await waitUntil(() => visibleText(pollCard(pollOf(learner), 'Anything to add?')).match(/closed|No answers shared/i), 'closed for the learner', timeout)
    expect(visibleText(pollCard(pollOf(learner), 'Anything to add?'))).not.to.contain('Off topic')
  })

  it('the course library: the instructor saves the draft, opens the library and launches the saved poll', async () => {
    const { session: s, teacher, learner } = await teacherAndLearner()
    await startLesson(s, teacher, learner)
    await waitUntil(() => pollOf(teacher)?.querySelector('[part="form"]'), 'the form', timeout)
    const t = pollOf(teacher)!
    await type(t.querySelector<HTMLInputElement>('input[name="question"]'), 'Ready to start?')
    t.querySelector<HTMLInputElement>('input[name="kind"][value="truefalse"]')!.click()
    await (t.host as HlPoll).updateComplete
    const button = (text: string) => [...pollOf(teacher)!.querySelectorAll('button')].find((b) => b.textContent?.includes(text)) as HTMLButtonElement
    button('Save to library').click()
    const library = t.querySelector<HTMLDetailsElement>('details.library')!
    library.querySelector('summary')!.click()
    // Enabled, too: opening the library loads it again, and buttons wait while that command runs.
    await waitUntil(() => button('Launch “Ready to start?”') && !button('Launch “Ready to start?”').disabled, 'the saved poll in the library', timeout)
    button('Launch “Ready to start?”').click()
    await waitUntil(() => pollCard(pollOf(learner), 'Ready to start?')?.querySelector('input[value="1"]'), 'the learner can answer True/False', timeout)
    expect(visibleText(pollCard(pollOf(learner), 'Ready to start?'))).to.contain('False')
  })
})
