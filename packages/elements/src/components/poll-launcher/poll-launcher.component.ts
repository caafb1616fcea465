import { html, nothing } from 'lit'
import { msg, str, updateWhenLocaleChanges } from '@lit/localize'
import { can, maxCheckQuestions, maxPollOptions, pollKinds } from '@hilink/protocol'
import { PollDraftModel, kindsWithOptions, minPollOptions, type DraftQuestion, type LibraryEntry, type PollsModel, type RoomSession } from '@hilink/core'
import { HlElement } from '../../internal/hl-element.ts'
import { RoomModelController } from '../../internal/room-model-controller.ts'
import { tokens } from '../../themes/tokens.styles.ts'
import { controls } from '../../themes/controls.styles.ts'
import { pollStyles } from '../poll/poll.styles.ts'
import { pollsFor } from '../poll/polls-for-room.ts'
import { kindLabel } from '../poll/poll-labels.ts'
import type {} from '../../events/hl-poll-launched.ts'

/** One draft per room: it outlives this element being re-created (a layout change) until it is launched. */
const draftsByRoom = new WeakMap<RoomSession, PollDraftModel>()

function draftFor(room: RoomSession): PollDraftModel {
  let draft = draftsByRoom.get(room)
  if (!draft) draftsByRoom.set(room, (draft = new PollDraftModel()))
  return draft
}

/**
 * @tagname hl-poll-launcher
 * @summary The form instructors and TAs launch polls and comprehension checks with: question, kind, options, the
 * correct answer, timer, anonymity, when results are revealed, and the course's saved polls.
 *
 * `<hl-poll>` shows it to those who may launch; it is its own element (and chunk) so that a learner's page never
 * downloads it (issue #13: the core SDK stays ≤ 60 KB gzipped). It shares the room's polls with `<hl-poll>`, so a
 * launched poll appears there at once. Renders nothing for anyone who may not launch.
 *
 * @event hl-poll-launched - This person launched a poll and the server accepted it; `detail.poll`.
 * @csspart form - The launch form.
 */
export class HlPollLauncher extends HlElement {
  static override styles = [tokens, controls, pollStyles]
  static override properties = { libraryEntries: { state: true } }

  /** The course's saved polls, loaded when the library is opened or a poll is saved. */
  declare libraryEntries: LibraryEntry[] | undefined

  private readonly polls = new RoomModelController(this, pollsFor)
  /** Re-renders as the draft is edited (the draft itself is the room's, see draftFor). */
  private readonly drafts = new RoomModelController(this, draftFor)

  constructor() {
    super()
    updateWhenLocaleChanges(this)
  }

  override render() {
    const polls = this.polls.model
    const draft = this.drafts.model
    const room = this.polls.room
    if (!polls || !draft || !room || !can(room.identity.role, 'poll.launch')) return nothing
    return this.renderForm(polls, draft)
  }

  private renderForm(polls: PollsModel, model: PollDraftModel) {
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
        <button type="submit" class="primary" ?disabled=${polls.busy}>
          ${check ? msg('Launch check') : msg('Launch poll')}
        </button>
        <button type="button" ?disabled=${polls.busy || draft.question.trim() === ''} @click=${() => this.onSave(polls, model)}>
          ${msg('Save to library')}
        </button>
      </div>
      <details class="library" @toggle=${(e: Event) => (e.target as HTMLDetailsElement).open && void this.loadLibrary(polls)}>
        <summary>${msg('Course library')}</summary>
        ${this.libraryEntries === undefined
          ? nothing
          : this.libraryEntries.length === 0
            ? html`<p class="empty">${msg('No saved polls in this course yet.')}</p>`
            : html`<ul class="texts">
                ${this.libraryEntries.map(
                  (entry) => html`<li class="text-answer">
                    <span>${entry.title}</span>
                    <button type="button" ?disabled=${polls.busy} @click=${() => this.onLaunchSaved(polls, entry)}>
                      ${msg(str`Launch “${entry.title}”`)}
                    </button>
                  </li>`,
                )}
              </ul>`}
      </details>
    </form>`
  }

  private async loadLibrary(polls: PollsModel): Promise<void> {
    this.libraryEntries = await polls.library()
  }

  private async onSave(polls: PollsModel, model: PollDraftModel): Promise<void> {
    if (await polls.saveToLibrary(model.draft.question.trim(), model.body())) await this.loadLibrary(polls)
  }

  private async onLaunchSaved(polls: PollsModel, entry: LibraryEntry): Promise<void> {
    const poll = await polls.launch(entry.poll)
    if (poll) this.emit('hl-poll-launched', { detail: { poll } })
  }

  /** Adds a question and moves focus to its text field (the new fieldset is below the button). */
  private async addQuestion(model: PollDraftModel): Promise<void> {
    model.addQuestion()
    await this.updateComplete
    const fields = this.renderRoot.querySelectorAll<HTMLInputElement>('input[name$="-question"]')
    fields[fields.length - 1]?.focus()
  }

  /** One question of a multi-question check: its text, kind, options and correct option, each labelled. */
  private renderQuestionFields(model: PollDraftModel, q: DraftQuestion, qi: number) {
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

  private renderOptionFields(model: PollDraftModel, check: boolean) {
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

  /** Launches the draft; the form starts empty once the server accepted it (a refused draft is kept to fix). */
  private readonly onLaunch = async (e: SubmitEvent) => {
    e.preventDefault()
    const polls = this.polls.model
    const draft = this.drafts.model
    if (!polls || !draft) return
    const poll = await polls.launch(draft.body())
    if (!poll) return
    draft.reset()
    this.emit('hl-poll-launched', { detail: { poll } })
  }
}
