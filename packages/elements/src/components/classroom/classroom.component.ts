import { html, nothing, type PropertyValues } from 'lit'
import { ContextProvider } from '@lit/context'
import { msg, str, updateWhenLocaleChanges } from '@lit/localize'
import type { SessionState } from '@hilink/protocol'
import { LifecycleModel, RoomSession, roomContext, type ConnectionStatus, type LessonCommand } from '@hilink/core'
import { HlElement } from '../../internal/hl-element.ts'
import { ModelController } from '../../internal/model-controller.ts'
import { tokens } from '../../themes/tokens.styles.ts'
import { controls } from '../../themes/controls.styles.ts'
import { roleLabel } from '../../localization/role-label.ts'
import { classroomStyles } from './classroom.styles.ts'
import '../roster/roster.ts'
import '../captions/captions.ts'
import '../summary-review/summary-review.ts'
import '../poll/poll.ts'
import '../hand-raise/hand-raise.ts'
import '../chat/chat.ts'
import '../av-stage/av-stage.ts'
import '../whiteboard/whiteboard.ts'
import type {} from '../../events/hl-status-change.ts'
import type {} from '../../events/hl-request-leave.ts'
import type {} from '../../events/hl-request-start.ts'
import type {} from '../../events/hl-request-end.ts'

/**
 * @tagname hl-classroom
 * @summary The whole classroom: opens the room connection and provides it to every HiLink element inside.
 *
 * Learners and observers who arrive before the start wait in a lobby that shows the scheduled time, and are let
 * in when the instructor starts the lesson; when it ends they see that it ended (instructors and TAs go on to
 * the review). A dropped connection shows "Reconnecting…", keeps everything on screen and resyncs by itself.
 *
 * @event hl-status-change - The connection status changed; `detail.status` is connecting, live,
 *   reconnecting, offline or denied.
 * @event hl-request-start - Cancelable: the instructor asked to start the lesson.
 * @event hl-request-end - Cancelable: the instructor asked to end the lesson.
 * @event hl-request-leave - Cancelable: this person asked to leave (the Leave button).
 * @slot - Feature elements and host content shown in the classroom's main area.
 * @csspart base - The classroom's wrapper.
 * @csspart header - The bar with status and identity.
 * @csspart status - The connection status badge.
 * @csspart lesson-state - The lesson's state (not started, in session, ended).
 * @csspart lesson-control - The Start/End lesson button (instructors only).
 * @csspart leave - The Leave button.
 * @csspart lobby - The waiting state before the lesson starts (learners and observers).
 * @csspart ended - The lesson-ended state (learners and observers).
 * @csspart left - What someone who left sees, with a way back in.
 * @csspart chat - The chat (re-exported parts: chat-base, chat-messages, chat-message, chat-input, chat-send,
 *   chat-delete).
 * @csspart summary-review - The instructor's summary review (after) or course brief (before the session).
 * @csspart captions - The live captions (re-exported parts: caption, microphone).
 * @csspart polls - Polls and comprehension checks (re-exported parts: polls-base, poll-form, poll, poll-option,
 *   poll-results).
 * @csspart hand-raise - Hand raising and the queue (re-exported parts: hand-raise-base, hand-toggle, hand-queue,
 *   hand, hand-lower).
 * @csspart roster - The participant list (re-exported parts: roster-base, roster-participant).
 * @cssproperty --hl-color-accent - Accent colour of the tenant theme.
 */
export class HlClassroom extends HlElement {
  static override styles = [tokens, controls, classroomStyles]
  static override properties = {
    server: { type: String },
    token: { type: String },
    theme: { type: String, reflect: true },
  }

  /** Base URL of the HiLink server. Defaults to the page's origin. */
  declare server: string
  /** A participant token for one session, minted by the server. */
  declare token: string
  /** `light` (default) or `dark`. */
  declare theme: 'light' | 'dark'

  private readonly provider = new ContextProvider(this, { context: roomContext })
  private readonly statusUpdates = new ModelController(this)
  private readonly lessonUpdates = new ModelController(this)
  private session: RoomSession | undefined
  private lesson: LifecycleModel | undefined
  private problem: string | undefined
  /** This person pressed Leave (and the host let them): the room is closed until they rejoin. */
  private left = false
  private lastStatus: ConnectionStatus | undefined

  constructor() {
    super()
    this.server = ''
    this.token = ''
    this.theme = 'light'
    updateWhenLocaleChanges(this)
  }

  /** The room connection, once a token is set. */
  get room(): RoomSession | undefined {
    return this.session
  }

  override connectedCallback(): void {
    super.connectedCallback()
    // Reconnecting after a move in the DOM: open the room again.
    if (!this.session && !this.left && this.token) this.requestUpdate()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.closeRoom()
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('server') || changed.has('token')) this.left = false
    if (changed.has('server') || changed.has('token') || (!this.session && !this.left && this.token && this.isConnected)) {
      this.closeRoom()
      if (this.token && this.isConnected) this.openRoom()
    }
  }

  protected override updated(): void {
    const status = this.session?.status
    if (status && status !== this.lastStatus) {
      this.lastStatus = status
      this.emit('hl-status-change', { detail: { status } })
    }
  }

  override render() {
    const session = this.session
    if (this.left) {
      return html`<div part="base" class="base">
        <div part="left" class="state-panel" role="status">
          <p>${msg('You left the lesson.')}</p>
          <button type="button" class="primary" @click=${() => this.rejoin()}>${msg('Rejoin')}</button>
        </div>
      </div>`
    }
    if (!session) {
      return html`<div part="base" class="base">
        <p class="problem" role="alert">${this.problem ?? msg('No classroom token was given.')}</p>
      </div>`
    }
    const { name, role } = session.identity
    const lesson = this.lesson
    const lessonState = lesson?.state
    return html`
      <div part="base" class="base">
        <header part="header">
          <span part="status" class="status" data-status=${session.status} role="status" aria-live="polite"
            >${statusLabel(session.status)}</span
          >
          <span class="lesson">
            <span class="title">${lesson?.title ?? ''}</span>
            ${lessonState
              ? html`<span part="lesson-state" class="lesson-state" data-state=${lessonState} aria-live="polite"
                  >${lessonStateLabel(lessonState)}</span
                >`
              : nothing}
            ${this.renderLessonControl()}
          </span>
          <span class="me"
            ><span class="name">${name}</span> · <span class="role">${roleLabel(role)}</span></span
          >
          <button part="leave" class="leave" type="button" @click=${() => this.leave()}>${msg('Leave')}</button>
        </header>
        ${lesson?.problem ? html`<p class="problem" role="alert">${lesson.problem}</p>` : nothing}
        ${session.status === 'reconnecting' || session.status === 'offline'
          ? html`<p class="notice" role="status">
              ${msg('The connection dropped. Reconnecting… Everything you see is kept and catches up when it is back.')}
            </p>`
          : nothing}
        ${!lesson || lesson.state === undefined
          ? nothing /* not synced yet: neither the room nor the lobby, so nobody sees one flash before the other */
          : lesson.waiting
            ? this.renderLobby(lesson)
            : lesson.over
              ? this.renderEnded()
              : this.renderRoom()}
        ${session.status === 'denied'
          ? html`<p class="problem" role="alert">
              ${msg('The server refused this classroom link. It may have expired: ask for a new one.')}
            </p>`
          : nothing}
      </div>
    `
  }

  private renderRoom() {
    return html`<div class="body">
      <main>
        <hl-av-stage part="av-stage" exportparts="base: av-base, stage: av-stage-area, tile: av-tile, controls: av-controls"></hl-av-stage>
        <hl-whiteboard part="whiteboard" exportparts="base: whiteboard-base, toolbar: whiteboard-toolbar, canvas: whiteboard-canvas"></hl-whiteboard>
        <hl-summary-review part="summary-review"></hl-summary-review>
        <hl-captions part="captions" exportparts="caption: caption, microphone: microphone"></hl-captions>
        <hl-poll
          part="polls"
          exportparts="base: polls-base, form: poll-form, poll: poll, option: poll-option, results: poll-results"
        ></hl-poll>
        <slot></slot>
      </main>
      <aside aria-label=${msg('Participants')}>
        <hl-hand-raise
          part="hand-raise"
          exportparts="base: hand-raise-base, toggle: hand-toggle, queue: hand-queue, hand: hand, lower: hand-lower"
        ></hl-hand-raise>
        <hl-chat
          part="chat"
          exportparts="base: chat-base, messages: chat-messages, message: chat-message, input: chat-input, send: chat-send, delete: chat-delete"
        ></hl-chat>
        <hl-roster part="roster" exportparts="base: roster-base, participant: roster-participant"></hl-roster>
      </aside>
    </div>`
  }

  /** Before the start: when it is scheduled, and who is already here. */
  private renderLobby(lesson: LifecycleModel) {
    const start = lesson.scheduledStart ? new Date(lesson.scheduledStart) : undefined
    const when = start && !Number.isNaN(start.getTime()) ? start : undefined
    return html`<div class="body">
      <main>
        <section part="lobby" class="state-panel" aria-labelledby="lobby-heading">
          <h2 id="lobby-heading">${msg('The lesson has not started yet')}</h2>
          ${when
            ? html`<p>
                ${msg(str`It is scheduled for ${scheduled(when)}.`)}
              </p>`
            : nothing}
          <p>${msg('You will be let in as soon as the instructor starts it. Keep this page open.')}</p>
        </section>
      </main>
      <aside aria-label=${msg('Participants')}>
        <hl-roster part="roster" exportparts="base: roster-base, participant: roster-participant"></hl-roster>
      </aside>
    </div>`
  }

  private renderEnded() {
    return html`<section part="ended" class="state-panel" aria-labelledby="ended-heading">
      <h2 id="ended-heading">${msg('The lesson has ended')}</h2>
      <p>${msg('Thank you for taking part. You can close this page.')}</p>
    </section>`
  }

  /** Start/End for the roles the permission table allows; the server checks again. */
  private renderLessonControl() {
    const lesson = this.lesson
    const verb = lesson?.availableCommand
    if (!lesson || !verb) return nothing
    return html`<button
      part="lesson-control"
      class="primary"
      type="button"
      ?disabled=${lesson.busy}
      @click=${() => this.runCommand(lesson, verb)}
    >
      ${verb === 'start' ? msg('Start lesson') : msg('End lesson')}
    </button>`
  }

  /** Lets the host veto the intent (`hl-request-start` / `hl-request-end`), then sends the command. */
  private async runCommand(lesson: LifecycleModel, verb: LessonCommand): Promise<void> {
    if (!this.session) return
    const request = this.emit(verb === 'start' ? 'hl-request-start' : 'hl-request-end', {
      detail: { sessionId: this.session.sessionId },
      cancelable: true,
    })
    if (request.defaultPrevented) return
    await (verb === 'start' ? lesson.start() : lesson.end())
  }

  /** Leaves the room unless the host vetoes it (`hl-request-leave`); the person can rejoin. */
  leave(): void {
    if (!this.session) return
    const request = this.emit('hl-request-leave', { detail: { sessionId: this.session.sessionId }, cancelable: true })
    if (request.defaultPrevented) return
    this.left = true
    this.closeRoom()
  }

  private rejoin(): void {
    this.left = false
    this.requestUpdate()
  }

  private openRoom(): void {
    try {
      this.session = new RoomSession({ server: this.server || location.origin, token: this.token })
      this.problem = undefined
    } catch (err) {
      this.problem = msg('This classroom link is not valid.')
      console.warn('hl-classroom:', (err as Error).message)
      return
    }
    const session = this.session
    const lesson = new LifecycleModel(session.doc, session)
    this.lesson = lesson
    void lesson.load()
    this.statusUpdates.watch((l) => session.subscribe(l))
    this.lessonUpdates.watch((l) => lesson.subscribe(l))
    this.provider.setValue(session)
  }

  private closeRoom(): void {
    this.statusUpdates.watch(undefined)
    this.lessonUpdates.watch(undefined)
    this.lesson = undefined
    this.session?.destroy()
    this.session = undefined
    this.lastStatus = undefined
    this.provider.setValue(undefined)
  }
}

/** The scheduled start as a person reads it: the time today, else the date and time. */
function scheduled(when: Date): string {
  const today = new Date()
  const sameDay = when.toDateString() === today.toDateString()
  return sameDay
    ? when.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : when.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

function lessonStateLabel(state: SessionState): string {
  switch (state) {
    case 'scheduled':
      return msg('Not started')
    case 'live':
      return msg('In session')
    case 'ended':
      return msg('Ended')
  }
}

function statusLabel(status: ConnectionStatus): string {
  switch (status) {
    case 'connecting':
      return msg('Connecting…')
    case 'live':
      return msg('Live')
    case 'reconnecting':
      return msg('Reconnecting…')
    case 'offline':
      return msg('Offline')
    case 'denied':
      return msg('Access denied')
  }
}
