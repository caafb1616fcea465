import { html, nothing, type TemplateResult } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import { styleMap } from 'lit/directives/style-map.js'
import { msg, str, updateWhenLocaleChanges } from '@lit/localize'
import { can, maxPollOptions, type ParticipantRole, type PollKind, type PollResults, type PollView } from '@hilink/protocol'
import { PollsModel, minPollOptions } from '@hilink/core'
import { HlElement } from '../../internal/hl-element.ts'
import { RoomModelController } from '../../internal/room-model-controller.ts'
import { tokens } from '../../themes/tokens.styles.ts'
import { controls } from '../../themes/controls.styles.ts'
import { pollStyles } from './poll.styles.ts'
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
 * @event hl-poll-launched - This person launched a poll and the server accepted it; `detail.poll`.
 * @event hl-poll-answered - This person's answer was accepted; `detail.pollId`, `detail.option`.
 * @csspart base - The wrapper.
 * @csspart form - The launch form (instructors and TAs).
 * @csspart poll - One poll or check.
 * @csspart option - One option of a poll (a choice, or a line of its results).
 * @csspart results - A poll's results.
 */
export class HlPoll extends HlElement {
  static override styles = [tokens, controls, pollStyles]

  private readonly polls = new RoomModelController(this, (room) => new PollsModel(room.doc, room))

  constructor() {
    super()
    updateWhenLocaleChanges(this)
  }

  override render() {
    const model = this.polls.model
    const room = this.polls.room
    if (!model || !room) return nothing
    const role = room.identity.role
    const polls = [...model.polls].reverse()
    return html`<section part="base" class="base" aria-labelledby="polls-heading">
      <h2 id="polls-heading">${msg('Polls and checks')}</h2>
      ${can(role, 'poll.launch') ? this.renderForm(model) : nothing}
      <p class="problem" role="alert">${model.problem ?? ''}</p>
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

  private renderForm(model: PollsModel) {
    const { draft } = model
    const check = draft.kind === 'check'
    return html`<form part="form" class="launch" aria-labelledby="launch-heading" @submit=${this.onLaunch}>
      <h3 id="launch-heading">${msg('New poll')}</h3>
      <label class="field"
        ><span>${msg('Question')}</span>
        <input
          name="question"
          required
          maxlength="500"
          autocomplete="off"
          .value=${draft.question}
          @input=${(e: Event) => model.setQuestion((e.target as HTMLInputElement).value)}
      /></label>
      <fieldset class="kind">
        <legend>${msg('Kind')}</legend>
        ${(['poll', 'check'] as const).map(
          (kind) => html`<label class="choice"
            ><input
              type="radio"
              name="kind"
              value=${kind}
              .checked=${draft.kind === kind}
              @change=${() => model.setKind(kind)}
            />
            ${kindLabel(kind)}</label
          >`,
        )}
      </fieldset>
      <fieldset class="options">
        <legend>${msg('Options')}</legend>
        ${draft.options.map(
          (option, i) => html`<div class="option-row">
            <label class="field"
              ><span>${msg(str`Option ${i + 1}`)}</span>
              <input
                name=${`option-${i}`}
                required
                maxlength="200"
                autocomplete="off"
                .value=${option}
                @input=${(e: Event) => model.setOption(i, (e.target as HTMLInputElement).value)}
            /></label>
            ${check
              ? html`<label class="choice correct-choice"
                  ><input
                    type="radio"
                    name="correct"
                    required
                    aria-label=${msg(str`Option ${i + 1} is correct`)}
                    .checked=${draft.correctOption === i}
                    @change=${() => model.setCorrectOption(i)}
                  />
                  ${msg('Correct')}</label
                >`
              : nothing}
            <button
              type="button"
              class="remove"
              aria-label=${msg(str`Remove option ${i + 1}`)}
              ?disabled=${draft.options.length <= minPollOptions}
              @click=${() => model.removeOption(i)}
            >
              ${msg('Remove')}
            </button>
          </div>`,
        )}
        <button type="button" ?disabled=${draft.options.length >= maxPollOptions} @click=${() => model.addOption()}>
          ${msg('Add option')}
        </button>
      </fieldset>
      <button type="submit" class="primary" ?disabled=${model.busy}>
        ${check ? msg('Launch check') : msg('Launch poll')}
      </button>
    </form>`
  }

  private renderPoll(model: PollsModel, poll: PollView, role: ParticipantRole) {
    const headingId = `question-${poll.id}`
    const answering = poll.state === 'open' && can(role, 'poll.answer')
    const meta = html`<p class="meta">
      <span>${kindLabel(poll.kind)}</span> · <span>${poll.state === 'open' ? msg('Open') : msg('Closed')}</span> ·
      <span class="responses">${responsesLabel(poll.responses)}</span>
    </p>`
    return html`<article part="poll" class="poll" data-state=${poll.state} aria-labelledby=${headingId}>
      ${answering
        ? this.renderAnswerForm(model, poll, headingId, meta)
        : html`<h3 id=${headingId} class="question">${poll.question}</h3>
            ${meta} ${this.renderOutcome(model, poll, role)}`}
    </article>`
  }

  /** A learner's open poll: a radio group with a submit button; the answer can be changed until it closes. */
  private renderAnswerForm(model: PollsModel, poll: PollView, headingId: string, meta: TemplateResult) {
    const mine = model.myAnswer(poll.id)
    const chosen = mine === null ? undefined : poll.options[mine]
    return html`<form class="answer" @submit=${(e: SubmitEvent) => this.onAnswer(e, poll.id)}>
      <fieldset role="radiogroup" aria-labelledby=${headingId}>
        <legend id=${headingId} class="question">${poll.question}</legend>
        ${meta}
        ${poll.options.map(
          (option, i) => html`<label part="option" class="choice"
            ><input type="radio" name="option" value=${i} required .checked=${mine === i} /> ${option}</label
          >`,
        )}
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${model.busy}>${msg('Submit answer')}</button>
        <span class="sent" role="status">${chosen === undefined ? '' : msg(str`Answer sent: ${chosen}`)}</span>
      </div>
    </form>`
  }

  /** Results where this person may see them, and a close button for those who may close. */
  private renderOutcome(model: PollsModel, poll: PollView, role: ParticipantRole) {
    const results = model.results(poll.id)
    const mine = model.myAnswer(poll.id)
    return html`${results
        ? this.renderResults(poll, results, mine)
        : html`<ul class="choices">
            ${poll.options.map((option) => html`<li part="option">${option}</li>`)}
          </ul>`}
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

  private renderResults(poll: PollView, results: PollResults, mine: number | null) {
    const total = results.counts.reduce((a, b) => a + b, 0)
    return html`<ul part="results" class="results" aria-label=${msg('Results')}>
      ${poll.options.map((option, i) => {
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
    if (mine === null) return html`<p class="verdict">${msg('You did not answer.')}</p>`
    if (poll.kind !== 'check' || !results || results.correctOption === null) return nothing
    const right = results.correctOption === mine
    return html`<p class="verdict" data-correct=${right ? 'true' : 'false'}>
      ${right ? msg('Your answer was correct.') : msg('Your answer was not correct.')}
    </p>`
  }

  private readonly onLaunch = async (e: SubmitEvent) => {
    e.preventDefault()
    const model = this.polls.model
    if (!model) return
    const poll = await model.launch()
    if (poll) this.emit('hl-poll-launched', { detail: { poll } })
  }

  private async onAnswer(e: SubmitEvent, pollId: string): Promise<void> {
    e.preventDefault()
    const model = this.polls.model
    const value = new FormData(e.target as HTMLFormElement).get('option')
    if (!model || typeof value !== 'string') return
    const option = Number(value)
    if (await model.answer(pollId, option)) this.emit('hl-poll-answered', { detail: { pollId, option } })
  }
}

function kindLabel(kind: PollKind): string {
  return kind === 'check' ? msg('Comprehension check') : msg('Poll')
}

function responsesLabel(count: number): string {
  return count === 1 ? msg('1 response') : msg(str`${count} responses`)
}

function answersLabel(count: number): string {
  return count === 1 ? msg('1 answer') : msg(str`${count} answers`)
}
