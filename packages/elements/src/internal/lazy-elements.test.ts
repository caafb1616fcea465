import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import '../index.ts'
import type { HlClassroom } from '../components/classroom/classroom.component.ts'
import { createSession } from '../test-support/server.ts'

/**
 * The SDK defines the core elements at once and the rest on use (internal/lazy-elements.ts). This file runs in a
 * page of its own, so the registry starts empty of lazy elements.
 */
const staffViews = ['hl-summary-review', 'hl-engagement-panel', 'hl-poll-launcher']

describe('lazy elements', () => {
  it('a learner’s classroom loads the AV stage and the board, never the staff views; the core is defined at once', async () => {
    for (const tag of ['hl-classroom', 'hl-roster', 'hl-chat', 'hl-poll', 'hl-hand-raise', 'hl-captions']) {
      expect(customElements.get(tag), `${tag} is in the core`).to.not.equal(undefined)
    }
    for (const tag of ['hl-av-stage', 'hl-whiteboard', ...staffViews, 'hl-insights']) {
      expect(customElements.get(tag), `${tag} waits for its first use`).to.equal(undefined)
    }
    const s = await createSession([{ userId: 'grace', name: 'Grace', role: 'learner' }])
    const el = await fixture<HlClassroom>(html`<hl-classroom server=${s.server} token=${s.tokens.grace!}></hl-classroom>`)
    await waitUntil(() => el.room?.status === 'live', 'connected', { timeout: 5000 })
    await waitUntil(() => customElements.get('hl-av-stage') && customElements.get('hl-whiteboard'), 'AV stage and board defined', { timeout: 5000 })
    // Upgraded in place inside the classroom's shadow root.
    expect(el.shadowRoot!.querySelector('hl-whiteboard')?.shadowRoot, 'the board rendered').to.not.equal(null)
    for (const tag of staffViews) expect(customElements.get(tag), `${tag} is not loaded for a learner`).to.equal(undefined)
  })

  it('an element on the host page is defined when it appears, with the properties set before', async () => {
    const insights = document.createElement('hl-insights')
    Object.assign(insights, { server: 'http://127.0.0.1:9', credential: 'not-a-key' })
    document.body.append(insights)
    await customElements.whenDefined('hl-insights')
    await waitUntil(() => insights.shadowRoot?.textContent?.includes('could not be loaded'), 'it ran with its properties', { timeout: 5000 })
    insights.remove()
  })
})
