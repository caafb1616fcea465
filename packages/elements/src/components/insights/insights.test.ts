import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import { executeServerCommand, sendKeys } from '@web/test-runner-commands'
import '../../index.ts'
import type { HlInsights } from './insights.component.ts'
import { setLocale } from '../../localization/localization.ts'
import { createSession, visibleText } from '../../test-support/server.ts'

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
    await waitUntil(() => tabsOf(el).length === 2, 'tabs', timeout)
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
})
