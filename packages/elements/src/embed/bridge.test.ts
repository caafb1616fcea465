import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import { executeServerCommand } from '@web/test-runner-commands'
import '../index.ts'
import { setLocale } from '../localization/localization.ts'
import type { HlClassroom } from '../components/classroom/classroom.component.ts'
import { createSession, visibleText } from '../test-support/server.ts'
import { EmbedBridge } from './bridge.ts'
import { parseCommand } from './messages.ts'

/**
 * The iframe's postMessage bridge over a real <hl-classroom> and the real server. This page plays the host
 * window: the bridge posts to `window` with explicit target origins, so the browser itself delivers only what is
 * addressed to this page's origin; commands arrive as MessageEvents with a chosen origin and source.
 */
const school = 'https://school.example'
const received: Array<Record<string, unknown>> = []
const record = (e: MessageEvent) => {
  if (e.data && typeof e.data.type === 'string' && e.data.type.startsWith('hilink:')) received.push(e.data as Record<string, unknown>)
}

async function embedded(people: Array<{ userId: string; name: string; role: 'instructor' | 'learner' }>) {
  const s = await createSession(people)
  const classroom = await fixture<HlClassroom>(html`<hl-classroom server=${s.server}></hl-classroom>`)
  const inbox = new EventTarget()
  const bridge = new EmbedBridge({ classroom, sessionId: s.sessionId, host: window, allowedOrigins: [location.origin, school], inbox }).start()
  classroom.token = s.tokens[people[0]!.userId] as string
  let n = 0
  /** Sends a command as the host would (from `origin`, by default this page's) and answers its reply. */
  const send = async (data: Record<string, unknown>, origin = location.origin, source: MessageEventSource | null = window) => {
    const id = `c${++n}`
    inbox.dispatchEvent(new MessageEvent('message', { data: { version: 1, id, ...data }, origin, source }))
    await waitUntil(() => received.some((m) => m.id === id), `an answer to ${String(data.type)}`, { timeout: 5000 })
    return received.find((m) => m.id === id) as Record<string, unknown>
  }
  const sendUnanswered = async (data: Record<string, unknown>, origin: string, source: MessageEventSource | null = window) => {
    inbox.dispatchEvent(new MessageEvent('message', { data: { version: 1, id: 'x', ...data }, origin, source }))
    // A round trip through a command that is answered: anything the first one caused has arrived by then.
    await send({ type: 'hilink:ready' })
    return received.filter((m) => m.id === 'x')
  }
  return { s, classroom, bridge, send, sendUnanswered }
}

describe('embed bridge (postMessage API v1)', () => {
  beforeEach(() => {
    received.length = 0
    window.addEventListener('message', record)
  })
  afterEach(async () => {
    window.removeEventListener('message', record)
    await setLocale('en')
  })

  it('announces itself, mirrors hl-joined and hl-status-change, and answers ready with the session', async () => {
    const { s, bridge, send } = await embedded([{ userId: 'grace', name: 'Grace', role: 'learner' }])
    await waitUntil(() => received.some((m) => m.type === 'hilink:joined'), 'hilink:joined', { timeout: 5000 })
    const ready = received.filter((m) => m.type === 'hilink:ready')
    expect(ready, 'delivered once: the copy addressed to school.example is dropped by the browser').to.have.length(1)
    expect(ready[0]).to.deep.include({ version: 1, sessionId: s.sessionId })
    expect(received.find((m) => m.type === 'hilink:joined')).to.deep.equal({
      type: 'hilink:joined',
      version: 1,
      detail: { sessionId: s.sessionId, userId: 'grace', name: 'Grace', role: 'learner' },
    })
    expect(received.some((m) => m.type === 'hilink:status-change' && (m.detail as { status: string }).status === 'live')).to.equal(true)
    expect(bridge.verifiedOrigin).to.equal(undefined)
    expect(await send({ type: 'hilink:ready' })).to.deep.include({ type: 'hilink:ack', command: 'ready', sessionId: s.sessionId, status: 'live' })
    expect(bridge.verifiedOrigin).to.equal(location.origin)
    bridge.stop()
  })

  it('set-locale changes the visible text before it acks; set-theme sets the theme and tokens', async () => {
    const { classroom, bridge, send } = await embedded([{ userId: 'ada', name: 'Ada', role: 'instructor' }])
    await waitUntil(() => classroom.room?.status === 'live', 'live', { timeout: 5000 })
    expect(await send({ type: 'hilink:set-locale', locale: 'es' })).to.deep.include({ type: 'hilink:ack', command: 'set-locale', locale: 'es' })
    expect(visibleText(classroom.shadowRoot?.querySelector('[part="leave"]'))).to.equal('Salir')
    expect(await send({ type: 'hilink:set-locale', locale: 'fr' })).to.deep.include({ type: 'hilink:error', command: 'set-locale', code: 'invalid_command' })
    expect(await send({ type: 'hilink:set-theme', theme: 'dark', tokens: { 'color-accent': '#0b5fff' } })).to.deep.include({ type: 'hilink:ack', theme: 'dark' })
    expect(classroom.getAttribute('theme')).to.equal('dark')
    expect(classroom.style.getPropertyValue('--hl-color-accent')).to.equal('#0b5fff')
    const bad = await send({ type: 'hilink:set-theme', tokens: { 'color-accent': 'red; } body { display: none' } })
    expect(bad).to.deep.include({ type: 'hilink:error', code: 'invalid_command' })
    expect(classroom.style.getPropertyValue('--hl-color-accent')).to.equal('#0b5fff')
    bridge.stop()
  })

  it('mute without audio/video answers av_unavailable; leave leaves and mirrors hl-left', async () => {
    const { s, classroom, bridge, send } = await embedded([{ userId: 'grace', name: 'Grace', role: 'learner' }])
    await waitUntil(() => classroom.room?.status === 'live', 'live', { timeout: 5000 })
    expect(await send({ type: 'hilink:mute' })).to.deep.include({ type: 'hilink:error', command: 'mute', code: 'av_unavailable' })
    expect(await send({ type: 'hilink:leave' })).to.deep.include({ type: 'hilink:ack', command: 'leave' })
    expect(classroom.room).to.equal(undefined)
    await classroom.updateComplete
    expect(visibleText(classroom.shadowRoot?.querySelector('[part="left"]'))).to.contain('You left the lesson.')
    expect(received.find((m) => m.type === 'hilink:left')).to.deep.include({ detail: { sessionId: s.sessionId } })
    expect(await send({ type: 'hilink:leave' })).to.deep.include({ type: 'hilink:error', code: 'not_joined' })
    bridge.stop()
  })

  it('ignores commands from an origin that is not allowed, or from a window other than the host, unanswered', async () => {
    const { classroom, bridge, sendUnanswered } = await embedded([{ userId: 'grace', name: 'Grace', role: 'learner' }])
    await waitUntil(() => classroom.room?.status === 'live', 'live', { timeout: 5000 })
    expect(await sendUnanswered({ type: 'hilink:leave' }, 'https://evil.example')).to.deep.equal([])
    expect(await sendUnanswered({ type: 'hilink:set-locale', locale: 'es' }, 'null')).to.deep.equal([])
    const frame = await fixture<HTMLIFrameElement>(html`<iframe title="another frame"></iframe>`)
    expect(await sendUnanswered({ type: 'hilink:leave' }, location.origin, frame.contentWindow)).to.deep.equal([])
    expect(classroom.room?.status, 'still in the room').to.equal('live')
    expect(visibleText(classroom.shadowRoot?.querySelector('[part="leave"]'))).to.equal('Leave')
    expect(bridge.verifiedOrigin, 'only the ready round trips from this page verified an origin').to.equal(location.origin)
    bridge.stop()
  })
})

describe('embed bridge, tokens from the host (hilink:token-expiring, hilink:set-token)', () => {
  const mint = async (sessionId: string, ttlSeconds: number) =>
    ((await executeServerCommand('hilink-api', {
      method: 'POST',
      path: `/api/v1/sessions/${sessionId}/tokens`,
      body: { userId: 'grace', name: 'Grace', role: 'learner', ttlSeconds },
    })) as { token: string }).token

  /** Grace in an embedded classroom with a token of under a minute: the classroom asks for a new one at once. */
  async function shortLived(tokenWaitMs?: number) {
    const s = await createSession([{ userId: 'grace', name: 'Grace', role: 'learner' }])
    const classroom = await fixture<HlClassroom>(html`<hl-classroom server=${s.server}></hl-classroom>`)
    const inbox = new EventTarget()
    const bridge = new EmbedBridge({ classroom, sessionId: s.sessionId, host: window, allowedOrigins: [location.origin], inbox, tokenWaitMs }).start()
    const short = await mint(s.sessionId, 45)
    classroom.token = short
    let n = 0
    const send = async (data: Record<string, unknown>, origin = location.origin) => {
      const id = `t${++n}`
      inbox.dispatchEvent(new MessageEvent('message', { data: { version: 1, id, ...data }, origin, source: window }))
      await waitUntil(() => received.some((m) => m.id === id), `an answer to ${String(data.type)}`, { timeout: 5000 })
      return received.find((m) => m.id === id) as Record<string, unknown>
    }
    return { s, classroom, bridge, short, send, inbox }
  }

  beforeEach(() => {
    received.length = 0
    window.addEventListener('message', record)
  })
  afterEach(() => window.removeEventListener('message', record))

  it('asks the host with hilink:token-expiring and renews the room with its hilink:set-token, acked', async () => {
    const { s, classroom, bridge, short, send } = await shortLived()
    await waitUntil(() => received.some((m) => m.type === 'hilink:token-expiring'), 'the request for a token', { timeout: 8000 })
    const asked = received.filter((m) => m.type === 'hilink:token-expiring')
    expect(asked, 'asked once, not also mirrored from hl-token-expiring').to.have.length(1)
    const exp = classroom.room!.identity.exp
    expect(asked[0]).to.deep.equal({
      type: 'hilink:token-expiring',
      version: 1,
      sessionId: s.sessionId,
      exp,
      detail: { sessionId: s.sessionId, expiresAt: new Date(exp * 1000).toISOString() },
    })
    const fresh = s.tokens.grace as string
    expect(await send({ type: 'hilink:set-token', token: fresh })).to.deep.include({ type: 'hilink:ack', command: 'set-token', exp: JSON.parse(atob(fresh.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).exp })
    await waitUntil(() => classroom.room?.token === fresh && classroom.room.status === 'live', 'live on the fresh token', { timeout: 8000 })
    expect(classroom.room!.token).to.not.equal(short)
    bridge.stop()
    expect(classroom.tokenProvider, 'stop() takes the provider back').to.equal(undefined)
  })

  it('refuses a token of another session (wrong_session), a malformed or expired one, and one from a stranger', async () => {
    const { classroom, bridge, short, send, inbox } = await shortLived()
    await waitUntil(() => classroom.room?.status === 'live', 'live', { timeout: 8000 })
    const other = await createSession([{ userId: 'grace', name: 'Grace', role: 'learner' }])
    expect(await send({ type: 'hilink:set-token', token: other.tokens.grace })).to.deep.include({ type: 'hilink:error', command: 'set-token', code: 'wrong_session' })
    expect(await send({ type: 'hilink:set-token', token: 'not a token' })).to.deep.include({ type: 'hilink:error', code: 'invalid_command' })
    expect(await send({ type: 'hilink:set-token', token: 'abc.def.ghi' })).to.deep.include({ type: 'hilink:error', code: 'invalid_command' })
    expect(await send({ type: 'hilink:set-token' })).to.deep.include({ type: 'hilink:error', code: 'invalid_command' })
    // A stranger's token is dropped unanswered and never used.
    const fresh = await mint(classroom.room!.sessionId, 3600)
    inbox.dispatchEvent(new MessageEvent('message', { data: { version: 1, id: 'x', type: 'hilink:set-token', token: fresh }, origin: 'https://evil.example', source: window }))
    await send({ type: 'hilink:ready' })
    expect(received.filter((m) => m.id === 'x')).to.deep.equal([])
    expect(classroom.room!.token).to.equal(short)
    bridge.stop()
  })

  it('without an answer the request fails after the wait (the classroom keeps its token until exp); a pushed token still renews', async () => {
    const { s, classroom, bridge, short, send } = await shortLived(300)
    const warned: string[] = []
    const warn = console.warn
    console.warn = (...args: unknown[]) => warned.push(args.map(String).join(' '))
    try {
      await waitUntil(() => warned.some((w) => w.includes('did not answer hilink:token-expiring')), 'the wait to run out', { timeout: 8000 })
    } finally {
      console.warn = warn
    }
    expect(classroom.room!.token).to.equal(short)
    expect(classroom.room!.status).to.not.equal('denied')
    const fresh = await mint(s.sessionId, 3600)
    expect(await send({ type: 'hilink:set-token', token: fresh })).to.deep.include({ type: 'hilink:ack', command: 'set-token' })
    await waitUntil(() => classroom.room?.token === fresh && classroom.room.status === 'live', 'live on the pushed token', { timeout: 8000 })
    bridge.stop()
  })
})

describe('embed bridge, parent origin known from the browser', () => {
  it('posts to that origin alone from the start (nothing reaches this page, which is another allowed origin)', async () => {
    const heard: unknown[] = []
    const listen = (e: MessageEvent) => heard.push(e.data)
    window.addEventListener('message', listen)
    const s = await createSession([{ userId: 'grace', name: 'Grace', role: 'learner' }])
    const classroom = await fixture<HlClassroom>(html`<hl-classroom server=${s.server}></hl-classroom>`)
    const bridge = new EmbedBridge({ classroom, sessionId: s.sessionId, host: window, allowedOrigins: [location.origin, school], parentOrigin: school, inbox: new EventTarget() }).start()
    classroom.token = s.tokens.grace as string
    await waitUntil(() => classroom.room?.status === 'live', 'live', { timeout: 5000 })
    // A message to this page's own origin, sent after: once it arrives, anything the bridge sent here would have too.
    window.postMessage({ type: 'probe' }, location.origin)
    await waitUntil(() => heard.length > 0, 'the probe')
    expect(heard).to.deep.equal([{ type: 'probe' }])
    bridge.stop()
    window.removeEventListener('message', listen)
  })
})

describe('parseCommand', () => {
  it('leaves other libraries’ messages alone and refuses bad versions, unknown commands and bad fields', () => {
    expect(parseCommand({ type: 'other:thing' })).to.deep.equal({ ok: false, code: 'ignored' })
    expect(parseCommand('hilink:leave')).to.deep.equal({ ok: false, code: 'ignored' })
    expect(parseCommand({ type: 'hilink:leave', version: 2 })).to.include({ ok: false, code: 'unsupported_version' })
    expect(parseCommand({ type: 'hilink:fly', version: 1 })).to.include({ ok: false, code: 'unknown_command' })
    expect(parseCommand({ type: 'hilink:mute', version: 1, muted: 'yes' })).to.include({ ok: false, code: 'invalid_command' })
    expect(parseCommand({ type: 'hilink:set-theme', version: 1 })).to.include({ ok: false, code: 'invalid_command' })
    expect(parseCommand({ type: 'hilink:set-theme', version: 1, tokens: { '--hl-x': 'red' } })).to.include({ code: 'invalid_command' })
    expect(parseCommand({ type: 'hilink:mute', version: 1, id: 7 })).to.deep.equal({ ok: true, command: { type: 'hilink:mute', muted: true }, id: 7 })
    expect(parseCommand({ type: 'hilink:set-locale', version: 1, locale: 'es-MX' })).to.deep.include({ ok: true })
    expect(parseCommand({ type: 'hilink:set-token', version: 1, token: 'a.b.c' })).to.deep.equal({ ok: true, command: { type: 'hilink:set-token', token: 'a.b.c' }, id: undefined })
    expect(parseCommand({ type: 'hilink:set-token', version: 1, token: 'a.b.c'.repeat(3000) })).to.include({ code: 'invalid_command' })
  })
})
