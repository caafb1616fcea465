import { html } from 'lit'
import { msg, str, updateWhenLocaleChanges } from '@lit/localize'
import { PresenceModel, type Participant } from '@hilink/core'
import { HlElement } from '../../internal/hl-element.ts'
import { RoomModelController } from '../../internal/room-model-controller.ts'
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

  private readonly presence = new RoomModelController(this, (room) => new PresenceModel(room.awareness, room))

  constructor() {
    super()
    updateWhenLocaleChanges(this)
  }

  override render() {
    const people = this.presence.model?.participants ?? []
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
