import { html, nothing, type PropertyValues } from 'lit'
import { msg, updateWhenLocaleChanges } from '@lit/localize'
import { parseResponse } from 'hono/client'
import type { AtRiskLearner, HilinkException } from '@hilink/protocol'
import { apiClient } from '@hilink/core'
import type { Chart } from 'chart.js'
import { HlElement } from '../../internal/hl-element.ts'
import { tokens } from '../../themes/tokens.styles.ts'
import { insightsStyles } from './insights.styles.ts'

type Tab = 'at-risk' | 'exceptions'
const tabs: Tab[] = ['at-risk', 'exceptions']

/**
 * @tagname hl-insights
 * @summary For tenant admins: learners at risk (with the signals and sessions behind each flag) and the
 * exceptions the server raised, with a chart of exceptions by kind. Needs the tenant's admin key in
 * `credential`; it shows nothing but a notice to any other credential (learners never see it).
 *
 * @csspart base - The wrapper.
 * @csspart tab - A tab (arrow keys, Home and End move between them).
 * @csspart chart - The chart's box (its colours follow the --hl-color-* tokens).
 *
 * @cssproperty --hl-color-accent - The chart's bars and the selected tab.
 */
export class HlInsights extends HlElement {
  static override styles = [tokens, insightsStyles]
  static override properties = {
    server: { type: String },
    credential: { type: String },
    tab: { state: true },
    data: { state: true },
    problem: { state: true },
  }

  /** The HiLink server's origin, e.g. https://hilink.example. */
  declare server: string
  /** The tenant admin key (never reflected to an attribute). */
  declare credential: string
  // Declared, not initialised as class fields: Lit's accessors must not be shadowed.
  protected declare tab: Tab
  protected declare data: { atRisk: AtRiskLearner[]; exceptions: HilinkException[] } | undefined
  protected declare problem: 'forbidden' | 'failed' | undefined
  private chart: Chart | undefined

  constructor() {
    super()
    this.server = ''
    this.credential = ''
    this.tab = 'at-risk'
    updateWhenLocaleChanges(this)
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('server') || changed.has('credential')) && this.server && this.credential) void this.load()
  }

  protected override updated(): void {
    void this.drawChart()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.chart?.destroy()
    this.chart = undefined
  }

  /** Reloads both views. */
  async load(): Promise<void> {
    try {
      // The admin key on every call of the typed client (the server validates; its types describe the answers).
      const send: typeof fetch = (input, init = {}) => {
        const headers = new Headers(init.headers)
        headers.set('authorization', `Bearer ${this.credential}`)
        return fetch(input, { ...init, headers })
      }
      const api = apiClient(this.server, send)
      const [atRiskRes, exceptionsRes] = await Promise.all([api.learners['at-risk'].$get({ query: {} }), api.exceptions.$get({ query: {} })])
      // A participant token gets 404 for tenant-wide views (for it they do not exist); an admin key is needed.
      if ([atRiskRes.status, exceptionsRes.status].some((status: number) => status === 401 || status === 403 || status === 404)) throw new Error('forbidden')
      const [atRisk, exceptions] = await Promise.all([parseResponse(atRiskRes), parseResponse(exceptionsRes)])
      this.data = { atRisk: atRisk.learners, exceptions: exceptions.exceptions }
      this.problem = undefined
    } catch (err) {
      this.data = undefined
      this.problem = (err as Error).message === 'forbidden' ? 'forbidden' : 'failed'
    }
  }

  override render() {
    if (this.problem === 'forbidden') return html`<p part="base" class="problem">${msg('Insights are for administrators.', { id: 'insights-forbidden' })}</p>`
    if (this.problem === 'failed') return html`<p part="base" class="problem">${msg('The insights could not be loaded.', { id: 'insights-failed' })}</p>`
    const label = (t: Tab) => (t === 'at-risk' ? msg('Learners at risk', { id: 'insights-tab-at-risk' }) : msg('Exceptions', { id: 'insights-tab-exceptions' }))
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
          ${!this.data ? html`<p class="empty">${msg('Loading…', { id: 'insights-loading' })}</p>` : this.tab === 'at-risk' ? this.renderAtRisk(this.data.atRisk) : this.renderExceptions(this.data.exceptions)}
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
        <canvas role="img" aria-label=${msg('Exceptions by kind (the table below has the same figures)', { id: 'insights-chart-label' })}></canvas>
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

  private async drawChart(): Promise<void> {
    const canvas = this.renderRoot.querySelector('canvas')
    if (!canvas || !this.data) {
      this.chart?.destroy()
      this.chart = undefined
      return
    }
    if (this.chart?.canvas === canvas) return
    this.chart?.destroy()
    // chart.js loads only when an admin opens the exceptions: hosts that never show insights never fetch it.
    const { Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip } = await import('chart.js')
    Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip)
    const style = getComputedStyle(this)
    const counts = new Map<HilinkException['kind'], number>()
    for (const e of this.data.exceptions) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1)
    this.chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: [...counts.keys()].map(exceptionLabel),
        datasets: [{ label: msg('Exceptions', { id: 'insights-tab-exceptions' }), data: [...counts.values()], backgroundColor: style.getPropertyValue('--_accent').trim() }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        // Chart.js draws on a canvas with its own grey defaults: give it the theme's colours (dark included).
        color: style.getPropertyValue('--_fg').trim(),
        scales: {
          x: { ticks: { color: style.getPropertyValue('--_muted').trim() }, grid: { color: style.getPropertyValue('--_border').trim() } },
          y: {
            beginAtZero: true,
            ticks: { precision: 0, color: style.getPropertyValue('--_muted').trim() },
            grid: { color: style.getPropertyValue('--_border').trim() },
          },
        },
      },
    })
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
