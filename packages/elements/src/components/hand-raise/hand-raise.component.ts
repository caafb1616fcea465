import { html, nothing, type PropertyValues } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import { msg, str, updateWhenLocaleChanges } from '@lit/localize'
import { can, type RaisedHand } from '@hilink/protocol'
import { HandsModel, PresenceModel } from '@hilink/core'
import { HlElement } from '../../internal/hl-element.ts'
import { RoomModelController } from '../../internal/room-model-controller.ts'
import { ModelController } from '../../internal/model-controller.ts'
import { problemText } from '../../localization/problem-text.ts'
import { tokens } from '../../themes/tokens.styles.ts'
import { controls } from '../../themes/controls.styles.ts'
import { handRaiseStyles } from './hand-raise.styles.ts'
import type {} from '../../events/hl-request-raise-hand.ts'

/**
 * @tagname hl-hand-raise
 * @summary Hand raising: learners raise and lower their hand; instructors and TAs see the queue, first raised
 * first, and lower a hand once its question is answered; observers see the queue.
 *
 * A new hand in the queue is announced politely to screen readers. Names are rendered as text. Consumes the
 * room from an enclosing `<hl-classroom>`.
 *
 * @event hl-request-raise-hand - Cancelable: a learner asked to raise their hand.
 * @csspart base - The wrapper.
 * @csspart toggle - The learner's Raise hand / Lower hand button.
 * @csspart queue - The list of raised hands.
 * @csspart hand - One raised hand in the queue.
 * @csspart lower - The button that lowers one person's hand.
 */
export class HlHandRaise extends HlElement {
  static override styles = [tokens, controls, handRaiseStyles]

  private readonly hands = new RoomModelController(
    this,
    (room) => new HandsModel(room.doc, room),
    () => {
      this.seen = undefined
      this.announcement = ''
    },
  )
  /** Who is here: a raised hand whose owner left is marked away (staff may lower it). */
  private readonly presence = new RoomModelController(this, (room) => new PresenceModel(room.awareness, room))
  /** The room's queue of unsent commands shows here as "pending". */
  private readonly roomUpdates = new ModelController(this)
  /** Who was in the queue at the last render, to announce newcomers. */
  private seen: Set<string> | undefined
  private announcement = ''
  private clock: ReturnType<typeof setInterval> | undefined

  constructor() {
    super()
    updateWhenLocaleChanges(this)
  }

  override connectedCallback(): void {
    super.connectedCallback()
    // "How long ago" moves on while hands stay up.
    this.clock = setInterval(() => {
      if ((this.hands.model?.queue.length ?? 0) > 0) this.requestUpdate()
    }, 15_000)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearInterval(this.clock)
  }

  protected override willUpdate(_changed: PropertyValues): void {
    const room = this.hands.room
    this.roomUpdates.watch(room && ((l) => room.subscribe(l)))
    const queue = this.hands.model?.queue ?? []
    const raisedNow = queue.filter((h) => this.seen && !this.seen.has(h.userId) && h.userId !== room?.identity.sub)
    const ids = new Set(queue.map((h) => h.userId))
    if (raisedNow.length > 0) {
      this.announcement = raisedNow.map((h) => msg(str`${h.name} raised their hand.`)).join(' ')
    } else if (this.seen && (this.seen.size !== ids.size || [...ids].some((id) => !this.seen!.has(id)))) {
      // Someone lowered: clear, so the same person raising again is announced again.
      this.announcement = ''
    }
    this.seen = ids
  }

  override render() {
    const model = this.hands.model
    const room = this.hands.room
    if (!model || !room) return nothing
    const role = room.identity.role
    const queue = model.queue
    const raises = can(role, 'hand.raise')
    return html`<section part="base" class="base" aria-labelledby="hands-heading">
      <h2 id="hands-heading">${msg(str`Raised hands (${queue.length})`)}</h2>
      ${raises ? this.renderToggle(model, queue, room.identity.sub) : this.renderQueue(model, queue, can(role, 'hand.lowerOthers'))}
      ${model.pending
        ? html`<p class="pending" role="status">${msg('Pending: it will be sent when the connection is back.')}</p>`
        : nothing}
      <p class="problem" role="alert">${problemText(model.problem, model.problemCode)}</p>
      ${raises ? nothing : html`<p class="visually-hidden" aria-live="polite">${this.announcement}</p>`}
    </section>`
  }

  private renderToggle(model: HandsModel, queue: RaisedHand[], me: string) {
    const position = queue.findIndex((h) => h.userId === me)
    const raised = position >= 0
    // Not offered before the start or after the end: it could only be refused. A raised hand can still be lowered.
    if (!model.open && !raised) return html`<p class="empty">${msg('You can raise your hand while the lesson is in session.')}</p>`
    return html`<div class="mine">
      <button
        part="toggle"
        type="button"
        aria-pressed=${raised ? 'true' : 'false'}
        ?disabled=${model.busy}
        @click=${() => (raised ? model.lowerOwn() : this.requestRaise(model))}
      >
        ${raised ? msg('Lower hand') : msg('Raise hand')}
      </button>
      ${raised ? html`<span class="position">${msg(str`Your hand is up, number ${position + 1} in the queue.`)}</span>` : nothing}
    </div>`
  }

  /** Lets the host veto the raise (`hl-request-raise-hand`, cancelable), then raises. */
  private requestRaise(model: HandsModel): void {
    const room = this.hands.room
    if (!room) return
    const request = this.emit('hl-request-raise-hand', { detail: { sessionId: room.sessionId }, cancelable: true })
    if (!request.defaultPrevented) void model.raise()
  }

  private renderQueue(model: HandsModel, queue: RaisedHand[], mayLower: boolean) {
    if (queue.length === 0) return html`<p class="empty">${msg('No hands raised.')}</p>`
    const here = new Set((this.presence.model?.participants ?? []).map((p) => p.id))
    return html`<ol part="queue" class="queue">
      ${repeat(
        queue,
        (h) => h.userId,
        (h) => html`<li part="hand" class="hand">
          <span class="name">${h.name}</span>
          ${here.has(h.userId) ? nothing : html`<span class="away">${msg('(away)')}</span>`}
          <time class="ago" datetime=${h.raisedAt}>${ago(h.raisedAt)}</time>
          ${mayLower
            ? html`<button
                part="lower"
                type="button"
                aria-label=${msg(str`Lower ${h.name}’s hand`)}
                ?disabled=${model.busy}
                @click=${() => model.lower(h.userId)}
              >
                ${msg('Lower')}
              </button>`
            : nothing}
        </li>`,
      )}
    </ol>`
  }
}

/** How long ago, in words; a clock a little ahead of ours reads as "just now". */
function ago(iso: string): string {
  const seconds = Math.max(0, (Date.now() - Date.parse(iso)) / 1000)
  if (!Number.isFinite(seconds) || seconds < 60) return msg('just now')
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return msg(str`${minutes} min ago`)
  return msg(str`${Math.floor(minutes / 60)} h ago`)
}
