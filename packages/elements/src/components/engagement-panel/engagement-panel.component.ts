import { css, html, nothing, svg } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import { msg, str, updateWhenLocaleChanges } from '@lit/localize'
import { can, type LearnerLive } from '@hilink/protocol'
import { EngagementModel, type EngagementSortKey } from '@hilink/core'
import { HlElement } from '../../internal/hl-element.ts'
import { RoomModelController } from '../../internal/room-model-controller.ts'
import { tokens } from '../../themes/tokens.styles.ts'
import { controls } from '../../themes/controls.styles.ts'

/**
 * @tagname hl-engagement-panel
 * @summary For instructors and TAs: each learner live — present or away (tab hidden, window in the background),
 * time since their last interaction, hands, chat, poll answers and correctness, whiteboard contributions,
 * speaking time (when the server has audio/video), a sparkline of activity per minute and a flag after N minutes
 * without interaction. The score is explained: its signals and their weights are shown, and who may change them. Renders nothing for learners and observers (the server never sends
 * them these figures). Consumes the room from an enclosing `<hl-classroom>`.
 *
 * @csspart base - The wrapper.
 * @csspart row - One learner.
 * @csspart sparkline - A learner's activity per minute.
 */
export class HlEngagementPanel extends HlElement {
  static override styles = [
    tokens,
    controls,
    css`
      :host { display: block; }
      .base { display: grid; gap: var(--_space); }
      h2 { font-size: 1.05rem; margin: 0; }
      .table-wrap { overflow-x: auto; }
      table { border-collapse: collapse; width: 100%; font-size: 0.875rem; }
      th, td { text-align: start; white-space: nowrap; padding: 0.25rem 0.375rem; border-bottom: 1px solid var(--_border); vertical-align: middle; }
      th button { background: none; border: none; padding: 0; font: inherit; font-weight: 600; color: inherit; cursor: pointer; min-height: 0; }
      .num { text-align: end; font-variant-numeric: tabular-nums; }
      .status[data-away='true'] { color: var(--_warn); font-weight: 600; }
      .flag { display: inline-block; margin-inline-start: 0.25rem; padding: 0 0.375rem; border-radius: 999px; border: 1px solid currentColor;
              color: var(--_danger); font-size: 0.75rem; }
      svg { display: block; }
      .spark { stroke: var(--_accent); fill: none; stroke-width: 1.5; }
      .explain { font-size: 0.8125rem; color: var(--_muted); }
      .explain ul { margin: 0.25rem 0; padding-inline-start: 1.25rem; }
      .caption { white-space: normal; text-align: start; }
      .empty { margin: 0; color: var(--_muted); }
    `,
  ]

  private readonly engagement = new RoomModelController(this, (room) => new EngagementModel(room.live))
  /** When this panel began watching: a learner who never interacted is idle N minutes after it. */
  private readonly since = Date.now()
  private tick: ReturnType<typeof setInterval> | undefined

  constructor() {
    super()
    updateWhenLocaleChanges(this)
  }

  override connectedCallback(): void {
    super.connectedCallback()
    // "2 min ago" and the idle flag move with the clock, not only with messages.
    this.tick = setInterval(() => this.requestUpdate(), 15_000)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearInterval(this.tick)
  }

  override render() {
    const model = this.engagement.model
    const room = this.engagement.room
    if (!model || !room || !can(room.identity.role, 'room.liveData')) return nothing
    const now = Date.now()
    const learners = model.learners()
    return html`<section part="base" class="base" aria-labelledby="engagement-heading">
      <h2 id="engagement-heading">${msg('Engagement')}</h2>
      ${learners.length === 0
        ? html`<p class="empty">${model.ready ? msg('No learners yet.') : msg('Waiting for live figures…')}</p>`
        : html`${model.speakingMeasured ? nothing : html`<p class="explain">${msg('Speaking time is not measured: this server has no audio and video.')}</p>`}
          <div class="table-wrap" tabindex="0" role="group" aria-labelledby="engagement-heading">
            <table>
              <caption class="explain caption">${msg(str`Flag: no interaction for ${model.idleMinutes} minutes.`)}</caption>
              <thead>
                <tr>
                  ${this.header(model, 'name', msg('Learner'))} ${this.header(model, 'away', msg('Status'))}
                  ${this.header(model, 'lastInteraction', msg('Last interaction'))}
                  <th scope="col" class="num">${msg('Hands')}</th>
                  <th scope="col" class="num">${msg('Chat')}</th>
                  <th scope="col" class="num">${msg('Polls')}</th>
                  <th scope="col" class="num">${msg('Correct')}</th>
                  <th scope="col" class="num">${msg('Board')}</th>
                  <th scope="col" class="num">${msg('Talk time')}</th>
                  <th scope="col">${msg('Activity')}</th>
                  ${this.header(model, 'score', msg('Score'))}
                </tr>
              </thead>
              <tbody>
                ${repeat(learners, (l) => l.userId, (l) => this.row(model, l, now))}
              </tbody>
            </table>
          </div>
          ${this.explain(model)}`}
    </section>`
  }

  private header(model: EngagementModel, key: EngagementSortKey, label: string) {
    const sorted = model.sortBy === key
    return html`<th scope="col" aria-sort=${sorted ? (model.ascending ? 'ascending' : 'descending') : 'none'}>
      <button type="button" @click=${() => model.sort(key)}>${label}${sorted ? (model.ascending ? ' ▲' : ' ▼') : ''}</button>
    </th>`
  }

  private row(model: EngagementModel, l: LearnerLive, now: number) {
    const status = !l.present ? msg('Left') : l.away ? msg('Away') : msg('Present')
    const idle = l.present && model.idle(l, now, this.since)
    return html`<tr part="row" data-user=${l.userId} data-away=${l.away ? 'true' : 'false'}>
      <th scope="row">${l.name}</th>
      <td class="status" data-away=${l.away || !l.present ? 'true' : 'false'}>${status}</td>
      <td>${since(l.lastInteractionAt, now)}${idle ? html`<span class="flag">${msg('Idle')}</span>` : nothing}</td>
      <td class="num">${l.hands}</td>
      <td class="num">${l.chat}</td>
      <td class="num">${`${l.pollsAnswered}/${l.pollsAsked}`}</td>
      <td class="num">${l.checksAnswered === 0 ? '–' : `${l.checksCorrect}/${l.checksAnswered}`}</td>
      <td class="num">${l.whiteboard}</td>
      <td class="num" data-speaking=${l.speakingSeconds}>${model.speakingMeasured || l.speakingSeconds > 0 ? duration(l.speakingSeconds) : '–'}</td>
      <td>${sparkline(l.activity)}</td>
      <td class="num" title=${Object.entries(l.signals).map(([k, v]) => `${k} ${Math.round(v * 100)}%`).join(', ')}>${l.score}</td>
    </tr>`
  }

  /** No opaque number: which signals make the score, and their weights. */
  private explain(model: EngagementModel) {
    const weights = model.weights
    if (!weights) return nothing
    const names: Record<string, string> = {
      present: msg('present (tab visible, window in front)'),
      answered: msg('polls answered, of those asked'),
      correct: msg('checks answered correctly'),
      hands: msg('hands raised (3 make full marks)'),
      chat: msg('chat messages (5 make full marks)'),
      whiteboard: msg('whiteboard contributions (5 make full marks)'),
      speaking: msg('speaking time (1 minute makes full marks)'),
    }
    return html`<details class="explain">
      <summary>${msg('How the score is made')}</summary>
      <p>${msg('The weighted mean of these signals, each between 0 and 1, times 100:')}</p>
      <ul>
        ${Object.entries(weights).map(([k, w]) => html`<li>${names[k] ?? k}: ${msg(str`weight ${w}`)}</li>`)}
      </ul>
      <p class="who-sets">
        ${msg(str`The weights and the ${model.idleMinutes}-minute idle flag are your organisation’s: only its administrator can change them (PUT /api/v1/engagement-settings with the admin key), not instructors or TAs.`)}
      </p>
    </details>`
  }
}

function since(iso: string | null, now: number): string {
  if (!iso) return msg('none yet')
  const minutes = Math.floor((now - Date.parse(iso)) / 60_000)
  return minutes < 1 ? msg('just now') : msg(str`${minutes} min ago`)
}

/** Seconds as m:ss (speaking time). */
function duration(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

/** Activity per minute as a small line; the numbers are in its label for screen readers. */
function sparkline(activity: number[]) {
  const w = 60
  const h = 16
  const max = Math.max(1, ...activity)
  const step = activity.length > 1 ? w / (activity.length - 1) : w
  const points = activity.map((v, i) => `${(i * step).toFixed(1)},${(h - 1 - (v / max) * (h - 2)).toFixed(1)}`).join(' ')
  return html`<svg part="sparkline" width=${w} height=${h} viewBox="0 0 ${w} ${h}" role="img"
    aria-label=${msg(str`Activity per minute, last ${activity.length} minutes: ${activity.join(', ')}`)}>
    ${svg`<polyline class="spark" points=${points}></polyline>`}
  </svg>`
}
