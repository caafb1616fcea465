import { html, nothing, type PropertyValues } from 'lit'
import { ContextProvider } from '@lit/context'
import { msg, str, updateWhenLocaleChanges } from '@lit/localize'
import type { SessionState } from '@hilink/protocol'
import { BrandModel, LifecycleModel, RoomSession, roomContext, type AvModel, type ConnectionStatus, type LessonCommand } from '@hilink/core'
import { HlElement } from '../../internal/hl-element.ts'
import { getLocale, setLocale } from '../../localization/localization.ts'
import { chooseLocale } from '../../localization/locale-choice.ts'
import { problemText } from '../../localization/problem-text.ts'
import { ModelController } from '../../internal/model-controller.ts'
import { tokens } from '../../themes/tokens.styles.ts'
import { controls } from '../../themes/controls.styles.ts'
import { isBuiltInValue } from '../../themes/palette.ts'
import type * as PageThemeModule from '../../themes/inherited-theme.ts'
import { roleLabel } from '../../localization/role-label.ts'
import { classroomStyles } from './classroom.styles.ts'
import { BoardRoomController } from './board-room.ts'
import { BarFocusController } from './bar-focus.ts'
import '../roster/roster.ts'
import '../captions/captions.ts'
import '../poll/poll.ts'
import '../hand-raise/hand-raise.ts'
import '../chat/chat.ts'
import { forRole, loadElement } from '../../internal/lazy-elements.ts'
// Types only: these three are defined from their own chunks when this person's role uses them (forRole).
import type {} from '../av-stage/av-stage.ts'
import type {} from '../whiteboard/whiteboard.ts'
import type {} from '../summary-review/summary-review.ts'
import type {} from '../../events/hl-status-change.ts'
import type {} from '../../events/hl-request-leave.ts'
import type {} from '../../events/hl-request-start.ts'
import type {} from '../../events/hl-request-end.ts'
import type {} from '../../events/hl-token-expiring.ts'
import type {} from '../../events/hl-joined.ts'
import type {} from '../../events/hl-left.ts'

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
 * @event hl-joined - Once per room, when the connection is first live; `detail` has sessionId, userId, name, role.
 * @event hl-left - This person left the room (Leave, not vetoed); `detail.sessionId`.
 * @event hl-token-expiring - Cancelable: the token expires in a minute (or less); not canceled, the classroom
 *   calls `tokenProvider` for a fresh one.
 * @slot - Feature elements and host content shown in the classroom's main area.
 * @slot link-help - Replaces the advice under an expired or invalid link's heading (the embed page of an LTI
 *   launch says to open the activity again from the course).
 * @csspart base - The classroom's wrapper.
 * @csspart header - The bar with status and identity.
 * @csspart status - The connection status badge.
 * @csspart lesson-state - The lesson's state (not started, in session, ended).
 * @csspart lesson-control - The Start/End lesson button (instructors only).
 * @csspart confirm-end - The confirmation asked before the lesson ends.
 * @csspart pending - The note that commands wait for the connection.
 * @csspart action-bar - The learner's sticky bar: the open poll to answer and the hand raise.
 * @csspart poll-answer - The poll element in the action bar (only the open polls the learner can answer).
 * @csspart link-problem - The screen shown for an expired or invalid classroom link.
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
 * @csspart brand - The tenant's logo and product name in the header (when the tenant has them).
 * @csspart logo - The tenant's logo.
 * @cssproperty --hl-color-surface - Background of panels (light #ffffff, dark #0d1117).
 * @cssproperty --hl-color-text - Body text (light #1b1f24, dark #e6edf3).
 * @cssproperty --hl-color-text-muted - Secondary text: roles, hints, states (light #57606a, dark #9198a1).
 * @cssproperty --hl-color-border - Borders and separators (light #d0d7de, dark #30363d).
 * @cssproperty --hl-color-accent - Buttons, links, the focus ring, chart bars (light #0b62d6, dark #4493f8).
 * @cssproperty --hl-color-on-accent - Text on accent-filled buttons (light #ffffff, dark #0d1117).
 * @cssproperty --hl-color-success - Live, correct answers, the speaking ring (light #1a7f37, dark #3fb950).
 * @cssproperty --hl-color-warning - Reconnecting, away, a locked board (light #9a6700, dark #d29922).
 * @cssproperty --hl-color-danger - Errors and irreversible actions (light #cf222e, dark #f85149).
 * @cssproperty --hl-color-stage - Behind video tiles (light #1b1f24, dark #010409).
 * @cssproperty --hl-color-on-stage - Names and initials over video (#ffffff).
 * @cssproperty --hl-focus-color - The focus outline (default: the accent).
 * @cssproperty --hl-focus-ring - A box-shadow drawn with the focus outline (default none).
 * @cssproperty --hl-radius - Corner radius (8px).
 * @cssproperty --hl-space - The spacing unit (8px).
 * @cssproperty --hl-font-family - Font (system-ui).
 * @cssproperty --hl-font-size - Base font size (14px).
 * @cssproperty --hl-whiteboard-height - Height of the whiteboard (min(70vh, 720px)).
 * @cssproperty --hl-chat-max-height - Height of the chat's message list before it scrolls (320px).
 */
export class HlClassroom extends HlElement {
  static override styles = [tokens, controls, classroomStyles]
  static override properties = {
    server: { type: String },
    token: { type: String },
    theme: { type: String, reflect: true },
    locale: { type: String, reflect: true },
    tokenProvider: { attribute: false },
  }

  /** Base URL of the HiLink server. Defaults to the page's origin. */
  declare server: string
  /** A participant token for one session, minted by the server. */
  declare token: string
  /**
   * `dark` or `light`. Unset (the default), the classroom takes its tokens from the page: light unless the page
   * themes it (`--hl-*` on an ancestor, or `class="hl-theme-dark"`).
   */
  declare theme: 'light' | 'dark' | undefined
  /**
   * The UI language (`en`, `es`, or a regional tag of one). Unset: the tenant's default locale, else the first of
   * the browser's languages we have, else English. Sets `lang` on the classroom.
   */
  declare locale: string | undefined
  /**
   * An async function answering a fresh token for the same person and session. Called by the classroom a
   * minute before the token expires (see `hl-token-expiring`); the room reconnects with it without a reload.
   */
  declare tokenProvider: (() => Promise<string>) | undefined

  private readonly provider = new ContextProvider(this, { context: roomContext })
  private readonly statusUpdates = new ModelController(this)
  private readonly lessonUpdates = new ModelController(this)
  private readonly brandUpdates = new ModelController(this)
  /** The tenant's brand for this room (`GET /api/v1/theme`). */
  private brand: BrandModel | undefined
  /**
   * The page's theme, read and watched (re-applying the tenant's tokens when it changes) only while the brand has
   * `dark-*` variants and this element no `theme`: its module is a chunk of its own, loaded the first time.
   */
  private pageTheme: { read: (typeof PageThemeModule)['inheritedTheme']; watcher: PageThemeModule.InheritedThemeWatcher } | undefined
  private pageThemeLoad: 'loading' | 'failed' | undefined
  /** Tenant tokens this element set on its own style, with the value set: what it may change or remove again. */
  private readonly tenantTokens = new Map<string, string>()
  /** The locale this classroom chose by default (no attribute); a later choice by the host is left alone. */
  private defaultLocale: string | undefined
  /** The locale switch this classroom started last (lit-localize loads a locale before it becomes current). */
  private localeSwitch: Promise<void> = Promise.resolve()
  private session: RoomSession | undefined
  private lesson: LifecycleModel | undefined
  private problem: string | undefined
  /** This person pressed Leave (and the host let them): the room is closed until they rejoin. */
  private left = false
  private lastStatus: ConnectionStatus | undefined
  /** The room `hl-joined` was fired for (once per room, not again after a reconnect). */
  private joinedRoom: RoomSession | undefined

  constructor() {
    super()
    this.server = ''
    this.token = ''
    updateWhenLocaleChanges(this)
    // Keeps the board's toolbar, and whatever has keyboard focus, out from under the learner's sticky action bar.
    new BoardRoomController(this, () => this.renderRoot)
    new BarFocusController(this, () => this.renderRoot)
  }

  /** The room connection, once a token is set. */
  get room(): RoomSession | undefined {
    return this.session
  }

  /** Audio and video of the room while its stage is shown (hosts and the iframe's postMessage API mute through it). */
  get av(): AvModel | undefined {
    return this.renderRoot.querySelector('hl-av-stage')?.model
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
    if (changed.has('locale')) this.applyLocale()
    if (changed.has('server') || changed.has('token')) this.left = false
    if (changed.has('server') || changed.has('token') || (!this.session && !this.left && this.token && this.isConnected)) {
      this.closeRoom()
      if (this.token && this.isConnected) this.openRoom()
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.applyTenantTokens()
    // The whiteboard draws with tldraw's own palette: tell it the theme changed (it reads the colour scheme).
    // (It may not be defined yet: its chunk loads on demand and reads the scheme when it first renders.)
    const board = changed.has('theme') ? this.renderRoot.querySelector('hl-whiteboard') : null
    if (board && typeof board.requestUpdate === 'function') board.requestUpdate()
    const status = this.session?.status
    if (status && status !== this.lastStatus) {
      this.lastStatus = status
      this.emit('hl-status-change', { detail: { status } })
    }
    const session = this.session
    if (session) {
      for (const tag of forRole(session.identity.role)) {
        loadElement(tag).catch((err: unknown) => console.warn(`hilink: ${tag} could not be loaded:`, err instanceof Error ? err.message : err))
      }
    }
    if (session && status === 'live' && this.joinedRoom !== session) {
      this.joinedRoom = session
      const { sub: userId, name, role } = session.identity
      this.emit('hl-joined', { detail: { sessionId: session.sessionId, userId, name, role } })
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
      return html`<div part="base" class="base" lang=${getLocale()}>
        ${this.problem
          ? this.renderLinkProblem('invalid')
          : html`<p class="problem" role="alert">${msg('No classroom token was given.')}</p>`}
      </div>`
    }
    if (session.status === 'denied') {
      // One clean screen: nothing of the classroom behind it can work with this link.
      return html`<div part="base" class="base" lang=${getLocale()}>${this.renderLinkProblem(session.denial ?? 'invalid')}</div>`
    }
    const { name, role } = session.identity
    const lesson = this.lesson
    const lessonState = lesson?.state
    const pending = session.pendingCommands
    const brand = this.brand?.brand
    return html`
      <div part="base" class="base" lang=${getLocale()}>
        <header part="header">
          ${brand?.logoUrl || brand?.productName
            ? html`<span part="brand" class="brand"
                >${brand.logoUrl
                  ? html`<img
                      part="logo"
                      class="logo"
                      src=${brand.logoUrl}
                      alt=${brand.productName ?? ''}
                      @error=${(e: Event) => ((e.target as HTMLImageElement).hidden = true) /* the name still shows */}
                    />`
                  : nothing}${brand.productName
                  ? /* Read once: the logo's alt already says the name. */
                    html`<span class="product" aria-hidden=${brand.logoUrl ? 'true' : nothing}>${brand.productName}</span>`
                  : nothing}</span
              >`
            : nothing}
          <span class="lesson">
            <span class="title">${lesson?.title ?? ''}</span>
            ${lessonState
              ? html`<span part="lesson-state" class="lesson-state" data-state=${lessonState} aria-live="polite"
                  ><span class="visually-hidden">${msg('Lesson:')} </span>${lessonStateLabel(lessonState)}</span
                >`
              : nothing}
            ${this.renderLessonControl()}
          </span>
          <span class="me"
            ><span class="name">${name}</span> · <span class="role">${roleLabel(role)}</span></span
          >
          <span part="status" class="status" data-status=${session.status} role="status" aria-live="polite"
            ><span class="visually-hidden">${msg('Connection:')} </span>${statusLabel(session.status)}</span
          >
          <button part="leave" class="leave" type="button" @click=${() => this.leave()}>${msg('Leave')}</button>
        </header>
        ${lesson?.confirmingEnd ? this.renderConfirmEnd(lesson) : nothing}
        ${lesson?.problem ? html`<p class="problem" role="alert">${problemText(lesson.problem, lesson.problemCode)}</p>` : nothing}
        ${session.status === 'reconnecting' || session.status === 'offline'
          ? html`<p class="notice" role="status">
              ${msg('The connection dropped. Reconnecting… Everything you see is kept and catches up when it is back.')}
            </p>`
          : nothing}
        ${pending > 0
          ? html`<p part="pending" class="notice pending" role="status">
              ${pending === 1
                ? msg('1 action is pending: it will be sent when the connection is back.')
                : msg(str`${pending} actions are pending: they will be sent when the connection is back.`)}
            </p>`
          : nothing}
        ${!lesson || lesson.state === undefined
          ? nothing /* not synced yet: neither the room nor the lobby, so nobody sees one flash before the other */
          : lesson.waiting
            ? this.renderLobby(lesson)
            : lesson.over
              ? this.renderEnded()
              : this.renderRoom(lesson)}
      </div>
    `
  }

  private renderLinkProblem(reason: 'expired' | 'invalid') {
    return html`<section part="link-problem" class="state-panel" role="alert" aria-labelledby="link-heading">
      <h2 id="link-heading">
        ${reason === 'expired' ? msg('This classroom link has expired') : msg('This classroom link is not valid')}
      </h2>
      <slot name="link-help"><p>${msg('Ask your school or instructor for a new link, then open it again.')}</p></slot>
    </section>`
  }

  private renderConfirmEnd(lesson: LifecycleModel) {
    return html`<div part="confirm-end" class="confirm" role="alertdialog" aria-labelledby="confirm-end-text">
      <p id="confirm-end-text">
        ${msg('End the lesson for everyone? Learners leave the room and this cannot be undone.')}
      </p>
      <button type="button" class="danger" ?disabled=${lesson.busy} @click=${() => this.runCommand(lesson, 'end')}>
        ${msg('Yes, end the lesson')}
      </button>
      <button type="button" @click=${() => lesson.cancelEnd()}>${msg('Keep teaching')}</button>
    </div>`
  }

  private renderRoom(lesson: LifecycleModel) {
    const learner = this.session?.identity.role === 'learner'
    const handRaise = html`<hl-hand-raise
      part="hand-raise"
      exportparts="base: hand-raise-base, toggle: hand-toggle, queue: hand-queue, hand: hand, lower: hand-lower"
    ></hl-hand-raise>`
    return html`<div class="body">
      <div class="main" role="region" aria-label=${msg('Lesson')}>
        <hl-av-stage part="av-stage" exportparts="base: av-base, stage: av-stage-area, tile: av-tile, controls: av-controls"></hl-av-stage>
        <hl-whiteboard part="whiteboard" exportparts="base: whiteboard-base, toolbar: whiteboard-toolbar, canvas: whiteboard-canvas"></hl-whiteboard>
        <hl-summary-review part="summary-review"></hl-summary-review>
        <hl-captions part="captions" exportparts="caption: caption, microphone: microphone"></hl-captions>
        ${lesson.state === 'live'
          ? /* polls are launched and answered only while the lesson is live: not offered before or after */
            html`<hl-poll
              part="polls"
              view=${learner ? 'history' : 'all'}
              exportparts="base: polls-base, form: poll-form, poll: poll, option: poll-option, results: poll-results"
            ></hl-poll>`
          : nothing}
        <hl-engagement-panel part="engagement" exportparts="base: engagement-base, row: engagement-row"></hl-engagement-panel>
        <slot></slot>
      </div>
      <aside aria-label=${msg('Participants')}>
        ${learner ? nothing : handRaise}
        <hl-chat
          part="chat"
          exportparts="base: chat-base, messages: chat-messages, message: chat-message, input: chat-input, send: chat-send, delete: chat-delete"
        ></hl-chat>
        <hl-roster part="roster" exportparts="base: roster-base, participant: roster-participant"></hl-roster>
      </aside>
      ${learner && lesson.state === 'live'
        ? /* A learner answers an open poll here, beside the raised hand: in reach on a phone while the lesson scrolls. */
          html`<div part="action-bar" class="action-bar" role="region" aria-label=${msg('Your actions')}>
            <hl-poll part="poll-answer" view="answer" exportparts="base: poll-answer-base, poll: poll, option: poll-option"></hl-poll>
            ${handRaise}
          </div>`
        : learner
          ? handRaise
          : nothing}
    </div>`
  }

  /** Before the start: when it is scheduled, and who is already here. */
  private renderLobby(lesson: LifecycleModel) {
    const start = lesson.scheduledStart ? new Date(lesson.scheduledStart) : undefined
    const when = start && !Number.isNaN(start.getTime()) ? start : undefined
    return html`<div class="body">
      <div class="main" role="region" aria-label=${msg('Lesson')}>
        <section part="lobby" class="state-panel" aria-labelledby="lobby-heading">
          <h2 id="lobby-heading">${msg('The lesson has not started yet')}</h2>
          ${when
            ? html`<p>
                ${msg(str`It is scheduled for ${scheduled(when)}.`)}
              </p>`
            : nothing}
          <p>${msg('You will be let in as soon as the instructor starts it. Keep this page open.')}</p>
        </section>
      </div>
      <aside aria-label=${msg('Participants')}>
        <hl-roster part="roster" exportparts="base: roster-base, participant: roster-participant"></hl-roster>
      </aside>
    </div>`
  }

  private renderEnded() {
    return html`<section part="ended" class="state-panel" aria-labelledby="ended-heading">
      <h2 id="ended-heading">${msg('The lesson has ended')}</h2>
      <p>${msg('Thank you for taking part.')}</p>
      <p>
        ${msg('What happens next: your instructor reviews the lesson summary, and once it is approved your recap is sent to you (or stored by your school).')}
      </p>
      <p>${msg('You can close this page.')}</p>
    </section>`
  }

  /** Start/End for the roles the permission table allows; the server checks again. */
  private renderLessonControl() {
    const lesson = this.lesson
    const verb = lesson?.availableCommand
    if (!lesson || !verb) return nothing
    return html`<button
      part="lesson-control"
      class=${verb === 'start' ? 'primary' : 'end'}
      type="button"
      ?disabled=${lesson.busy || lesson.confirmingEnd}
      data-verb=${verb}
      @click=${() => (verb === 'end' ? lesson.askToEnd() : this.runCommand(lesson, verb))}
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
    this.emit('hl-left', { detail: { sessionId: request.detail.sessionId } })
  }

  /**
   * The UI language: the `locale` attribute, else the tenant's default, else the browser's (chooseLocale).
   * lit-localize's locale is the page's: a default is applied only while nobody changed the locale since this
   * classroom last chose one, so a host's own `setLocale()` is never undone by a default.
   */
  private applyLocale(): void {
    const explicit = this.locale
    const hostChoseSince = this.defaultLocale !== undefined && getLocale() !== this.defaultLocale
    if (!explicit && hostChoseSince) return
    const chosen = chooseLocale(explicit, this.brand?.brand?.defaultLocale)
    this.defaultLocale = explicit ? undefined : chosen
    if (chosen !== getLocale()) this.localeSwitch = setLocale(chosen).catch(() => {})
  }

  /**
   * Applies the tenant's theme as `--hl-*` custom properties on this element (with `style.setProperty`, one
   * token at a time, never as concatenated CSS), so they inherit into every element inside and outrank the
   * built-in light and dark values. A token the host page set explicitly wins: one it set inline on this
   * element, or on any ancestor, is left alone. `dark-<name>` tokens replace `<name>` in the dark theme the
   * classroom is shown in: its own `theme`, else the one it inherits from the page (class, ancestor, tokens).
   */
  private applyTenantTokens(): void {
    const hasDarkVariants = Object.keys(this.brand?.brand?.theme ?? {}).some((name) => name.startsWith('dark-'))
    const followPage = hasDarkVariants && !this.theme
    if (followPage && !this.pageTheme && this.pageThemeLoad !== 'failed') {
      // Applied once the page's theme can be read, so a dark page never flashes the tenant's light variant.
      this.loadPageTheme()
      return
    }
    this.pageTheme?.watcher.watch(followPage)
    const theme = this.theme ?? (followPage && this.pageTheme ? this.pageTheme.read(this) : 'light')
    const wanted = this.brand?.tokensFor(theme) ?? new Map<string, string>()
    // Unbranded (the common case): nothing to set or take back, and no style to compute on every render.
    if (wanted.size === 0 && this.tenantTokens.size === 0) return
    const parent = this.parentElement ?? ((this.getRootNode() as ShadowRoot).host as Element | undefined)
    const inherited = parent ? getComputedStyle(parent) : undefined
    for (const [name, value] of this.tenantTokens) {
      const prop = `--hl-${name}`
      // Removed from the theme, or the host has since written its own value over ours.
      if (wanted.get(name) !== value || this.style.getPropertyValue(prop) !== value) {
        if (this.style.getPropertyValue(prop) === value) this.style.removeProperty(prop)
        this.tenantTokens.delete(name)
      }
    }
    for (const [name, value] of wanted) {
      const prop = `--hl-${name}`
      if (this.tenantTokens.has(name)) continue
      const fromPage = inherited?.getPropertyValue(prop).trim()
      // A built-in light or dark value comes from a theme (class="hl-theme-dark", a HiLink ancestor's `theme`),
      // not from the page's own choice: the tenant's value goes over it, as it goes over the defaults.
      const hostSet = this.style.getPropertyValue(prop) !== '' || (fromPage && !isBuiltInValue(name, fromPage))
      if (hostSet) continue
      this.style.setProperty(prop, value)
      // Read back as the browser stores it, to recognise our own value later.
      this.tenantTokens.set(name, this.style.getPropertyValue(prop))
    }
  }

  private loadPageTheme(): void {
    if (this.pageThemeLoad) return
    this.pageThemeLoad = 'loading'
    import('../../themes/inherited-theme.ts').then(
      ({ inheritedTheme, InheritedThemeWatcher }) => {
        this.pageTheme = { read: inheritedTheme, watcher: new InheritedThemeWatcher(this, () => this.applyTenantTokens()) }
        this.pageThemeLoad = undefined
        this.applyTenantTokens()
      },
      (err: unknown) => {
        // Without it the tenant's light variant applies: better than none.
        console.warn('hilink: the page theme reader could not be loaded:', err instanceof Error ? err.message : err)
        this.pageThemeLoad = 'failed'
        this.applyTenantTokens()
      },
    )
  }

  private rejoin(): void {
    this.left = false
    this.requestUpdate()
  }

  private openRoom(): void {
    try {
      this.session = new RoomSession({
        server: this.server || location.origin,
        token: this.token,
        // Read when needed: the host may set tokenProvider after the token.
        tokenProvider: async () => (this.tokenProvider ? this.tokenProvider() : undefined),
        onTokenExpiring: (expiresAt) =>
          !this.emit('hl-token-expiring', { detail: { sessionId: this.session?.sessionId ?? '', expiresAt }, cancelable: true })
            .defaultPrevented,
      })
      this.problem = undefined
    } catch (err) {
      this.problem = msg('This classroom link is not valid.')
      console.warn('hl-classroom:', (err as Error).message)
      return
    }
    const session = this.session
    const lesson = new LifecycleModel(session.doc, session)
    // (RoomSession options are read once: the provider is looked up when the token is about to expire.)
    this.lesson = lesson
    void lesson.load()
    const brand = new BrandModel(session)
    this.brand = brand
    this.brandUpdates.watch((l) => brand.subscribe(l))
    // The tenant's default locale may only be known now: choose again (unless the host chose since).
    this.applyLocale()
    void brand.load().then(async () => {
      await this.localeSwitch
      if (this.brand === brand) this.applyLocale()
    })
    this.statusUpdates.watch((l) => session.subscribe(l))
    this.lessonUpdates.watch((l) => lesson.subscribe(l))
    this.provider.setValue(session)
  }

  private closeRoom(): void {
    this.statusUpdates.watch(undefined)
    this.lessonUpdates.watch(undefined)
    this.brandUpdates.watch(undefined)
    this.brand = undefined
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
