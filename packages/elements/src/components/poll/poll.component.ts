import { html, nothing, type TemplateResult } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import { styleMap } from 'lit/directives/style-map.js'
import { msg, str, updateWhenLocaleChanges } from '@lit/localize'
import { can, maxCheckQuestions, maxPollOptions, maxTextAnswer, pollKinds, type AnswerPollBody, type ParticipantRole, type PollKind, type PollResults, type PollView } from '@hilink/protocol'
import { PollsModel, kindsWithOptions, minPollOptions, secondsLeft, type DraftQuestion, type LibraryEntry, type RoomSession } from '@hilink/core'
import { HlElement } from '../../internal/hl-element.ts'
import { RoomModelController } from '../../internal/room-model-controller.ts'
import { problemText } from '../../localization/problem-text.ts'
import { tokens } from '../../themes/tokens.styles.ts'
import { controls } from '../../themes/controls.styles.ts'
import { pollStyles } from './poll.styles.ts'
import type {} from '../../events/hl-poll-launched.ts'
import type {} from '../../events/hl-poll-answered.ts'

/**
 * One PollsModel per room, shared by a classroom's two <hl-poll>s (the learner's action bar and the lesson): an
 * answer given in one is known to the other (one's own answer comes only from the server's GET), fetched once.
 */
const modelsByRoom = new WeakMap<RoomSession, PollsModel>()

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
  static override properties = { libraryEntries: { state: true }, view: { reflect: true } }

  /**
   * What this element shows: `all` (default); `answer`, only the open polls this person can answer, without
   * heading or history (the classroom puts it in a learner's sticky action bar, beside the raised hand); `history`,
   * everything else (the polls the action bar does not show).
   */
  declare view: 'all' | 'answer' | 'history'

  /** The course's saved polls, loaded when the library is opened or a poll is saved. */
  declare libraryEntries: LibraryEntry[] | undefined

  private readonly polls = new RoomModelController(this, (room) => {
    let model = modelsByRoom.get(room)
    if (!model) modelsByRoom.set(room, (model = new PollsModel(room.doc, room)))
    return model
  })

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
      ${can(role, 'poll.launch') ? this.renderForm(model) : nothing}
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

  private renderForm(model: PollsModel) {
    const { draft } = model
    const check = draft.kind === 'check'
    const several = check && draft.questions.length >= 2
    const withOptions = kindsWithOptions.includes(draft.kind) && !several
    return html`<form part="form" class="launch" aria-labelledby="launch-heading" @submit=${this.onLaunch}>
      <h3 id="launch-heading">${msg('New poll')}</h3>
      <label class="field"
        ><span>${several ? msg('Title of the check') : msg('Question')}</span>
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
        ${pollKinds.map(
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
      ${withOptions ? this.renderOptionFields(model, check) : nothing}
      ${several ? draft.questions.map((q, i) => this.renderQuestionFields(model, q, i)) : nothing}
      ${check
        ? html`<button type="button" class="add-question" ?disabled=${draft.questions.length >= maxCheckQuestions} @click=${() => this.addQuestion(model)}>
            ${msg('Add question')}
          </button>`
        : nothing}
      ${draft.kind === 'truefalse'
        ? html`<label class="field"
            ><span>${msg('Correct answer')}</span>
            <select
              name="truefalse-correct"
              @change=${(e: Event) => {
                const v = (e.target as HTMLSelectElement).value
                model.setCorrectOption(v === '' ? undefined : Number(v))
              }}
            >
              <option value="" ?selected=${draft.correctOption === undefined}>${msg('None')}</option>
              <option value="0" ?selected=${draft.correctOption === 0}>${msg('True')}</option>
              <option value="1" ?selected=${draft.correctOption === 1}>${msg('False')}</option>
            </select></label
          >`
        : nothing}
      <fieldset class="settings">
        <legend>${msg('Settings')}</legend>
        <label class="field"
          ><span>${msg('Timer in seconds (optional)')}</span>
          <input
            name="duration"
            type="number"
            min="5"
            max="3600"
            inputmode="numeric"
            .value=${draft.durationSeconds === undefined ? '' : String(draft.durationSeconds)}
            @input=${(e: Event) => {
              const v = (e.target as HTMLInputElement).valueAsNumber
              model.setSettings({ durationSeconds: Number.isFinite(v) && v > 0 ? v : undefined })
            }}
        /></label>
        <label class="choice"
          ><input
            type="checkbox"
            name="anonymous"
            .checked=${draft.anonymous}
            @change=${(e: Event) => model.setSettings({ anonymous: (e.target as HTMLInputElement).checked })}
          />
          ${msg('Anonymous (no one’s answer is stored)')}</label
        >
        <label class="choice"
          ><input
            type="checkbox"
            name="reveal-manually"
            .checked=${draft.revealManually}
            @change=${(e: Event) => model.setSettings({ revealManually: (e.target as HTMLInputElement).checked })}
          />
          ${msg('I reveal the results myself')}</label
        >
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${model.busy}>
          ${check ? msg('Launch check') : msg('Launch poll')}
        </button>
        <button type="button" ?disabled=${model.busy || draft.question.trim() === ''} @click=${() => this.onSave(model)}>
          ${msg('Save to library')}
        </button>
      </div>
      <details class="library" @toggle=${(e: Event) => (e.target as HTMLDetailsElement).open && void this.loadLibrary(model)}>
        <summary>${msg('Course library')}</summary>
        ${this.libraryEntries === undefined
          ? nothing
          : this.libraryEntries.length === 0
            ? html`<p class="empty">${msg('No saved polls in this course yet.')}</p>`
            : html`<ul class="texts">
                ${this.libraryEntries.map(
                  (entry) => html`<li class="text-answer">
                    <span>${entry.title}</span>
                    <button type="button" ?disabled=${model.busy} @click=${() => this.onLaunchSaved(model, entry)}>
                      ${msg(str`Launch “${entry.title}”`)}
                    </button>
                  </li>`,
                )}
              </ul>`}
      </details>
    </form>`
  }

  private async loadLibrary(model: PollsModel): Promise<void> {
    this.libraryEntries = await model.library()
  }

  private async onSave(model: PollsModel): Promise<void> {
    if (await model.saveToLibrary(model.draft.question.trim())) await this.loadLibrary(model)
  }

  private async onLaunchSaved(model: PollsModel, entry: LibraryEntry): Promise<void> {
    const poll = await model.launch(entry.poll)
    if (poll) this.emit('hl-poll-launched', { detail: { poll } })
  }

  /** Adds a question and moves focus to its text field (the new fieldset is below the button). */
  private async addQuestion(model: PollsModel): Promise<void> {
    model.addQuestion()
    await this.updateComplete
    const fields = this.renderRoot.querySelectorAll<HTMLInputElement>('input[name$="-question"]')
    fields[fields.length - 1]?.focus()
  }

  /** One question of a multi-question check: its text, kind, options and correct option, each labelled. */
  private renderQuestionFields(model: PollsModel, q: DraftQuestion, qi: number) {
    const n = qi + 1
    const update = (patch: Partial<DraftQuestion>) => model.updateQuestion(qi, patch)
    return html`<fieldset class="options check-question">
      <legend>${msg(str`Question ${n}`)}</legend>
      <label class="field"
        ><span>${msg(str`Question ${n} text`)}</span>
        <input
          name=${`q${qi}-question`}
          required
          maxlength="500"
          autocomplete="off"
          .value=${q.question}
          @input=${(e: Event) => update({ question: (e.target as HTMLInputElement).value })}
      /></label>
      <div class="kind" role="radiogroup" aria-label=${msg(str`Kind of question ${n}`)}>
        <label class="choice"
          ><input type="radio" name=${`q${qi}-kind`} .checked=${q.kind === 'choice'}
            @change=${() => update({ kind: 'choice', options: ['', ''], correctOption: undefined })} />
          ${msg('Multiple choice')}</label
        >
        <label class="choice"
          ><input type="radio" name=${`q${qi}-kind`} .checked=${q.kind === 'truefalse'}
            @change=${() => update({ kind: 'truefalse', options: [msg('True'), msg('False')], correctOption: undefined })} />
          ${msg('True or false')}</label
        >
      </div>
      ${q.kind === 'truefalse'
        ? html`<label class="field"
            ><span>${msg(str`Correct answer to question ${n}`)}</span>
            <select name=${`q${qi}-correct`} required @change=${(e: Event) => {
              const v = (e.target as HTMLSelectElement).value
              update({ correctOption: v === '' ? undefined : Number(v) })
            }}>
              <option value="" ?selected=${q.correctOption === undefined}>${msg('Choose…')}</option>
              <option value="0" ?selected=${q.correctOption === 0}>${msg('True')}</option>
              <option value="1" ?selected=${q.correctOption === 1}>${msg('False')}</option>
            </select></label
          >`
        : html`${q.options.map(
              (option, i) => html`<div class="option-row">
                <label class="field"
                  ><span>${msg(str`Question ${n}, option ${i + 1}`)}</span>
                  <input
                    name=${`q${qi}-option-${i}`}
                    required
                    maxlength="200"
                    autocomplete="off"
                    .value=${option}
                    @input=${(e: Event) => update({ options: q.options.map((o, j) => (j === i ? (e.target as HTMLInputElement).value : o)) })}
                /></label>
                <label class="choice correct-choice"
                  ><input
                    type="radio"
                    name=${`q${qi}-correct`}
                    required
                    aria-label=${msg(str`Question ${n}: option ${i + 1} is correct`)}
                    .checked=${q.correctOption === i}
                    @change=${() => update({ correctOption: i })}
                  />
                  ${msg('Correct')}</label
                >
                <button
                  type="button"
                  class="remove"
                  aria-label=${msg(str`Remove option ${i + 1} of question ${n}`)}
                  ?disabled=${q.options.length <= minPollOptions}
                  @click=${() =>
                    update({
                      options: q.options.filter((_, j) => j !== i),
                      correctOption: q.correctOption === undefined || q.correctOption === i ? undefined : q.correctOption > i ? q.correctOption - 1 : q.correctOption,
                    })}
                >
                  ${msg('Remove')}
                </button>
              </div>`,
            )}
            <button type="button" ?disabled=${q.options.length >= maxPollOptions} @click=${() => update({ options: [...q.options, ''] })}>
              ${msg(str`Add option to question ${n}`)}
            </button>`}
      <button type="button" class="remove-question" @click=${() => model.removeQuestion(qi)}>${msg(str`Remove question ${n}`)}</button>
    </fieldset>`
  }

  private renderOptionFields(model: PollsModel, check: boolean) {
    const { draft } = model
    return html`<fieldset class="options">
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
      </fieldset>`
  }

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

  private readonly onLaunch = async (e: SubmitEvent) => {
    e.preventDefault()
    const model = this.polls.model
    if (!model) return
    const poll = await model.launch()
    if (poll) this.emit('hl-poll-launched', { detail: { poll } })
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

function kindLabel(kind: PollKind): string {
  switch (kind) {
    case 'check':
      return msg('Comprehension check')
    case 'multiple':
      return msg('Multiple choice')
    case 'truefalse':
      return msg('True or false')
    case 'text':
      return msg('Short text')
    case 'rating':
      return msg('Rating')
    default:
      return msg('Poll')
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
