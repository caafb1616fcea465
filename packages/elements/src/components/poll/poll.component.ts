import { html, nothing, type TemplateResult } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import { styleMap } from 'lit/directives/style-map.js'
import { msg, str, updateWhenLocaleChanges } from '@lit/localize'
import { can, maxTextAnswer, type AnswerPollBody, type ParticipantRole, type PollResults, type PollView } from '@hilink/protocol'
import { secondsLeft, type PollsModel } from '@hilink/core'
import { HlElement } from '../../internal/hl-element.ts'
import { RoomModelController } from '../../internal/room-model-controller.ts'
import { loadElement } from '../../internal/lazy-elements.ts'
import { problemText } from '../../localization/problem-text.ts'
import { tokens } from '../../themes/tokens.styles.ts'
import { controls } from '../../themes/controls.styles.ts'
import { pollStyles } from './poll.styles.ts'
import { pollsFor } from './polls-for-room.ts'
import { kindLabel } from './poll-labels.ts'
import type {} from '../../events/hl-poll-launched.ts'
import type {} from '../../events/hl-poll-answered.ts'

/**
 * @tagname hl-poll
 * @summary Polls and comprehension checks: instructors and TAs launch and close them and watch the results
 * come in; learners answer (and may change their answer until the poll closes); observers follow along.
 *
 * While a poll is open only instructors and TAs see the counts. When it closes everyone sees the results and,
 * for a check, the correct option (marked in words, not only in colour) and whether they were right. Questions
 * and options are rendered as text, never as HTML. Consumes the room from an enclosing `<hl-classroom>`.
 *
 * @event hl-poll-launched - This person launched a poll and the server accepted it; `detail.poll` (from the
 * launch form, `<hl-poll-launcher>`, which this element shows to instructors and TAs).
 * @event hl-poll-answered - This person's answer was accepted; `detail.pollId`, `detail.option`.
 * @csspart base - The wrapper.
 * @csspart form - The launch form (instructors and TAs; exported from `<hl-poll-launcher>`).
 * @csspart poll - One poll or check.
 * @csspart option - One option of a poll (a choice, or a line of its results).
 * @csspart results - A poll's results.
 */
export class HlPoll extends HlElement {
  static override styles = [tokens, controls, pollStyles]
  static override properties = { view: { reflect: true } }

  /**
   * What this element shows: `all` (default); `answer`, only the open polls this person can answer, without
   * heading or history (the classroom puts it in a learner's sticky action bar, beside the raised hand); `history`,
   * everything else (the polls the action bar does not show).
   */
  declare view: 'all' | 'answer' | 'history'

  private readonly polls = new RoomModelController(this, pollsFor)

  /** Re-renders once a second while a timed poll is open, for its countdown (the server closes it, not this). */
  private tick: ReturnType<typeof setInterval> | undefined

  constructor() {
    super()
    this.view = 'all'
    updateWhenLocaleChanges(this)
  }

  override connectedCallback(): void {
    super.connectedCallback()
    this.tick = setInterval(() => {
      if (this.polls.model?.open.some((p) => p.closesAt)) this.requestUpdate()
    }, 1000)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearInterval(this.tick)
  }

  /** The launch form lives in its own chunk, which only those who may launch download (it upgrades in place). */
  override updated(): void {
    if (!this.renderRoot.querySelector('hl-poll-launcher') || customElements.get('hl-poll-launcher')) return
    loadElement('hl-poll-launcher').catch((err: unknown) => console.warn('hilink: hl-poll-launcher could not be loaded:', err instanceof Error ? err.message : err))
  }

  override render() {
    const model = this.polls.model
    const room = this.polls.room
    if (!model || !room) return nothing
    const role = room.identity.role
    const answerable = (p: PollView) => p.state === 'open' && can(role, 'poll.answer')
    const polls = [...model.polls].reverse().filter((p) => (this.view === 'answer' ? answerable(p) : this.view === 'history' ? !answerable(p) : true))
    if (this.view === 'answer') {
      if (polls.length === 0) return nothing
      return html`<section part="base" class="base answer-only" aria-label=${msg('Answer the open poll')}>
        <p class="problem" role="alert">${problemText(model.problem, model.problemCode)}</p>
        <ol class="polls">
          ${repeat(polls, (p) => p.id, (p) => html`<li>${this.renderPoll(model, p, role)}</li>`)}
        </ol>
      </section>`
    }
    return html`<section part="base" class="base" aria-labelledby="polls-heading">
      <h2 id="polls-heading">${msg('Polls and checks')}</h2>
      ${can(role, 'poll.launch') ? html`<hl-poll-launcher exportparts="form"></hl-poll-launcher>` : nothing}
      <p class="problem" role="alert">${problemText(model.problem, model.problemCode)}</p>
      ${polls.length === 0
        ? html`<p class="empty">${msg('No polls yet.')}</p>`
        : html`<ol class="polls">
            ${repeat(
              polls,
              (p) => p.id,
              (p) => html`<li>${this.renderPoll(model, p, role)}</li>`,
            )}
          </ol>`}
    </section>`
  }

  /** The launch form lives in its own chunk, which only those who may launch download. */
  private renderPoll(model: PollsModel, poll: PollView, role: ParticipantRole) {
    const headingId = `question-${poll.id}`
    const answering = poll.state === 'open' && can(role, 'poll.answer')
    const left = secondsLeft(poll)
    const meta = html`<p class="meta">
      <span>${kindLabel(poll.kind)}</span> · <span>${poll.state === 'open' ? msg('Open') : msg('Closed')}</span> ·
      <span class="responses">${responsesLabel(poll.responses)}</span>${poll.anonymous
        ? html` · <span>${msg('Anonymous')}</span>`
        : nothing}${left === null
        ? nothing
        : html` · <span class="countdown" role="timer" aria-label=${msg(str`Closes in ${countdown(left)}`)}
              >${msg(str`Closes in ${countdown(left)}`)}</span
            >`}
    </p>`
    return html`<article part="poll" class="poll" data-state=${poll.state} aria-labelledby=${headingId}>
      ${answering
        ? this.renderAnswerForm(model, poll, headingId, meta)
        : html`<h3 id=${headingId} class="question">${poll.question}</h3>
            ${meta} ${this.renderOutcome(model, poll, role)}`}
    </article>`
  }

  /** A learner's open poll: one group per question (radios, or checkboxes for multiple), or a text field. */
  private renderAnswerForm(model: PollsModel, poll: PollView, headingId: string, meta: TemplateResult) {
    const mine = model.myResponse(poll.id)
    const answered = mine !== null && mine !== undefined
    const questions = poll.questions ?? [{ question: poll.question, options: poll.options }]
    const several = questions.length > 1
    const chosen = (q: number, i: number) =>
      !mine ? false : 'option' in mine ? mine.option === i : 'options' in mine ? mine.options.includes(i) : 'answers' in mine ? mine.answers[q] === i : false
    return html`<form class="answer" @submit=${(e: SubmitEvent) => this.onAnswer(e, poll)}>
      ${several ? html`<h3 id=${headingId} class="question">${poll.question}</h3>${meta}` : nothing}
      ${poll.kind === 'text'
        ? html`<label class="field"
              ><span id=${headingId} class="question">${poll.question}</span>
              <textarea name="text" required maxlength=${maxTextAnswer} rows="2" .value=${mine && 'text' in mine ? mine.text : ''}></textarea></label
            >${meta}`
        : questions.map(
            (q, qi) => html`<fieldset role=${poll.kind === 'multiple' ? 'group' : 'radiogroup'} aria-labelledby=${`${headingId}-${qi}`}>
              <legend id=${`${headingId}-${qi}`} class="question">${several ? `${qi + 1}. ${q.question}` : q.question}</legend>
              ${several ? nothing : meta}
              ${q.options.map(
                (option, i) => html`<label part="option" class="choice"
                  ><input
                    type=${poll.kind === 'multiple' ? 'checkbox' : 'radio'}
                    name=${`q${qi}`}
                    value=${i}
                    ?required=${poll.kind !== 'multiple'}
                    .checked=${chosen(qi, i)}
                  />
                  ${option}</label
                >`,
              )}
            </fieldset>`,
          )}
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${model.busy || (poll.anonymous === true && answered)}>${msg('Submit answer')}</button>
        <span class="sent" role="status"
          >${!answered ? '' : 'option' in mine && poll.options[mine.option] !== undefined ? msg(str`Answer sent: ${poll.options[mine.option]}`) : msg('Answer sent.')}</span
        >
      </div>
    </form>
      ${poll.kind === 'text' && poll.results?.texts?.length
        ? html`<ul part="results" class="texts" aria-label=${msg('Shared answers')}>
            ${poll.results.texts.map((t) => html`<li class="text-answer">${t.text}</li>`)}
          </ul>`
        : nothing}`
  }

  /** Results where this person may see them, and a close button for those who may close. */
  private renderOutcome(model: PollsModel, poll: PollView, role: ParticipantRole) {
    const results = model.results(poll.id)
    const mine = model.myAnswer(poll.id)
    const staff = can(role, 'poll.close')
    return html`${results
        ? this.renderAllResults(model, poll, results, mine, staff)
        : poll.kind === 'text'
          ? nothing
          : html`<ul class="choices">
              ${poll.options.map((option) => html`<li part="option">${option}</li>`)}
            </ul>`}
      ${poll.state === 'closed' && !poll.revealed && staff
        ? html`<button type="button" class="reveal" ?disabled=${model.busy} @click=${() => model.reveal(poll.id)}>
            ${msg('Reveal results')}
          </button>`
        : nothing}
      ${poll.state === 'closed' && can(role, 'poll.answer') ? this.renderVerdict(poll, results, mine) : nothing}
      ${poll.state === 'open' && can(role, 'poll.close')
        ? html`<button
            type="button"
            class="close"
            aria-describedby=${`question-${poll.id}`}
            ?disabled=${model.busy}
            @click=${() => model.close(poll.id)}
          >
            ${msg('Close poll')}
          </button>`
        : nothing}`
  }

  private renderAllResults(model: PollsModel, poll: PollView, results: PollResults, mine: number | null, staff: boolean) {
    if (poll.kind === 'text') {
      const texts = results.texts ?? []
      return texts.length === 0
        ? html`<p class="empty">${staff ? msg('No answers yet.') : msg('No answers shared yet.')}</p>`
        : html`<ul part="results" class="texts" aria-label=${msg('Answers')}>
            ${texts.map(
              (t) => html`<li class="text-answer">
                <span>${t.text}</span>
                ${staff && t.status === 'rejected'
                  ? html`<span class="rejected" data-status="rejected">${msg('Rejected: never shared')}</span>`
                  : staff
                    ? html`<button type="button" aria-pressed=${t.shared ? 'true' : 'false'} ?disabled=${model.busy} @click=${() => model.share(poll.id, t.id, !t.shared)}>
                          ${t.shared ? msg('Shared with the room') : msg('Share with the room')}
                        </button>
                        ${t.shared
                          ? nothing
                          : html`<button type="button" class="reject" ?disabled=${model.busy} @click=${() => model.reject(poll.id, t.id)}>${msg('Reject')}</button>`}`
                    : nothing}
              </li>`,
            )}
          </ul>`
    }
    if (poll.questions && results.questions) {
      return html`<ol class="question-results">
        ${poll.questions.map((q, qi) => {
          const r = results.questions?.[qi]
          return r ? html`<li><p class="question">${q.question}</p>${this.renderResults(q.options, r, null)}</li>` : nothing
        })}
      </ol>`
    }
    return this.renderResults(poll.options, results, mine)
  }

  private renderResults(options: string[], results: Pick<PollResults, 'counts' | 'correctOption'>, mine: number | null) {
    const total = results.counts.reduce((a, b) => a + b, 0)
    return html`<ul part="results" class="results" aria-label=${msg('Results')}>
      ${options.map((option, i) => {
        const count = results.counts[i] ?? 0
        const percent = total === 0 ? 0 : Math.round((count / total) * 100)
        const correct = results.correctOption === i
        return html`<li part="option" class="result" data-correct=${correct ? 'true' : 'false'}>
          <span class="label"
            >${option}${correct ? html` <strong class="mark">${msg('(correct answer)')}</strong>` : nothing}${mine === i
              ? html` <span class="mark">${msg('(your answer)')}</span>`
              : nothing}</span
          >
          <span class="count">${`${answersLabel(count)} (${percent}%)`}</span>
          <span class="bar" aria-hidden="true"><span class="fill" style=${styleMap({ width: `${percent}%` })}></span></span>
        </li>`
      })}
    </ul>`
  }

  private renderVerdict(poll: PollView, results: PollResults | null, mine: number | null) {
    if (mine === null) return poll.anonymous || poll.kind === 'text' || poll.kind === 'multiple' || poll.questions ? nothing : html`<p class="verdict">${msg('You did not answer.')}</p>`
    if (!results || results.correctOption === null || poll.questions) return nothing
    const right = results.correctOption === mine
    return html`<p class="verdict" data-correct=${right ? 'true' : 'false'}>
      ${right ? msg('Your answer was correct.') : msg('Your answer was not correct.')}
    </p>`
  }

  private async onAnswer(e: SubmitEvent, poll: PollView): Promise<void> {
    e.preventDefault()
    const model = this.polls.model
    if (!model) return
    const form = new FormData(e.target as HTMLFormElement)
    const picked = (q: number) => form.getAll(`q${q}`).map(Number)
    let body: AnswerPollBody
    if (poll.kind === 'text') body = { text: String(form.get('text') ?? '') }
    else if (poll.questions) body = { answers: poll.questions.map((_, q) => picked(q)[0] ?? 0) }
    else if (poll.kind === 'multiple') {
      const options = picked(0)
      if (options.length === 0) return
      body = { options }
    } else body = { option: picked(0)[0] ?? 0 }
    if (await model.respond(poll.id, body)) {
      this.emit('hl-poll-answered', { detail: { pollId: poll.id, option: 'option' in body ? body.option : -1 } })
    }
  }
}

/** m:ss */
function countdown(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

function responsesLabel(count: number): string {
  return count === 1 ? msg('1 response') : msg(str`${count} responses`)
}

function answersLabel(count: number): string {
  return count === 1 ? msg('1 answer') : msg(str`${count} answers`)
}
