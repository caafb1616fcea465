import { html, nothing, type PropertyValues } from 'lit'
import { ContextProvider } from '@lit/context'
import { msg, updateWhenLocaleChanges } from '@lit/localize'
import { can, type SessionState } from '@hilink/protocol'
import { RoomSession, SessionModel, roomContext, type ConnectionStatus } from '@hilink/core'
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
import type {} from '../../events/hl-status-change.ts'

/**
 * @tagname hl-classroom
 * @summary The whole classroom: opens the room connection and provides it to every HiLink element inside.
 *
 * @event hl-status-change - The connection status changed; `detail.status` is connecting, live,
 *   reconnecting, offline or denied.
 * @slot - Feature elements and host content shown in the classroom's main area.
 * @csspart base - The classroom's wrapper.
 * @csspart header - The bar with status and identity.
 * @csspart status - The connection status badge.
 * @csspart lesson-state - The lesson's state (not started, in session, ended).
 * @csspart lesson-control - The Start/End lesson button (instructors only).
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
  private lesson: SessionModel | undefined
  private commandError: string | undefined
  private commandPending = false
  private problem: string | undefined
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
    if (!this.session && this.token) this.requestUpdate()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.closeRoom()
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('server') || changed.has('token') || (!this.session && this.token && this.isConnected)) {
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
    if (!session) {
      return html`<div part="base" class="base">
        <p class="problem" role="alert">${this.problem ?? msg('No classroom token was given.')}</p>
      </div>`
    }
    const { name, role } = session.identity
    const lessonState = this.lesson?.state
    return html`
      <div part="base" class="base">
        <header part="header">
          <span part="status" class="status" data-status=${session.status} role="status" aria-live="polite"
            >${statusLabel(session.status)}</span
          >
          <span class="lesson">
            <span class="title">${this.lesson?.title ?? ''}</span>
            ${lessonState
              ? html`<span part="lesson-state" class="lesson-state" data-state=${lessonState} aria-live="polite"
                  >${lessonStateLabel(lessonState)}</span
                >`
              : nothing}
            ${this.renderLessonControl(role, lessonState)}
          </span>
          <span class="me"
            ><span class="name">${name}</span> · <span class="role">${roleLabel(role)}</span></span
          >
        </header>
        ${this.commandError ? html`<p class="problem" role="alert">${this.commandError}</p>` : nothing}
        <div class="body">
          <main>
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
            <hl-roster part="roster" exportparts="base: roster-base, participant: roster-participant"></hl-roster>
          </aside>
        </div>
        ${session.status === 'denied'
          ? html`<p class="problem" role="alert">
              ${msg('The server refused this classroom link. It may have expired: ask for a new one.')}
            </p>`
          : nothing}
      </div>
    `
  }

  /** Start/End for the roles the permission table allows; the server checks again. */
  private renderLessonControl(role: string, state: SessionState | undefined) {
    const verb = state === 'scheduled' ? 'start' : state === 'live' ? 'end' : undefined
    if (!verb || !can(role as 'instructor', verb === 'start' ? 'session.start' : 'session.end')) return nothing
    return html`<button
      part="lesson-control"
      class="primary"
      type="button"
      ?disabled=${this.commandPending}
      @click=${() => this.runCommand(verb)}
    >
      ${verb === 'start' ? msg('Start lesson') : msg('End lesson')}
    </button>`
  }

  private async runCommand(verb: 'start' | 'end'): Promise<void> {
    if (!this.session) return
    this.commandPending = true
    this.commandError = undefined
    this.requestUpdate()
    try {
      await this.session.command(verb)
    } catch (err) {
      this.commandError = (err as Error).message
    } finally {
      this.commandPending = false
      this.requestUpdate()
    }
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
    const lesson = new SessionModel(session.doc)
    this.lesson = lesson
    this.statusUpdates.watch((l) => session.subscribe(l))
    this.lessonUpdates.watch((l) => lesson.subscribe(l))
    this.provider.setValue(session)
  }

  private closeRoom(): void {
    this.statusUpdates.watch(undefined)
    this.lessonUpdates.watch(undefined)
    this.lesson = undefined
    this.commandError = undefined
    this.session?.destroy()
    this.session = undefined
    this.lastStatus = undefined
    this.provider.setValue(undefined)
  }
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
