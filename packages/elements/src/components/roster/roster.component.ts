import { html, type PropertyValues } from 'lit'
import { ContextConsumer } from '@lit/context'
import { msg, str, updateWhenLocaleChanges } from '@lit/localize'
import { PresenceModel, roomContext, type Participant } from '@hilink/core'
import { HlElement } from '../../internal/hl-element.ts'
import { ModelController } from '../../internal/model-controller.ts'
import { tokens } from '../../themes/tokens.styles.ts'
import { rosterStyles } from './roster.styles.ts'
import { roleLabel } from '../../localization/role-label.ts'

/**
 * @tagname hl-roster
 * @summary Who is in the room right now, from presence.
 *
 * @csspart base - The list's wrapper.
 * @csspart participant - One person in the list.
 *
 * Consumes the room from an enclosing `<hl-classroom>`.
 */
export class HlRoster extends HlElement {
  static override styles = [tokens, rosterStyles]

  private readonly room = new ContextConsumer(this, { context: roomContext, subscribe: true })
  private readonly presenceUpdates = new ModelController(this)
  private presence: PresenceModel | undefined

  constructor() {
    super()
    updateWhenLocaleChanges(this)
  }

  protected override willUpdate(_changed: PropertyValues): void {
    const session = this.room.value
    if (session && this.presence === undefined) this.presence = new PresenceModel(session.awareness)
    if (!session) this.presence = undefined
    this.presenceUpdates.watch(this.presence && ((l) => this.presence!.subscribe(l)))
  }

  override render() {
    const people = this.presence?.participants ?? []
    return html`
      <section part="base" aria-labelledby="heading">
        <h2 id="heading">${msg(str`In the room (${people.length})`)}</h2>
        <ul>
          ${people.map((p) => this.renderParticipant(p))}
        </ul>
      </section>
    `
  }

  private renderParticipant(p: Participant) {
    return html`<li part="participant" data-role=${p.role}>
      <span class="name">${p.name}</span>${p.isSelf ? html` <span class="self">${msg('(you)')}</span>` : ''}
      <span class="role">${roleLabel(p.role)}</span>
    </li>`
  }
}
