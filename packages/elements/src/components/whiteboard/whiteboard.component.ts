import { html, nothing } from 'lit'
import { msg, str, updateWhenLocaleChanges } from '@lit/localize'
import { can } from '@hilink/protocol'
import { WhiteboardModel, type RoomSession, type WhiteboardPeer } from '@hilink/core'
import { HlElement } from '../../internal/hl-element.ts'
import { RoomModelController } from '../../internal/room-model-controller.ts'
import { problemText } from '../../localization/problem-text.ts'
import { tokens } from '../../themes/tokens.styles.ts'
import { controls } from '../../themes/controls.styles.ts'
import { whiteboardStyles } from './whiteboard.styles.ts'
import type { WhiteboardIsland } from './whiteboard-island.ts'

/** Hosts where tldraw runs without a licence key (development): loopback names and addresses. */
export function isDevelopmentHost(location: Pick<Location, 'protocol' | 'hostname'>): boolean {
  const host = location.hostname.replace(/^\[|\]$/g, '')
  const loopback = host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host)
  return location.protocol !== 'https:' || loopback
}

/** How long a board waits for the first sync before it opens on what it has (offline start). */
const syncWaitMs = 4000

/**
 * @tagname hl-whiteboard
 * @summary The lesson's shared whiteboard: tldraw on the session's Yjs document, for everyone in the room.
 *
 * Instructors and TAs lock and unlock it for learners, ask learners to follow their page and view
 * ("follow me"), clear a page (undoable with Ctrl+Z) and everyone may export the page as PNG or SVG. The board
 * is read-only for observers, and for learners while it is locked or after the lesson ended. React and tldraw
 * load lazily, the first time a board is shown. Consumes the room from an enclosing `<hl-classroom>`.
 *
 * tldraw needs a licence key in production: pass it in `license-key` (or `whiteboard-license-key` on the
 * enclosing `<hl-classroom>`; never bundled). Without one, on an HTTPS
 * host other than loopback, tldraw hides the editor after a few seconds; the element says so.
 *
 * @csspart base - The wrapper.
 * @csspart toolbar - The row of lesson controls above the board.
 * @csspart canvas - The box tldraw draws in.
 * @csspart notice - A message about the board (read-only, licence).
 * @cssproperty --hl-whiteboard-height - Height of the board (default min(70vh, 720px)).
 */
export class HlWhiteboard extends HlElement {
  static override styles = [tokens, controls, whiteboardStyles]
  static override properties = {
    licenseKey: { type: String, attribute: 'license-key' },
    assetsUrl: { type: String, attribute: 'assets-url' },
    theme: { type: String, reflect: true },
  }

  /**
   * Loads the React island (React, tldraw and its CSS: the lazy chunk). Component tests, whose dev server
   * cannot load tldraw's CommonJS dependencies unbundled, replace it; the e2e tests run the built chunk.
   */
  static loadIsland: () => Promise<typeof import('./whiteboard-island.ts')> = () => import('./whiteboard-island.ts')

  /** The tldraw licence key for this deployment. */
  declare licenseKey: string | undefined
  /** Where tldraw's fonts, icons and translations are served (default: `tldraw-assets/` next to the SDK). */
  declare assetsUrl: string | undefined
  /** `light` or `dark`; when unset, follows the nearest ancestor with a `theme` attribute. */
  declare theme: 'light' | 'dark' | undefined

  private readonly board = new RoomModelController(
    this,
    (room) => new WhiteboardModel(room.doc, room),
    () => this.unmount(),
  )
  private island: WhiteboardIsland | undefined
  private mountedFor: RoomSession | undefined
  private loadFailed = false
  private following = true
  private followMe = false
  private readonly onAwareness = () => this.followLeader()
  private stopRoomWatch: (() => void) | undefined

  constructor() {
    super()
    updateWhenLocaleChanges(this)
  }

  /** The tldraw editor once the board is mounted (tests, host integrations). */
  get editor() {
    return this.island?.editor
  }

  /** Whether this participant may draw now. */
  get writable(): boolean {
    const room = this.board.room
    return !!room && !!this.board.model?.mayWrite(room.identity.role)
  }

  override connectedCallback(): void {
    super.connectedCallback()
    if (!this.key && !isDevelopmentHost(globalThis.location)) {
      console.error(
        'hl-whiteboard: tldraw needs a licence key on this host. Set the license-key attribute (see docs/whiteboard.md); without it the editor is hidden after a few seconds.',
      )
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.loadFailed = false
    this.unmount()
  }

  protected override updated(): void {
    const room = this.board.room
    const model = this.board.model
    if (room && model && this.isConnected && !this.mountedFor && !this.loadFailed) {
      this.mount(room, model).catch((err: unknown) => {
        // E.g. the lazy chunk could not be fetched (offline on first load): say so, and retry on the next connect.
        console.error('hl-whiteboard: the whiteboard could not load', err)
        this.loadFailed = true
        this.mountedFor = undefined
        this.requestUpdate()
      })
    }
    this.island?.setReadOnly(!this.writable)
    this.island?.setDark(this.isDark())
  }

  override render() {
    const model = this.board.model
    const room = this.board.room
    if (!model || !room) return nothing
    const role = room.identity.role
    const staff = can(role, 'whiteboard.lock')
    const writable = model.mayWrite(role)
    const leader = staff ? undefined : model.leader()
    const needsKey = !this.key && !isDevelopmentHost(globalThis.location)
    return html`<section part="base" class="base" aria-label=${msg('Whiteboard')} data-readonly=${writable ? 'false' : 'true'}>
      <div part="toolbar" class="bar">
        ${staff
          ? html`<button type="button" class="lock" aria-pressed=${model.locked ? 'true' : 'false'} ?disabled=${model.busy}
                @click=${() => model.setLocked(!model.locked)}>
                ${model.locked ? msg('Unlock board for learners') : msg('Lock board for learners')}
              </button>
              <button type="button" class="follow-me" aria-pressed=${this.followMe ? 'true' : 'false'} @click=${() => this.toggleFollowMe()}>
                ${msg('Follow me')}
              </button>
              <button type="button" class="clear" ?disabled=${!this.island} @click=${() => this.island?.clearPage()}>${msg('Clear page')}</button>`
          : nothing}
        ${leader
          ? html`<span class="state following">${this.following ? msg(str`Following ${leader.name}`) : msg(str`${leader.name} asks you to follow`)}</span>
              <button type="button" class="release" @click=${() => this.toggleFollowing()}>
                ${this.following ? msg('Stop following') : msg('Follow')}
              </button>`
          : nothing}
        <span class="exports">
          <button type="button" class="export-png" ?disabled=${!this.island} @click=${() => this.download('png')}>${msg('Export PNG')}</button>
          <button type="button" class="export-svg" ?disabled=${!this.island} @click=${() => this.download('svg')}>${msg('Export SVG')}</button>
        </span>
      </div>
      ${writable ? nothing : html`<p part="notice" class="notice readonly" role="status">${this.readOnlyReason(role, model)}</p>`}
      ${needsKey
        ? html`<p part="notice" class="notice license" role="alert">
            ${msg('This whiteboard needs a tldraw licence key on this site. Ask the site owner to set the license-key attribute.')}
          </p>`
        : nothing}
      <p class="problem" role="alert">${problemText(model.problem, model.problemCode)}</p>
      ${this.island
        ? nothing
        : html`<p class="loading" role="status">${this.loadFailed ? msg('The whiteboard could not load. Check the connection and reload the page.') : msg('Loading the whiteboard…')}</p>`}
      <div part="canvas" class="canvas"></div>
    </section>`
  }

  private readOnlyReason(role: string, model: WhiteboardModel): string {
    if (role === 'observer') return msg('You are observing: the board is read-only.')
    if (model.ended) return msg('The lesson has ended: the board is read-only.')
    if (model.locked) return msg('The instructor has locked the board.')
    return msg('The board is read-only.')
  }

  private async mount(room: RoomSession, model: WhiteboardModel): Promise<void> {
    this.mountedFor = room
    // Open on the server's board, not on an empty one: wait for the first sync (or go on offline).
    await new Promise<void>((resolve) => {
      if (room.status === 'live') return resolve()
      const timer = setTimeout(done, syncWaitMs)
      const unsubscribe = room.subscribe(() => room.status === 'live' && done())
      function done() {
        clearTimeout(timer)
        unsubscribe()
        resolve()
      }
    })
    if (this.mountedFor !== room || !this.isConnected) return
    const canvas = this.renderRoot.querySelector<HTMLElement>('.canvas')
    if (!canvas) return
    const { mountWhiteboard } = await HlWhiteboard.loadIsland()
    if (this.mountedFor !== room || !this.isConnected) return
    canvas.replaceChildren()
    const host = document.createElement('div')
    host.style.cssText = 'position:absolute;inset:0'
    canvas.append(host)
    this.island = mountWhiteboard({
      container: host,
      shadowRoot: this.renderRoot as ShadowRoot,
      model,
      awareness: room.awareness,
      assetsUrl: this.assetsUrl ?? new URL('./tldraw-assets/', import.meta.url).href,
      licenseKey: this.key,
      readOnly: !model.mayWrite(room.identity.role),
      dark: this.isDark(),
      userId: room.identity.sub,
      deleteAny: can(room.identity.role, 'whiteboard.deleteAny'),
      onEditor: () => {
        this.followLeader()
        this.requestUpdate()
        this.dispatchEvent(new Event('hl-whiteboard-ready'))
      },
    })
    room.awareness.on('change', this.onAwareness)
    this.stopRoomWatch = () => room.awareness.off('change', this.onAwareness)
    this.requestUpdate()
  }

  private unmount(): void {
    this.stopRoomWatch?.()
    this.stopRoomWatch = undefined
    this.island?.destroy()
    this.island = undefined
    this.mountedFor = undefined
    this.renderRoot?.querySelector('.canvas')?.replaceChildren()
  }

  private toggleFollowMe(): void {
    this.followMe = !this.followMe
    this.island?.setFollowMe(this.followMe)
    this.requestUpdate()
  }

  private toggleFollowing(): void {
    this.following = !this.following
    this.followLeader()
    this.requestUpdate()
  }

  /** A learner follows the leader's page and camera until they release it. */
  private followLeader(): void {
    const room = this.board.room
    const model = this.board.model
    if (!room || !model || can(room.identity.role, 'whiteboard.lock')) return
    const leader: WhiteboardPeer | undefined = model.leader()
    if (leader && this.following) this.island?.follow(leader)
    this.requestUpdate()
  }

  private async download(format: 'png' | 'svg'): Promise<void> {
    const blob = await this.island?.exportImage(format)
    if (!blob) return
    const a = document.createElement('a')
    a.href = URL.createObjectURL(blob)
    a.download = `whiteboard.${format}`
    a.click()
    setTimeout(() => URL.revokeObjectURL(a.href), 1000)
  }

  private isDark(): boolean {
    if (this.theme) return this.theme === 'dark'
    // The theme's colour scheme, however it came (a dark classroom, a page's hl-theme-dark class): it inherits.
    return getComputedStyle(this).colorScheme === 'dark'
  }

  /** The licence key: this element's attribute, or `whiteboard-license-key` on an enclosing `<hl-classroom>`. */
  private get key(): string | undefined {
    return this.licenseKey || this.inherited('whiteboard-license-key') || undefined
  }

  /** An attribute of the nearest ancestor that has it, across shadow roots. */
  private inherited(attribute: string): string | undefined {
    let node: Element | null = this.parentElement ?? (this.getRootNode() as ShadowRoot).host ?? null
    while (node) {
      const found: Element | null = node.closest(`[${attribute}]`)
      if (found) return found.getAttribute(attribute) ?? undefined
      const root = node.getRootNode()
      node = root instanceof ShadowRoot ? root.host : null
    }
    return undefined
  }
}
