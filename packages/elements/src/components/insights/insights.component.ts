import { html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { msg, updateWhenLocaleChanges } from '@lit/localize'
import type { AtRiskLearner, HilinkException } from '@hilink/protocol'
import { InsightsModel, attendanceCounts, interactions, type SessionInsights } from '@hilink/core'
import type { Chart, ChartConfiguration } from 'chart.js'
import { HlElement } from '../../internal/hl-element.ts'
import { ModelController } from '../../internal/model-controller.ts'
import { tokens } from '../../themes/tokens.styles.ts'
import { insightsStyles } from './insights.styles.ts'

type Tab = 'at-risk' | 'exceptions' | 'sessions'
const tabs: Tab[] = ['at-risk', 'exceptions', 'sessions']
type ChartName = 'exceptions' | 'attendance' | 'engagement'
/** The attendance groups, in the order the chart and its table show them. */
const attendanceGroups = ['present', 'late', 'leftEarly', 'absent'] as const

/**
 * @tagname hl-insights
 * @summary For tenant admins: learners at risk (with the signals and sessions behind each flag) and the
 * exceptions the server raised, with a chart of exceptions by kind, and per session (picked from the tenant's recent
 * ones) attendance and engagement charts, each with its figures as a table. Needs the tenant's admin key in
 * `credential`; it shows nothing but a notice to any other credential (learners never see it).
 *
 * @csspart base - The wrapper.
 * @csspart tab - A tab (arrow keys, Home and End move between them).
 * @csspart chart - A chart's box (its colours follow the --hl-color-* tokens).
 * @csspart session-picker - The session select.
 *
 * @cssproperty --hl-color-accent - The chart's bars and the selected tab.
 */
export class HlInsights extends HlElement {
  static override styles = [tokens, insightsStyles]
  static override properties = {
    server: { type: String },
    credential: { type: String },
    tab: { state: true },
  }

  /** The HiLink server's origin, e.g. https://hilink.example. */
  declare server: string
  /** The tenant admin key (never reflected to an attribute). */
  declare credential: string
  // Declared, not initialised as class fields: Lit's accessors must not be shadowed.
  protected declare tab: Tab
  private model: InsightsModel | undefined
  private readonly watcher = new ModelController(this)
  /** Drawn charts with the figures they show: redrawn only when their canvas or figures change. */
  private readonly charts = new Map<ChartName, { chart: Chart; figures: string }>()

  constructor() {
    super()
    this.server = ''
    this.credential = ''
    this.tab = 'at-risk'
    updateWhenLocaleChanges(this)
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('server') || changed.has('credential')) && this.server && this.credential) {
      this.model = new InsightsModel(this.server, this.credential)
      this.watcher.watch((listener) => this.model!.subscribe(listener))
      void this.model.load()
    }
  }

  protected override updated(): void {
    void this.drawCharts()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    for (const { chart } of this.charts.values()) chart.destroy()
    this.charts.clear()
  }

  /** Reloads every view (and the picked session's figures). */
  async load(): Promise<void> {
    await this.model?.load()
  }

  override render() {
    const m = this.model
    if (m?.forbidden) return html`<p part="base" class="problem">${msg('Insights are for administrators.', { id: 'insights-forbidden' })}</p>`
    const loaded = m?.atRisk && m.exceptions
    if (m?.problem && !loaded) return html`<p part="base" class="problem">${msg('The insights could not be loaded.', { id: 'insights-failed' })}</p>`
    const label = (t: Tab) =>
      t === 'at-risk' ? msg('Learners at risk', { id: 'insights-tab-at-risk' }) : t === 'exceptions' ? msg('Exceptions', { id: 'insights-tab-exceptions' }) : msg('Sessions', { id: 'insights-tab-sessions' })
    return html`
      <section part="base" aria-labelledby="heading">
        <h2 id="heading">${msg('Insights', { id: 'insights-heading' })}</h2>
        <div role="tablist" aria-labelledby="heading" @keydown=${this.onTabKey}>
          ${tabs.map(
            (t) => html`<button
              part="tab"
              role="tab"
              id="tab-${t}"
              aria-controls="panel-${t}"
              aria-selected=${this.tab === t ? 'true' : 'false'}
              tabindex=${this.tab === t ? 0 : -1}
              @click=${() => (this.tab = t)}
            >
              ${label(t)}
            </button>`,
          )}
        </div>
        <div role="tabpanel" id="panel-${this.tab}" aria-labelledby="tab-${this.tab}" tabindex="0">
          ${!m?.atRisk || !m.exceptions
            ? html`<p class="empty">${msg('Loading…', { id: 'insights-loading' })}</p>`
            : this.tab === 'at-risk'
              ? this.renderAtRisk(m.atRisk)
              : this.tab === 'exceptions'
                ? this.renderExceptions(m.exceptions)
                : this.renderSessions(m)}
        </div>
      </section>
    `
  }

  private renderAtRisk(learners: AtRiskLearner[]) {
    if (learners.length === 0) return html`<p class="empty">${msg('No learner is at risk.', { id: 'insights-no-risk' })}</p>`
    return html`<table>
      <thead>
        <tr>
          <th scope="col">${msg('Learner', { id: 'insights-learner' })}</th>
          <th scope="col">${msg('Course', { id: 'insights-course' })}</th>
          <th scope="col">${msg('Why', { id: 'insights-why' })}</th>
        </tr>
      </thead>
      <tbody>
        ${learners.map(
          (l) => html`<tr>
            <td>${l.name}</td>
            <td>${l.courseId}</td>
            <td>${l.signals.map((s) => html`<div>${signalLabel(s.kind)} (${s.sessions.length})</div>`)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`
  }

  private renderExceptions(list: HilinkException[]) {
    if (list.length === 0) return html`<p class="empty">${msg('No exceptions.', { id: 'insights-no-exceptions' })}</p>`
    return html`
      <div class="chart" part="chart">
        <canvas data-chart="exceptions" role="img" aria-label=${msg('Exceptions by kind (the table below has the same figures)', { id: 'insights-chart-label' })}></canvas>
      </div>
      <table>
        <thead>
          <tr>
            <th scope="col">${msg('Exception', { id: 'insights-exception' })}</th>
            <th scope="col">${msg('Learner', { id: 'insights-learner' })}</th>
            <th scope="col">${msg('Raised', { id: 'insights-raised' })}</th>
          </tr>
        </thead>
        <tbody>
          ${list.map(
            (e) => html`<tr data-kind=${e.kind}>
              <td>${exceptionLabel(e.kind)}</td>
              <td>${e.userId ?? nothing}</td>
              <td><time datetime=${e.raisedAt}>${new Date(e.raisedAt).toLocaleString()}</time></td>
            </tr>`,
          )}
        </tbody>
      </table>
    `
  }

  private renderSessions(m: InsightsModel) {
    if (m.sessions.length === 0) return html`<p class="empty">${msg('No sessions yet.', { id: 'insights-no-sessions' })}</p>`
    return html`
      <label class="picker"
        >${msg('Session', { id: 'insights-session' })}
        <select part="session-picker" @change=${(e: Event) => void m.pick((e.target as HTMLSelectElement).value)}>
          ${m.sessions.map(
            (s) => html`<option value=${s.id} ?selected=${s.id === m.sessionId}>${s.title} · ${new Date(s.scheduledStart).toLocaleString()}</option>`,
          )}
        </select>
      </label>
      ${m.session ? this.renderSession(m.session) : m.problem ? html`<p class="problem">${msg('The session’s figures could not be loaded.', { id: 'insights-session-failed' })}</p>` : html`<p class="empty">${msg('Loading…', { id: 'insights-loading' })}</p>`}
    `
  }

  private renderSession(s: SessionInsights) {
    if (s.attendance.length === 0) return html`<p class="empty">${msg('No learner was invited to this session.', { id: 'insights-no-learners' })}</p>`
    const counts = attendanceCounts(s.attendance)
    return html`
      <div class="figures">
        ${chartFigure(
          'attendance',
          msg('Attendance', { id: 'insights-attendance' }),
          msg('Learners by attendance (the table has the same figures)', { id: 'insights-attendance-label' }),
          html`<table aria-labelledby="attendance-caption" data-table="attendance">
              <thead>
                <tr>
                  <th scope="col">${msg('Learner', { id: 'insights-learner' })}</th>
                  <th scope="col">${msg('Attendance', { id: 'insights-attendance' })}</th>
                  <th scope="col">${msg('Minutes present', { id: 'insights-minutes-present' })}</th>
                </tr>
              </thead>
              <tbody>
                ${s.attendance.map(
                  (a) => html`<tr data-user=${a.userId}>
                    <th scope="row">${a.name}</th>
                    <td>${attendanceLabel(a.absent ? 'absent' : a.late ? 'late' : a.leftEarly ? 'leftEarly' : 'present')}</td>
                    <td>${a.minutesPresent}</td>
                  </tr>`,
                )}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">${msg('Learners', { id: 'insights-learners' })}</th>
                  <td colspan="2">${attendanceGroups.map((g) => `${attendanceLabel(g)}: ${counts[g]}`).join(' · ')}</td>
                </tr>
              </tfoot>
            </table>`,
        )}
        ${chartFigure(
          'engagement',
          msg('Engagement', { id: 'insights-engagement' }),
          msg('Interactions per learner (the table has the same figures)', { id: 'insights-engagement-label' }),
          html`<table aria-labelledby="engagement-caption" data-table="engagement">
              <thead>
                <tr>
                  <th scope="col">${msg('Learner', { id: 'insights-learner' })}</th>
                  <th scope="col">${msg('Hands raised', { id: 'insights-hands' })}</th>
                  <th scope="col">${msg('Chat messages', { id: 'insights-chat' })}</th>
                  <th scope="col">${msg('Answers', { id: 'insights-answers' })}</th>
                  <th scope="col">${msg('Whiteboard shapes', { id: 'insights-shapes' })}</th>
                  <th scope="col">${msg('Interactions', { id: 'insights-interactions' })}</th>
                </tr>
              </thead>
              <tbody>
                ${s.engagement.map(
                  (l) => html`<tr data-user=${l.userId}>
                    <th scope="row">${l.name}</th>
                    <td>${l.handRaises.value}</td>
                    <td>${l.chatMessages.value}</td>
                    <td>${l.pollsAnswered.value} / ${l.pollsAsked}</td>
                    <td>${l.whiteboardShapes.value}</td>
                    <td>${interactions(l)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`,
        )}
      </div>
    `
  }

  /** Roving focus over the tabs (WAI-ARIA tabs pattern): arrows, Home and End select and focus. */
  private onTabKey(e: KeyboardEvent): void {
    const i = tabs.indexOf(this.tab)
    const next =
      e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : e.key === 'ArrowLeft' ? tabs[(i + tabs.length - 1) % tabs.length] : e.key === 'Home' ? tabs[0] : e.key === 'End' ? tabs.at(-1) : undefined
    if (!next) return
    e.preventDefault()
    this.tab = next
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${next}`)?.focus())
  }

  /** Draws each chart whose canvas is shown, from the model's figures; destroys those no longer shown. */
  private async drawCharts(): Promise<void> {
    const canvases = new Map([...this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]')].map((c) => [c.dataset.chart as ChartName, c]))
    for (const [name, drawn] of this.charts) {
      if (canvases.get(name) === drawn.chart.canvas) continue
      drawn.chart.destroy()
      this.charts.delete(name)
    }
    if (canvases.size === 0) return
    // chart.js loads only when an admin opens a chart: hosts that never show insights never fetch it.
    const { Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend } = await import('chart.js')
    Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend)
    const style = getComputedStyle(this)
    const token = (name: string) => style.getPropertyValue(name).trim()
    for (const [name, canvas] of canvases) {
      const config = this.chartConfig(name, token)
      if (!config) continue
      const figures = JSON.stringify(config.data)
      const drawn = this.charts.get(name)
      if (drawn?.chart.canvas === canvas && drawn.figures === figures) continue
      drawn?.chart.destroy()
      this.charts.set(name, { chart: new Chart(canvas, config), figures })
    }
  }

  private chartConfig(name: ChartName, token: (name: string) => string): ChartConfiguration<'bar'> | undefined {
    const m = this.model
    let data: ChartConfiguration<'bar'>['data']
    if (name === 'exceptions' && m?.exceptions) {
      const counts = new Map<HilinkException['kind'], number>()
      for (const e of m.exceptions) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1)
      data = {
        labels: [...counts.keys()].map(exceptionLabel),
        datasets: [{ label: msg('Exceptions', { id: 'insights-tab-exceptions' }), data: [...counts.values()], backgroundColor: token('--_accent') }],
      }
    } else if (name === 'attendance' && m?.session) {
      const counts = attendanceCounts(m.session.attendance)
      data = {
        labels: attendanceGroups.map(attendanceLabel),
        datasets: [
          {
            label: msg('Learners', { id: 'insights-learners' }),
            data: attendanceGroups.map((g) => counts[g]),
            backgroundColor: [token('--_ok'), token('--_warn'), token('--_warn'), token('--_danger')],
          },
        ],
      }
    } else if (name === 'engagement' && m?.session) {
      const learners = m.session.engagement
      // Stacked per kind of interaction, so a bar's height is the learner's interactions and its parts say which.
      const kinds = [
        [msg('Hands raised', { id: 'insights-hands' }), (l: (typeof learners)[number]) => l.handRaises.value, '--_accent'],
        [msg('Chat messages', { id: 'insights-chat' }), (l: (typeof learners)[number]) => l.chatMessages.value, '--_ok'],
        [msg('Answers', { id: 'insights-answers' }), (l: (typeof learners)[number]) => l.pollsAnswered.value, '--_warn'],
        [msg('Whiteboard shapes', { id: 'insights-shapes' }), (l: (typeof learners)[number]) => l.whiteboardShapes.value, '--_muted'],
      ] as const
      data = {
        labels: learners.map((l) => l.name),
        datasets: kinds.map(([label, value, color]) => ({ label, data: learners.map(value), backgroundColor: token(color), stack: 'interactions' })),
      }
    } else return undefined
    const stacked = name === 'engagement'
    return {
      type: 'bar',
      data,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        // Chart.js draws on a canvas with its own grey defaults: give it the theme's colours (dark included).
        color: token('--_fg'),
        plugins: { legend: { display: stacked, labels: { color: token('--_fg') } } },
        scales: {
          x: { stacked, ticks: { color: token('--_muted') }, grid: { color: token('--_border') } },
          y: { stacked, beginAtZero: true, ticks: { precision: 0, color: token('--_muted') }, grid: { color: token('--_border') } },
        },
      },
    }
  }
}

function attendanceLabel(group: (typeof attendanceGroups)[number]): string {
  switch (group) {
    case 'present':
      return msg('On time', { id: 'insights-on-time' })
    case 'late':
      return msg('Late', { id: 'insights-late' })
    case 'leftEarly':
      return msg('Left early', { id: 'insights-left-early' })
    case 'absent':
      return msg('Absent', { id: 'insights-absent' })
  }
}

function signalLabel(kind: AtRiskLearner['signals'][number]['kind']): string {
  switch (kind) {
    case 'missed_sessions':
      return msg('Missed sessions', { id: 'insights-missed-sessions' })
    case 'falling_correctness':
      return msg('Falling check correctness', { id: 'insights-falling-correctness' })
    case 'declining_engagement':
      return msg('Declining engagement', { id: 'insights-declining-engagement' })
  }
}

function exceptionLabel(kind: HilinkException['kind']): string {
  switch (kind) {
    case 'learner_no_show':
      return msg('Learner did not come', { id: 'insights-learner-no-show' })
    case 'instructor_no_show':
      return msg('Lesson not started', { id: 'insights-instructor-no-show' })
    case 'ended_early':
      return msg('Ended early', { id: 'insights-ended-early' })
    case 'back_after_absence':
      return msg('Back after a long absence', { id: 'insights-back-after-absence' })
  }
}

/**
 * One of a session's charts: its caption, the canvas (described for screen readers) and, under "Show the figures",
 * `table` with the same figures (labelled by the caption: `aria-labelledby="<name>-caption"`).
 */
function chartFigure(name: ChartName, caption: string, label: string, table: TemplateResult) {
  return html`<figure>
    <figcaption id=${`${name}-caption`}>${caption}</figcaption>
    <div class="chart" part="chart"><canvas data-chart=${name} role="img" aria-label=${label}></canvas></div>
    <details>
      <summary>${msg('Show the figures', { id: 'insights-show-figures' })}</summary>
      ${table}
    </details>
  </figure>`
}
