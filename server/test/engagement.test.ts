import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rootNames, type RaisedHand, type SummaryContent } from '@hilink/protocol'
import { adminKey, liveClass, otherTenantKey, sessionWithTokens, useTestServer } from './helpers/test-server.ts'
import { connectPeer, destroyAllPeers, sleep, waitFor, whenSynced } from './helpers/sync-client.ts'

/** Hand raising and client signals (tab hidden/visible), and how both reach the summary draft. */
const server = useTestServer(destroyAllPeers)

const signal = (type: 'tab-hidden' | 'tab-visible', at = new Date()) => ({ id: crypto.randomUUID(), type, at: at.toISOString() })

test('raised hands queue in the room in order; the instructor lowers one; each change is one learning event', async () => {
  const s = server()
  const { sessionId, tokens, api } = await liveClass(s)
  const teacher = connectPeer(s.url, sessionId, tokens.ada)
  await whenSynced(teacher)
  const hands = teacher.doc.getMap<RaisedHand>(rootNames.hands)

  const raised = await api('PUT', '/hand', tokens.grace, { raised: true })
  assert.equal(raised.status, 200)
  assert.deepEqual(raised.body.queue.map((h: RaisedHand) => h.name), ['Grace'])
  await sleep(5)
  await api('PUT', '/hand', tokens.alan, { raised: true })
  // Raising twice changes nothing: Grace keeps her place.
  const again = await api('PUT', '/hand', tokens.grace, { raised: true })
  assert.deepEqual(again.body.queue.map((h: RaisedHand) => h.userId), ['grace', 'alan'])
  await waitFor(() => hands.size === 2, 5000, 'two hands in the instructor’s doc')
  assert.equal(hands.get('grace')?.name, 'Grace')

  const lowered = await api('DELETE', '/hands/grace', tokens.ada)
  assert.equal(lowered.status, 200)
  assert.deepEqual(lowered.body.queue.map((h: RaisedHand) => h.userId), ['alan'])
  await waitFor(() => !hands.has('grace'), 5000, 'Grace’s hand down in the doc')
  assert.equal((await api('PUT', '/hand', tokens.alan, { raised: false })).body.queue.length, 0)

  const events = s.services.events.forSession('default', sessionId)
  assert.deepEqual(
    events.filter((e) => /hand/.test(e.verb.id)).map((e) => [e.verb.id.split(':').at(-1), e.actor.account.name, e.context.extensions['urn:hilink:xapi:learner']]),
    [
      ['raised-hand', 'grace', 'grace'],
      ['raised-hand', 'alan', 'alan'],
      ['lowered-hand', 'ada', 'grace'],
      ['lowered-hand', 'alan', 'alan'],
    ],
  )
})

test('hands: a learner cannot lower someone else’s hand; instructors, TAs and observers raise none; bad bodies are 400', async () => {
  const s = server()
  const { sessionId, tokens, api } = await liveClass(s)
  await api('PUT', '/hand', tokens.grace, { raised: true })
  const refused = await api('DELETE', '/hands/grace', tokens.alan)
  assert.equal(refused.status, 403)
  assert.equal(refused.body.error.code, 'forbidden')
  for (const who of ['ada', 'tom', 'olga'] as const) assert.equal((await api('PUT', '/hand', tokens[who], { raised: true })).status, 403, who)
  assert.equal((await api('DELETE', '/hands/grace', tokens.olga)).status, 403)
  assert.equal((await api('DELETE', '/hands/grace', adminKey)).status, 403)
  for (const body of [{}, { raised: 'yes' }, { raised: true, userId: 'alan' }]) {
    assert.equal((await api('PUT', '/hand', tokens.alan, body)).status, 400, JSON.stringify(body))
  }
  // A learner lowers their own; the TA may lower anyone's.
  assert.equal((await api('DELETE', '/hands/grace', tokens.grace)).status, 200)
  await api('PUT', '/hand', tokens.alan, { raised: true })
  assert.equal((await api('DELETE', '/hands/alan', tokens.tom)).body.queue.length, 0)

  const other = await sessionWithTokens(s, { eve: { role: 'instructor' }, mal: { role: 'learner' } })
  await api('PUT', '/hand', tokens.grace, { raised: true })
  assert.equal((await api('DELETE', '/hands/grace', other.tokens.eve)).status, 404, 'another session’s instructor')
  assert.equal((await api('PUT', '/hand', other.tokens.mal, { raised: true })).status, 404, 'another session’s learner')
  assert.equal((await api('DELETE', '/hands/grace', otherTenantKey)).status, 403)
  // Grace's own and Tom's for Alan; the refused attempts recorded nothing.
  assert.equal(s.services.events.forSession('default', sessionId).filter((e) => /lowered/.test(e.verb.id)).length, 2)
})

test('hands go up only while the session is live, and all go down when it ends', async () => {
  const s = server()
  const { sessionId, tokens } = await sessionWithTokens(s, { ada: { role: 'instructor' }, grace: { role: 'learner' } })
  const path = `/api/v1/sessions/${sessionId}`
  assert.equal((await s.api('PUT', `${path}/hand`, { auth: tokens.grace, body: { raised: true } })).status, 409)
  await s.api('POST', `${path}/start`, { auth: tokens.ada })
  assert.equal((await s.api('PUT', `${path}/hand`, { auth: tokens.grace, body: { raised: true } })).status, 200)
  const peer = connectPeer(s.url, sessionId, tokens.ada)
  await whenSynced(peer)
  assert.equal(peer.doc.getMap(rootNames.hands).size, 1)
  await s.api('POST', `${path}/end`, { auth: tokens.ada })
  await waitFor(() => peer.doc.getMap(rootNames.hands).size === 0, 5000, 'hands cleared at the end')
})

test('client signals: recorded once per id with the token’s actor; validated; admins cannot send them; floods get 429', async () => {
  const s = server()
  const { sessionId, tokens } = await liveClass(s)
  const post = (auth: string, body: unknown) => s.api('POST', '/api/v1/events', { auth, body })
  const hidden = signal('tab-hidden')
  const first = await post(tokens.grace, hidden)
  assert.equal(first.status, 202)
  assert.deepEqual(first.body, { id: hidden.id, recorded: true })
  assert.deepEqual((await post(tokens.grace, hidden)).body, { id: hidden.id, recorded: false }, 'a re-sent signal counts once')
  // Another participant using the same id is not suppressed by Grace's.
  assert.equal((await post(tokens.alan, hidden)).body.recorded, true)
  const stored = s.services.events.forSession('default', sessionId).filter((e) => e.verb.id.endsWith('tab-hidden'))
  assert.deepEqual(stored.map((e) => e.actor.account.name), ['grace', 'alan'])
  assert.equal(stored[0]?.timestamp, hidden.at)

  const bad: unknown[] = [
    { ...signal('tab-hidden'), type: 'tab-closed' },
    { ...signal('tab-hidden'), id: 'not-a-uuid' },
    { ...signal('tab-hidden'), at: 'yesterday' },
    { ...signal('tab-hidden'), actor: 'alan' },
    signal('tab-hidden', new Date(Date.now() + 3600_000)),
    signal('tab-hidden', new Date(Date.now() - 13 * 3600_000)),
  ]
  for (const body of bad) {
    const res = await post(tokens.grace, body)
    assert.equal(res.status, 400, JSON.stringify(body))
    assert.equal(res.body.error.code, 'invalid_request')
  }
  assert.equal((await post(adminKey, signal('tab-hidden'))).status, 403)
  assert.equal((await post('nonsense', signal('tab-hidden'))).status, 401)

  let status = 0
  for (let i = 0; i < 130 && status !== 429; i++) status = (await post(tokens.olga, signal(i % 2 ? 'tab-visible' : 'tab-hidden'))).status
  assert.equal(status, 429)
  assert.equal((await post(tokens.tom, signal('tab-hidden'))).status, 202, 'the limit is per participant')
})

test('the end-of-lesson draft reports checks, most-missed questions, hand raises and time away, each with its source', async () => {
  const s = server()
  const { sessionId, tokens, api } = await liveClass(s)
  // The lesson started five minutes ago (set in the database: a test cannot wait that long).
  s.services.db.prepare('UPDATE sessions SET started_at = ? WHERE id = ?').run(new Date(Date.now() - 300_000).toISOString(), sessionId)
  for (const who of ['grace', 'alan'] as const) {
    const peer = connectPeer(s.url, sessionId, tokens[who])
    await whenSynced(peer)
  }
  const pollId = (await api('POST', '/polls', tokens.ada, { question: 'Which is larger, 2/3 or 3/5?', options: ['2/3', '3/5'], kind: 'check', correctOption: 0 })).body.id as string
  await api('POST', `/polls/${pollId}/answer`, tokens.grace, { option: 1 })
  await api('POST', `/polls/${pollId}/answer`, tokens.alan, { option: 1 })
  await api('PUT', '/hand', tokens.grace, { raised: true })
  // Alan's tab was hidden for two minutes (the signals were queued while he was offline).
  const sent = Date.now() - 150_000
  await s.api('POST', '/api/v1/events', { auth: tokens.alan, body: signal('tab-hidden', new Date(sent)) })
  await s.api('POST', '/api/v1/events', { auth: tokens.alan, body: signal('tab-visible', new Date(sent + 120_000)) })
  // The check is still open when the lesson ends: ending closes it and counts its answers.
  assert.equal((await api('POST', '/end', tokens.ada)).status, 200)

  let draft = await api('GET', '/summary', tokens.ada)
  for (let i = 0; draft.status === 404 && i < 100; i++) {
    await sleep(50)
    draft = await api('GET', '/summary', tokens.ada)
  }
  const content = draft.body.content as SummaryContent
  assert.deepEqual(content.learnerResponse.slice(0, 2).map((l) => l.text), [
    'Check “Which is larger, 2/3 or 3/5?”: 2 of 2 learners answered; 0 correct (0 %).',
    'Hands went up 1 time, from 1 learner.',
  ])
  assert.deepEqual(content.learnerResponse[0]?.sources, [{ kind: 'poll', pollId }])
  assert.match(content.reinforcement[0]?.text ?? '', /^Most missed: “Which is larger, 2\/3 or 3\/5\?” \(0 of 2 correct/)
  const alan = content.learnerNotes.find((n) => n.userId === 'alan')?.notes ?? []
  assert.ok(alan.some((l) => l.text === 'Alan was away from the lesson tab for about 2 minutes (1 time).'), JSON.stringify(alan))
  const away = alan.find((l) => l.text.includes('away'))?.sources[0]
  const ids = new Set(s.services.events.forSession('default', sessionId).map((e) => e.id))
  assert.ok(away?.kind === 'events' && away.eventIds.length === 2 && away.eventIds.every((id) => ids.has(id)), 'the line cites stored events')
  const grace = content.learnerNotes.find((n) => n.userId === 'grace')?.notes.map((l) => l.text)
  assert.ok(grace?.includes('Grace raised a hand 1 time.'))
  assert.ok(grace?.includes('Grace answered 0 of 1 comprehension check correctly; missed “Which is larger, 2/3 or 3/5?”.'))

  // Approval: Grace's recap carries her results; the brief carries the most-missed question forward.
  assert.equal((await api('POST', '/summary/approve', tokens.ada)).status, 200)
  const recaps = (await api('GET', '/recaps', tokens.ada)).body.recaps as Array<{ learnerId: string; notes: Array<{ text: string }> }>
  assert.ok(recaps.find((r) => r.learnerId === 'grace')?.notes.some((n) => n.text.includes('missed “Which is larger')))
  const brief = await s.api('GET', '/api/v1/courses/math-7/brief', { auth: adminKey })
  assert.ok((brief.body.reinforce as Array<{ text: string }>).some((l) => l.text.startsWith('Most missed: “Which is larger')))
})
