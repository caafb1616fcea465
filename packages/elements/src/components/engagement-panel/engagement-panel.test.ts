import { expect, waitUntil } from '@open-wc/testing'
import { executeServerCommand } from '@web/test-runner-commands'
import '../../index.ts'
import type { HlClassroom } from '../classroom/classroom.component.ts'
import { teacherAndLearner, visibleText } from '../../test-support/server.ts'

const panelOf = (el: HlClassroom) => el.shadowRoot?.querySelector('hl-engagement-panel')
const rowOf = (el: HlClassroom, userId: string) => panelOf(el)?.shadowRoot?.querySelector<HTMLElement>(`[part="row"][data-user="${userId}"]`)
const timeout = { timeout: 5000 }

describe('<hl-engagement-panel>', () => {
  it('the instructor sees the learner present, then away within 2 s of a hidden tab, then back; the learner sees no panel; sortable; axe-clean', async () => {
    const { session: s, teacher, learner } = await teacherAndLearner()
    await waitUntil(() => teacher.room?.status === 'live' && learner.room?.status === 'live', 'connected', timeout)
    await executeServerCommand('hilink-api', { method: 'POST', path: `/api/v1/sessions/${s.sessionId}/start`, auth: s.tokens.ada })
    await waitUntil(() => visibleText(rowOf(teacher, 'grace')).includes('Present'), 'Grace present', timeout)
    const signal = (type: string) =>
      executeServerCommand('hilink-api', { method: 'POST', path: '/api/v1/events', auth: s.tokens.grace, body: { id: crypto.randomUUID(), type, at: new Date().toISOString() } })
    let t0 = Date.now()
    await signal('tab-hidden')
    await waitUntil(() => visibleText(rowOf(teacher, 'grace')).includes('Away'), 'away', { timeout: 2000 })
    expect(Date.now() - t0).to.be.below(2000)
    t0 = Date.now()
    await signal('tab-visible')
    await waitUntil(() => visibleText(rowOf(teacher, 'grace')).includes('Present'), 'back', { timeout: 2000 })

    // Speaking time: Grace's client reported a 12-second stretch; the test server has no AV, and the panel says so.
    const spoke = (type: string, secondsAgo: number) =>
      executeServerCommand('hilink-api', { method: 'POST', path: '/api/v1/events', auth: s.tokens.grace, body: { id: crypto.randomUUID(), type, at: new Date(Date.now() - secondsAgo * 1000).toISOString() } })
    await spoke('speaking-started', 30)
    await spoke('speaking-stopped', 18)
    await waitUntil(() => rowOf(teacher, 'grace')?.querySelector('[data-speaking]')?.textContent?.trim() === '0:12', 'talk time 0:12', timeout)

    const root = panelOf(teacher)!.shadowRoot!
    expect(visibleText(root)).to.contain('How the score is made')
    expect(visibleText(root)).to.contain('Speaking time is not measured')
    const explain = root.querySelector('details')!
    explain.open = true
    await panelOf(teacher)!.updateComplete
    expect(visibleText(explain)).to.contain('speaking time (1 minute makes full marks)')
    expect(visibleText(explain), 'instructors are told who sets the weights').to.contain('only its administrator can change them')
    const sortByName = [...root.querySelectorAll('th button')].find((b) => b.textContent?.includes('Learner')) as HTMLButtonElement
    sortByName.click()
    await panelOf(teacher)!.updateComplete
    expect(sortByName.closest('th')?.getAttribute('aria-sort')).to.equal('ascending')
    expect(rowOf(teacher, 'grace')?.querySelector('[part="sparkline"]')?.getAttribute('aria-label')).to.match(/Activity per minute/)
    await expect(panelOf(teacher)!).to.be.accessible()

    expect(panelOf(learner)?.shadowRoot?.querySelector('[part="base"]') ?? null, 'no panel for a learner').to.equal(null)
  })
})
