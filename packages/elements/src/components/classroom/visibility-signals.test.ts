import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import { executeServerCommand } from '@web/test-runner-commands'
import '../../index.ts'
import { VisibilitySignals } from '@hilink/core'
import type { HlClassroom } from './classroom.component.ts'
import { createSession } from '../../test-support/server.ts'

const timeout = { timeout: 5000 }

/** Chromium cannot hide a headless tab on request: the page's visibility is set and announced by hand. */
function setPageVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true })
  document.dispatchEvent(new Event('visibilitychange'))
}

/** A page of its own, for a VisibilitySignals outside a classroom. */
class Page extends EventTarget {
  visibilityState: DocumentVisibilityState = 'visible'
  set(state: DocumentVisibilityState) {
    this.visibilityState = state
    this.dispatchEvent(new Event('visibilitychange'))
  }
}

describe('tab visibility signals', () => {
  afterEach(() => {
    delete (document as { visibilityState?: unknown }).visibilityState
  })

  it('a classroom tells the server when its tab is hidden and visible again, and stops when it closes', async () => {
    const s = await createSession([{ userId: 'grace', name: 'Grace', role: 'learner' }])
    const el = await fixture<HlClassroom>(html`<hl-classroom server=${s.server} token=${s.tokens.grace}></hl-classroom>`)
    await waitUntil(() => el.room?.status === 'live', 'connected', timeout)
    const signals = el.room!.signals
    expect(signals.started).to.equal(true)
    setPageVisibility('hidden')
    setPageVisibility('visible')
    expect(signals.pending.map((p) => p.type)).to.deep.equal(['tab-hidden', 'tab-visible'])
    await waitUntil(() => signals.delivered === 2 && signals.pending.length === 0, 'the server accepted both', timeout)
    expect(signals.dropped).to.equal(0)

    el.remove()
    expect(signals.started, 'stopped with the room').to.equal(false)
    setPageVisibility('hidden')
    expect(signals.pending.length).to.equal(0)
  })

  it('queues signals while the network is down and sends them when back online or with the next signal (network loss simulated by a failing fetch)', async () => {
    const s = await createSession([{ userId: 'grace', name: 'Grace', role: 'learner' }])
    let networkDown = true
    let attempts = 0
    const inits: RequestInit[] = []
    const flakyFetch: typeof fetch = (input, init) => {
      attempts++
      inits.push(init ?? {})
      return networkDown ? Promise.reject(new TypeError('Failed to fetch')) : fetch(input, init)
    }
    const page = new Page()
    const signals = new VisibilitySignals({ server: s.server, token: s.tokens.grace!, source: page, fetch: flakyFetch })
    signals.start()
    try {
      page.set('hidden')
      expect(attempts, 'sent right away').to.equal(1)
      await signals.flush()
      expect(attempts, 'flush waits for the signal on its way, without sending it twice').to.equal(1)
      expect(signals.pending.length, 'kept while the network is down').to.equal(1)
      expect(signals.delivered).to.equal(0)
      expect(inits[0]?.keepalive, 'leaves even as the page hides').to.equal(true)
      const first = signals.pending[0]!
      expect(first.type).to.equal('tab-hidden')

      networkDown = false
      window.dispatchEvent(new Event('online'))
      await waitUntil(() => signals.delivered === 1 && signals.pending.length === 0, 'sent once back online', timeout)
      // The server stored it: the same signal again is not recorded twice.
      const again = (await executeServerCommand('hilink-api', {
        method: 'POST',
        path: '/api/v1/events',
        body: first,
        auth: s.tokens.grace,
      })) as { id: string; recorded: boolean }
      expect(again).to.deep.equal({ id: first.id, recorded: false })

      // Down again: the next signal takes the queued one with it.
      networkDown = true
      page.set('visible')
      await signals.flush()
      expect(attempts, 'attempted while down').to.equal(3)
      expect(signals.pending.length).to.equal(1)
      networkDown = false
      page.set('hidden')
      await waitUntil(() => signals.delivered === 3 && signals.pending.length === 0, 'both sent with the next signal', timeout)
    } finally {
      signals.stop()
    }
  })

  it('drops a signal the server refuses (not a rate limit), and keeps at most `cap` unsent', async () => {
    const s = await createSession([{ userId: 'grace', name: 'Grace', role: 'learner' }])
    const refused = new VisibilitySignals({ server: s.server, token: s.tokens.grace!, source: new Page() })
    // A time an hour ahead: the server answers 400, and sending it again would not help.
    refused.record('tab-hidden', new Date(Date.now() + 3600_000))
    await waitUntil(() => refused.dropped === 1 && refused.pending.length === 0, 'dropped', timeout)
    expect(refused.delivered).to.equal(0)

    // Nothing listens on port 9: a real network error each time.
    const unreachable = new VisibilitySignals({ server: 'http://127.0.0.1:9', token: s.tokens.grace!, source: new Page(), cap: 3 })
    const sent = ['tab-hidden', 'tab-visible', 'tab-hidden', 'tab-visible', 'tab-hidden'] as const
    const ids = sent.map((type) => unreachable.record(type).id)
    await unreachable.flush()
    expect(unreachable.pending.map((p) => p.id)).to.deep.equal(ids.slice(2))
    expect(unreachable.dropped).to.equal(2)
  })
})
