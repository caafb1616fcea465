import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rootNames, type PollView } from '@hilink/protocol'
import { adminKey, liveClass, otherTenantKey, sessionWithTokens, useTestServer, type TestServer } from './helpers/test-server.ts'
import { connectPeer, destroyAllPeers, waitFor, whenSynced } from './helpers/sync-client.ts'

const server = useTestServer(destroyAllPeers)

async function classWithPolls(s: TestServer) {
  const live = await liveClass(s)
  return { ...live, polls: `/api/v1/sessions/${live.sessionId}/polls` }
}

const check = { question: 'What is 1/2 + 1/4?', options: ['3/4', '2/6', '1/8'], kind: 'check', correctOption: 0 }

test('a check launched by the instructor reaches the room without its answer; answers count; closing reveals results', async () => {
  const s = server()
  const { sessionId, tokens, polls } = await classWithPolls(s)
  const learnerPeer = connectPeer(s.url, sessionId, tokens.grace)
  await whenSynced(learnerPeer)
  const roomPolls = learnerPeer.doc.getMap<PollView>(rootNames.polls)

  const launched = await s.api('POST', polls, { auth: tokens.ada, body: check })
  assert.equal(launched.status, 201, JSON.stringify(launched.body))
  assert.equal(launched.body.state, 'open')
  assert.deepEqual(launched.body.results, { counts: [0, 0, 0], correctOption: 0 }, 'the instructor sees live results')
  const pollId = launched.body.id as string
  await waitFor(() => roomPolls.has(pollId), 5000, 'poll in the learner’s doc')
  const seen = roomPolls.get(pollId) as PollView
  assert.equal(seen.question, check.question)
  assert.deepEqual(seen.options, check.options)
  assert.equal(seen.results, null, 'the room does not see the correct answer or counts while open')
  assert.ok(!JSON.stringify(seen).includes('correctOption'))

  assert.equal((await s.api('POST', `${polls}/${pollId}/answer`, { auth: tokens.grace, body: { option: 1 } })).status, 200)
  // A learner may change the answer while it is open: the latest counts, once.
  const changed = await s.api('POST', `${polls}/${pollId}/answer`, { auth: tokens.grace, body: { option: 0 } })
  assert.equal(changed.status, 200)
  assert.equal(changed.body.option, 0)
  assert.equal((await s.api('POST', `${polls}/${pollId}/answer`, { auth: tokens.alan, body: { option: 2 } })).status, 200)
  await waitFor(() => (roomPolls.get(pollId) as PollView).responses === 2, 5000, 'two responses in the doc')

  const learnerView = await s.api('GET', polls, { auth: tokens.grace })
  assert.equal(learnerView.status, 200)
  assert.equal(learnerView.body.polls[0].myAnswer, 0)
  assert.equal(learnerView.body.polls[0].results, null, 'a learner sees no results while open')
  const taView = await s.api('GET', polls, { auth: tokens.tom })
  assert.deepEqual(taView.body.polls[0].results, { counts: [1, 0, 1], correctOption: 0 })
  assert.equal(taView.body.polls[0].myAnswer, null)

  const closed = await s.api('POST', `${polls}/${pollId}/close`, { auth: tokens.tom })
  assert.equal(closed.status, 200)
  assert.equal(closed.body.state, 'closed')
  await waitFor(() => (roomPolls.get(pollId) as PollView).state === 'closed', 5000, 'closed in the doc')
  assert.deepEqual((roomPolls.get(pollId) as PollView).results, { counts: [1, 0, 1], correctOption: 0 })

  const late = await s.api('POST', `${polls}/${pollId}/answer`, { auth: tokens.alan, body: { option: 0 } })
  assert.equal(late.status, 409)
  assert.equal(late.body.error.code, 'conflict')
  assert.equal((await s.api('POST', `${polls}/${pollId}/close`, { auth: tokens.ada })).status, 409)

  // Every change is a learning event with the actor from the token and the answer's correctness.
  const events = s.services.events.forSession('default', sessionId)
  const answered = events.filter((e) => e.verb.id === 'http://adlnet.gov/expapi/verbs/answered')
  assert.deepEqual(
    answered.map((e) => [e.actor.account.name, e.result?.response, e.result?.success]),
    [['grace', '2/6', false], ['grace', '3/4', true], ['alan', '1/8', false]],
  )
  assert.equal(events.filter((e) => e.verb.id === 'http://adlnet.gov/expapi/verbs/asked').length, 1)
  assert.equal(events.filter((e) => e.verb.id === 'http://activitystrea.ms/schema/1.0/close').length, 1)
})

test('roles: only instructors and TAs launch and close; only learners answer; everyone in the session reads', async () => {
  const s = server()
  const { tokens, polls } = await classWithPolls(s)
  const poll = { question: 'Pizza or pasta?', options: ['Pizza', 'Pasta'] }
  for (const who of ['grace', 'olga'] as const) {
    const refused = await s.api('POST', polls, { auth: tokens[who], body: poll })
    assert.equal(refused.status, 403, who)
    assert.equal(refused.body.error.code, 'forbidden')
  }
  assert.equal((await s.api('POST', polls, { auth: adminKey, body: poll })).status, 403, 'an admin is not in the room')
  const launched = await s.api('POST', polls, { auth: tokens.tom, body: poll })
  assert.equal(launched.status, 201)
  assert.equal(launched.body.kind, 'poll')
  const pollId = launched.body.id as string
  for (const who of ['ada', 'tom', 'olga'] as const) {
    assert.equal((await s.api('POST', `${polls}/${pollId}/answer`, { auth: tokens[who], body: { option: 0 } })).status, 403, who)
  }
  assert.equal((await s.api('POST', `${polls}/${pollId}/close`, { auth: tokens.grace })).status, 403)
  assert.equal((await s.api('GET', polls, { auth: tokens.olga })).status, 200)
  assert.equal((await s.api('GET', polls, { auth: adminKey })).body.polls[0].results.counts.length, 2)
})

test('bad input gets a 400 naming the problem, and nothing is stored', async () => {
  const s = server()
  const { sessionId, tokens, polls } = await classWithPolls(s)
  const bad: Array<[unknown, RegExp]> = [
    [{ question: 'Q?', options: ['only one'] }, /options/],
    [{ question: 'Q?', options: Array.from({ length: 9 }, (_, i) => `o${i}`) }, /options/],
    [{ question: 'Q?', options: ['Same', 'same'] }, /different/],
    [{ question: 'Q?', options: ['a', 'b'], kind: 'check' }, /correctOption/],
    [{ question: 'Q?', options: ['a', 'b'], correctOption: 0 }, /correctOption/],
    [{ question: 'Q?', options: ['a', 'b'], kind: 'check', correctOption: 2 }, /correctOption/],
    [{ question: '   ', options: ['a', 'b'] }, /question/],
    [{ question: 'x'.repeat(501), options: ['a', 'b'] }, /question/],
    [{ question: 'Q?', options: ['a', 'b'], votes: { grace: 0 } }, /votes|unrecognized/i],
  ]
  for (const [body, message] of bad) {
    const res = await s.api('POST', polls, { auth: tokens.ada, body })
    assert.equal(res.status, 400, JSON.stringify(body))
    assert.equal(res.body.error.code, 'invalid_request')
    assert.match(res.body.error.message, message)
  }
  assert.equal((await s.api('POST', polls, { auth: tokens.ada, rawBody: '{"question":' })).status, 400)
  assert.deepEqual((await s.api('GET', polls, { auth: tokens.ada })).body.polls, [])

  const pollId = (await s.api('POST', polls, { auth: tokens.ada, body: { question: 'Q?', options: ['a', 'b'] } })).body.id as string
  for (const body of [{ option: 2 }, { option: -1 }, { option: 1.5 }, { option: '0' }, {}, { option: 0, userId: 'alan' }]) {
    const res = await s.api('POST', `${polls}/${pollId}/answer`, { auth: tokens.grace, body })
    assert.equal(res.status, 400, JSON.stringify(body))
  }
  assert.equal((await s.api('POST', `${polls}/not-a-uuid/answer`, { auth: tokens.grace, body: { option: 0 } })).status, 400)
  const unknown = await s.api('POST', `${polls}/${crypto.randomUUID()}/answer`, { auth: tokens.grace, body: { option: 0 } })
  assert.equal(unknown.status, 404)
  assert.equal((await s.api('GET', polls, { auth: tokens.ada })).body.polls[0].responses, 0)
  assert.equal(s.services.events.forSession('default', sessionId).filter((e) => e.verb.display['en-US'] === 'answered').length, 0)
})

test('polls need a live session; ending it closes the open ones', async () => {
  const s = server()
  const { sessionId, tokens } = await sessionWithTokens(s, { ada: { role: 'instructor' }, grace: { role: 'learner' } })
  const polls = `/api/v1/sessions/${sessionId}/polls`
  const body = { question: 'Ready?', options: ['Yes', 'No'] }
  const early = await s.api('POST', polls, { auth: tokens.ada, body })
  assert.equal(early.status, 409)
  assert.match(early.body.error.message, /live/)
  await s.api('POST', `/api/v1/sessions/${sessionId}/start`, { auth: tokens.ada })
  const pollId = (await s.api('POST', polls, { auth: tokens.ada, body })).body.id as string
  await s.api('POST', `${polls}/${pollId}/answer`, { auth: tokens.grace, body: { option: 0 } })
  await s.api('POST', `/api/v1/sessions/${sessionId}/end`, { auth: tokens.ada })
  const after = await s.api('GET', polls, { auth: tokens.grace })
  assert.equal(after.body.polls[0].state, 'closed')
  assert.deepEqual(after.body.polls[0].results, { counts: [1, 0], correctOption: null }, 'results visible to the learner once closed')
  assert.equal((await s.api('POST', polls, { auth: tokens.ada, body })).status, 409)
})

test('isolation: another session’s token and another tenant’s admin see no polls of this session', async () => {
  const s = server()
  const { tokens, polls } = await classWithPolls(s)
  const pollId = (await s.api('POST', polls, { auth: tokens.ada, body: check })).body.id as string
  const other = await sessionWithTokens(s, { eve: { role: 'instructor' }, mal: { role: 'learner' } })
  const attempts: Array<[string, string, string, unknown?]> = [
    ['GET', polls, other.tokens.eve],
    ['POST', polls, other.tokens.eve, check],
    ['POST', `${polls}/${pollId}/answer`, other.tokens.mal, { option: 0 }],
    ['POST', `${polls}/${pollId}/close`, other.tokens.eve],
    ['GET', polls, otherTenantKey],
  ]
  for (const [method, path, auth, body] of attempts) {
    const res = await s.api(method, path, { auth, ...(body ? { body } : {}) })
    assert.ok(res.status === 404 || res.status === 403, `${method} ${path}: ${res.status}`)
  }
  // A poll id from this session cannot be answered through another live session either.
  await s.api('POST', `/api/v1/sessions/${other.sessionId}/start`, { auth: other.tokens.eve })
  const crossed = await s.api('POST', `/api/v1/sessions/${other.sessionId}/polls/${pollId}/answer`, { auth: other.tokens.mal, body: { option: 0 } })
  assert.equal(crossed.status, 404)
  assert.equal((await s.api('GET', polls, { auth: tokens.ada })).body.polls[0].responses, 0)
  assert.equal((await s.api('GET', polls, { auth: 'garbage' })).status, 401)
})
