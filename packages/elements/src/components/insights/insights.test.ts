import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import { executeServerCommand, sendKeys } from '@web/test-runner-commands'
import { Chart } from 'chart.js'
import type { AttendanceReport } from '@hilink/protocol'
import '../../index.ts'
import type { HlInsights } from './insights.component.ts'
import { setLocale } from '../../localization/localization.ts'
import { createSession, visibleText, type TestSession } from '../../test-support/server.ts'

const timeout = { timeout: 8000 }
const tabsOf = (el: HlInsights) => [...(el.shadowRoot?.querySelectorAll<HTMLElement>('[role="tab"]') ?? [])]

describe('<hl-insights>', () => {
  afterEach(async () => {
    await setLocale('en')
  })

  it('shows a learner nothing but a notice', async () => {
    const s = await createSession([{ userId: 'grace', name: 'Grace', role: 'learner' }])
    const el = await fixture<HlInsights>(html`<hl-insights .server=${s.server} .credential=${s.tokens.grace!}></hl-insights>`)
    await waitUntil(() => visibleText(el.shadowRoot).includes('for administrators'), 'the notice', timeout)
    expect(el.shadowRoot?.querySelector('table')).to.equal(null)
    expect(tabsOf(el)).to.have.length(0)
  })

  it('lists the exceptions the server raised, with a chart; the tabs work from the keyboard; Spanish', async () => {
    const { server, adminKey } = (await executeServerCommand('hilink-admin')) as { server: string; adminKey: string }
    // A lesson that should have started 20 minutes ago: the scheduler raises instructor_no_show.
    const now = Date.now()
    await executeServerCommand('hilink-api', {
      method: 'POST',
      path: '/api/v1/sessions',
      body: { title: 'Nobody came', scheduledStart: new Date(now - 20 * 60_000).toISOString(), scheduledEnd: new Date(now + 40 * 60_000).toISOString(), courseId: 'c-insights', instructorId: 't' },
    })
    const el = await fixture<HlInsights>(html`<hl-insights .server=${server} .credential=${adminKey}></hl-insights>`)
    await waitUntil(() => tabsOf(el).length === 3, 'tabs', timeout)
    const [atRisk, exceptions] = tabsOf(el) as [HTMLElement, HTMLElement]
    expect(atRisk.getAttribute('aria-selected')).to.equal('true')
    atRisk.focus()
    await sendKeys({ press: 'ArrowRight' })
    await el.updateComplete
    expect(exceptions.getAttribute('aria-selected')).to.equal('true')
    expect(el.shadowRoot?.activeElement).to.equal(exceptions)
    await waitUntil(
      async () => {
        await el.load()
        await el.updateComplete
        return !!el.shadowRoot?.querySelector('tr[data-kind="instructor_no_show"]')
      },
      'the exception listed',
      { timeout: 10000, interval: 600 },
    )
    await waitUntil(() => (el.shadowRoot?.querySelector('canvas')?.width ?? 0) > 0, 'the chart drawn', timeout)
    expect(el.shadowRoot?.querySelector('canvas')?.getAttribute('role')).to.equal('img')
    await sendKeys({ press: 'Home' })
    await el.updateComplete
    expect(atRisk.getAttribute('aria-selected')).to.equal('true')

    await setLocale('es')
    await el.updateComplete
    expect(visibleText(el.shadowRoot)).to.include('Perspectivas')
    expect(visibleText(el.shadowRoot)).to.include('Estudiantes en riesgo')
  })
  it('per session: attendance and engagement charts, their figures as tables (one learner came and chatted, one never came)', async () => {
    const { adminKey } = (await executeServerCommand('hilink-admin')) as { adminKey: string }
    const people = [
      { userId: 'ada', name: 'Ada', role: 'instructor' },
      { userId: 'grace', name: 'Grace', role: 'learner' },
      { userId: 'alan', name: 'Alan', role: 'learner' },
    ]
    const s = (await executeServerCommand('hilink-session', { people, title: 'Charted lesson' })) as TestSession
    const api = (method: string, path: string, auth: string, body?: unknown) => executeServerCommand('hilink-api', { method, path, auth, body })
    await api('POST', `/api/v1/sessions/${s.sessionId}/start`, s.tokens.ada!)
    // Grace joins in a real classroom (the sync server records her presence); Alan never comes.
    await fixture(html`<hl-classroom server=${s.server} token=${s.tokens.grace!}></hl-classroom>`)
    await waitUntil(
      async () => {
        const report = (await api('GET', `/api/v1/sessions/${s.sessionId}/attendance`, adminKey)) as AttendanceReport
        return report.participants.some((p) => p.userId === 'grace' && p.present)
      },
      'Grace present',
      { timeout: 10000, interval: 300 },
    )
    await api('POST', `/api/v1/sessions/${s.sessionId}/chat`, s.tokens.grace!, { text: 'Hello' })
    await api('POST', `/api/v1/sessions/${s.sessionId}/end`, s.tokens.ada!)

    const el = await fixture<HlInsights>(html`<hl-insights .server=${s.server} .credential=${adminKey}></hl-insights>`)
    await waitUntil(() => tabsOf(el).length === 3, 'tabs', timeout)
    tabsOf(el)[0]!.focus()
    await sendKeys({ press: 'End' })
    await el.updateComplete
    expect(el.shadowRoot?.activeElement?.id).to.equal('tab-sessions')
    const pickerOf = () => el.shadowRoot?.querySelector<HTMLSelectElement>('select[part="session-picker"]')
    await waitUntil(pickerOf, 'the session picker', timeout)
    const picker = pickerOf()!
    expect(picker.labels?.[0]?.textContent).to.include('Session')
    expect([...picker.options].map((o) => o.textContent)).to.satisfy((titles: string[]) => titles.some((t) => t.includes('Charted lesson')))
    picker.value = s.sessionId
    picker.dispatchEvent(new Event('change'))
    const row = (table: string, user: string) => [...(el.shadowRoot?.querySelectorAll(`table[data-table="${table}"] tr[data-user="${user}"] td`) ?? [])].map((td) => td.textContent?.trim())
    await waitUntil(() => row('attendance', 'alan').length > 0, 'the attendance table', timeout)
    expect(row('attendance', 'grace')[0]).to.equal('On time')
    expect(row('attendance', 'alan')).to.deep.equal(['Absent', '0'])
    expect(row('attendance', 'ada')).to.deep.equal([])
    expect(visibleText(el.shadowRoot?.querySelector('table[data-table="attendance"] tfoot'))).to.include('On time: 1 · Late: 0 · Left early: 0 · Absent: 1')
    expect(row('engagement', 'grace')).to.deep.equal(['0', '1', '0 / 0', '0', '1'])
    expect(row('engagement', 'alan')).to.deep.equal(['0', '0', '0 / 0', '0', '0'])

    // The table alternative opens from the keyboard.
    const summary = el.shadowRoot!.querySelector<HTMLElement>('figure summary')!
    summary.focus()
    await sendKeys({ press: 'Enter' })
    expect(summary.parentElement?.hasAttribute('open')).to.equal(true)

    const chartOf = (name: string) => Chart.getChart(el.shadowRoot!.querySelector<HTMLCanvasElement>(`canvas[data-chart="${name}"]`)!)
    await waitUntil(() => chartOf('attendance') && chartOf('engagement'), 'both charts drawn', timeout)
    expect(chartOf('attendance')!.data.datasets[0]!.data).to.deep.equal([1, 0, 0, 1])
    const engagement = chartOf('engagement')!
    expect(engagement.data.labels).to.have.members(['Grace', 'Alan'])
    const grace = (engagement.data.labels as string[]).indexOf('Grace')
    const chat = engagement.data.datasets.find((d) => d.label === 'Chat messages')!
    expect(chat.data[grace]).to.equal(1)
    expect(el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas[data-chart="engagement"]')!.width).to.be.greaterThan(0)

    await setLocale('es')
    await el.updateComplete
    expect(row('attendance', 'alan')[0]).to.equal('Ausente')
  })
})
