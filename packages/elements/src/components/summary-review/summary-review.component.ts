import { html, nothing, type PropertyValues } from 'lit'
import { msg, str, updateWhenLocaleChanges } from '@lit/localize'
import { can, type SummaryLine } from '@hilink/protocol'
import { SessionModel, SummaryReviewModel, summarySections, type SummarySection } from '@hilink/core'
import { HlElement } from '../../internal/hl-element.ts'
import { RoomModelController } from '../../internal/room-model-controller.ts'
import { tokens } from '../../themes/tokens.styles.ts'
import { controls } from '../../themes/controls.styles.ts'
import { summaryReviewStyles } from './summary-review.styles.ts'

/**
 * @tagname hl-summary-review
 * @summary The instructor's side of the after-session pipeline: review, edit and approve the lesson summary
 * (which sends the parent recaps); before a session, the brief from the course's last approved summaries.
 *
 * Shows nothing to roles that do not review. All text is rendered as text.
 *
 * @csspart base - The wrapper.
 * @csspart approve - The approve button.
 */
export class HlSummaryReview extends HlElement {
  static override styles = [tokens, controls, summaryReviewStyles]

  private readonly reviews = new RoomModelController(
    this,
    (room) => new SummaryReviewModel(room),
    () => (this.loadedFor = undefined),
  )
  private readonly lessons = new RoomModelController(this, (room) => new SessionModel(room.doc))
  private loadedFor: string | undefined

  constructor() {
    super()
    updateWhenLocaleChanges(this)
  }

  protected override willUpdate(_changed: PropertyValues): void {
    const room = this.reviews.room
    const review = this.reviews.model
    // Load what fits the lesson's state, once per state.
    const state = this.lessons.model?.state
    if (!room || !review || !state || state === this.loadedFor) return
    const role = room.identity.role
    if (state === 'ended' && can(role, 'summary.review')) void review.loadSummary()
    if (state === 'scheduled' && can(role, 'brief.read')) void review.loadBrief()
    this.loadedFor = state
  }

  override render() {
    const review = this.reviews.model
    const state = this.lessons.model?.state
    if (!review || !state) return nothing
    if (state === 'scheduled' && review.brief) return this.renderBrief(review)
    if (state !== 'ended' || !review.summary || !review.edited) {
      if (state === 'ended' && review.drafting) {
        return html`<p part="base" role="status">${msg('Drafting the lesson summary from the transcript…')}</p>`
      }
      return review.problem && state === 'ended' ? html`<p class="problem" role="alert">${review.problem}</p>` : nothing
    }
    const approved = review.summary.status === 'approved'
    const titles: Record<SummarySection, string> = {
      topics: msg('Topics covered'),
      learnerResponse: msg('How learners responded'),
      reinforcement: msg('Needs reinforcement'),
      attendance: msg('Attendance'),
    }
    return html`<section part="base" aria-labelledby="summary-heading">
      <h2 id="summary-heading">
        ${!approved
          ? msg('Lesson summary draft')
          : review.summary.recapDelivery === 'stored'
            ? msg('Lesson summary (approved, recaps stored)')
            : msg('Lesson summary (approved, recaps sent)')}
      </h2>
      ${summarySections.map((section) =>
        this.renderLines(titles[section], review.edited![section], approved, (i, text) => review.editLine(section, i, text)),
      )}
      ${review.edited.learnerNotes.length ? html`<h3>${msg('Notes for each learner’s recap')}</h3>` : nothing}
      ${review.edited.learnerNotes.map((learner) =>
        this.renderLines(learner.name, learner.notes, approved, (i, text) => review.editLearnerNote(learner.userId, i, text)),
      )}
      ${review.problem ? html`<p class="problem" role="alert">${review.problem}</p>` : nothing}
      ${approved
        ? nothing
        : html`<div class="actions">
            <button type="button" ?disabled=${review.busy} @click=${() => review.save()}>${msg('Save draft')}</button>
            <button
              part="approve"
              class="primary"
              type="button"
              ?disabled=${review.busy || review.confirmingApprove}
              @click=${() => review.askToApprove()}
            >
              ${msg('Approve and send recaps')}
            </button>
            <span class="saved" role="status">${review.savedAt ? msg(str`Draft saved at ${clock(review.savedAt)}.`) : ''}</span>
          </div>
          ${review.confirmingApprove
            ? html`<div part="confirm-approve" class="confirm" role="alertdialog" aria-labelledby="confirm-approve-text">
                <p id="confirm-approve-text">
                  ${msg('Approve the summary? Each learner’s recap is created from it and cannot be changed afterwards.')}
                </p>
                <button type="button" class="primary" ?disabled=${review.busy} @click=${() => review.approve()}>
                  ${msg('Yes, approve')}
                </button>
                <button type="button" @click=${() => review.cancelApprove()}>${msg('Keep editing')}</button>
              </div>`
            : nothing}`}
    </section>`
  }

  /** One group of lines: editable with its source shown until approval, then plain text. */
  private renderLines(title: string, lines: SummaryLine[], approved: boolean, edit: (index: number, text: string) => void) {
    const busy = this.reviews.model?.busy ?? false
    return html`<fieldset>
      <legend>${title}</legend>
      ${lines.length === 0 ? html`<p class="empty">${msg('Nothing for this section.')}</p>` : nothing}
      ${lines.map((line, i) =>
        approved
          ? html`<p class="line">${line.text}</p>`
          : html`<label class="line"
              ><span class="visually-hidden">${title} ${i + 1}</span>
              <textarea
                rows=${Math.max(2, Math.ceil(line.text.length / 60) + line.text.split('\n').length - 1)}
                .value=${line.text}
                ?disabled=${busy}
                @input=${(e: Event) => edit(i, (e.target as HTMLTextAreaElement).value)}
              ></textarea>
              <span class="source">${sourceLabel(line)}</span></label
            >`,
      )}
    </fieldset>`
  }

  private renderBrief(review: SummaryReviewModel) {
    const brief = review.brief!
    if (brief.basedOn.length === 0) return nothing
    return html`<section part="base" aria-labelledby="brief-heading">
      <h2 id="brief-heading">${msg('Brief for this session')}</h2>
      <h3>${msg('Last time')}</h3>
      <ul>${brief.lastTopics.map((l) => html`<li>${l.text}</li>`)}</ul>
      ${brief.reinforce.length ? html`<h3>${msg('Reinforce')}</h3><ul>${brief.reinforce.map((l) => html`<li>${l.text}</li>`)}</ul>` : nothing}
      ${brief.followUp.length ? html`<h3>${msg('Follow up')}</h3><ul>${brief.followUp.map((l) => html`<li>${l.text}</li>`)}</ul>` : nothing}
    </section>`
  }
}

/** Where a line comes from, in words, so the instructor can check it. */
function originLabel(line: SummaryLine): string {
  const kinds = new Set(line.sources.map((s) => s.kind))
  const transcript = line.sources.find((s) => s.kind === 'transcript')
  if (transcript && transcript.kind === 'transcript') {
    const at = Math.floor(transcript.startMs / 60_000)
    return msg(str`From the transcript, minute ${at}`)
  }
  if (kinds.has('poll')) return msg('From a poll')
  if (kinds.has('events')) return msg('From learning events')
  if (kinds.has('attendance')) return msg('From attendance')
  if (kinds.has('instructor')) return msg('Written by you')
  return ''
}

/** The source, and that the instructor edited the line when they did (the recap says so too). */
function sourceLabel(line: SummaryLine): string {
  const from = originLabel(line)
  const edited = line.sources.some((s) => s.kind === 'instructor') && line.sources.some((s) => s.kind !== 'instructor')
  return edited ? `${from} · ${msg('edited by the instructor')}` : from
}

function clock(when: Date): string {
  return when.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
}
