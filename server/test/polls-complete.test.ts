import { test } from 'node:test'
import assert from 'node:assert/strict'
import Database from 'better-sqlite3'
import path from 'node:path'
import { rootNames, type PollView } from '@hilink/protocol'
import { liveClass, otherTenantKey, sessionWithTokens, startTestServer, tempDataDir, useTestServer, type TestServer } from './helpers/test-server.ts'
import { connectPeer, destroyAllPeers, sleep, waitFor, whenSynced } from './helpers/sync-client.ts'

const server = useTestServer(destroyAllPeers)
const answered = 'http://adlnet.gov/expapi/verbs/answered'

async function launch(s: TestServer, live: Awaited<ReturnType<typeof liveClass>>, body: unknown) {
  const res = await live.api('POST', '/polls', live.tokens.ada, body)
  assert.equal(res.status, 201, JSON.stringify(res.body))
  return res.body as { id: string } & Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
}

test('every kind: options it brings, the answer form it takes, and its counts', async () => {
  const s = server()
  const live = await liveClass(s)
  const tf = await launch(s, live, { question: 'The sun is a star', kind: 'truefalse', correctOption: 0 })
  assert.deepEqual(tf.options, ['True', 'False'])
  const rating = await launch(s, live, { question: 'How clear was that?', kind: 'rating', scale: 4 })
  assert.deepEqual(rating.options, ['1', '2', '3', '4'])
  const multiple = await launch(s, live, { question: 'Which are prime?', kind: 'multiple', options: ['2', '4', '5'] })
  const text = await launch(s, live, { question: 'One word for today', kind: 'text' })
  assert.deepEqual(text.options, [])

  const answer = (id: string, who: 'grace' | 'alan', body: unknown) => live.api('POST', `/polls/${id}/answer`, live.tokens[who], body)
  assert.equal((await answer(tf.id, 'grace', { option: 1 })).status, 200)
  assert.equal((await answer(rating.id, 'grace', { option: 3 })).status, 200)
  assert.equal((await answer(rating.id, 'alan', { option: 4 })).status, 400, 'a 4-step scale has no fifth step')
  assert.equal((await answer(multiple.id, 'grace', { options: [0, 2] })).status, 200)
  assert.equal((await answer(multiple.id, 'alan', { options: [0, 0] })).status, 400, 'an option counts once')
  assert.equal((await answer(multiple.id, 'alan', { option: 0 })).status, 400, 'multiple takes {options}')
  assert.equal((await answer(text.id, 'grace', { text: 'Fractions!' })).status, 200)
  const tooLong = await answer(text.id, 'alan', { text: 'x'.repeat(501) })
  assert.equal(tooLong.status, 400)
  assert.match(tooLong.body.error.message, /text/)
  assert.equal((await answer(text.id, 'alan', { option: 0 })).status, 400, 'text takes {text}')

  const staff = (await live.api('GET', '/polls', live.tokens.tom)).body.polls as Array<Record<string, any>> // eslint-disable-line @typescript-eslint/no-explicit-any
  const byId = (id: string) => staff.find((p) => p.id === id) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.deepEqual(byId(tf.id).results.counts, [0, 1])
  assert.deepEqual(byId(rating.id).results.counts, [0, 0, 0, 1])
  assert.deepEqual(byId(multiple.id).results.counts, [1, 0, 1])
  assert.deepEqual(byId(text.id).results.texts.map((t: { text: string }) => t.text), ['Fractions!'])
  assert.equal(byId(text.id).responses, 1, 'the refused answers changed nothing')
  const events = s.services.events.forSession('default', live.sessionId).filter((e) => e.verb.id === answered)
  assert.deepEqual(events.map((e) => e.result?.response), ['False', '4', '2[,]5', 'Fractions!'])
  assert.equal(events[0]?.result?.success, false)

  // Short texts reach the room only once staff share them, and never with their author.
  const learnerPeer = connectPeer(s.url, live.sessionId, live.tokens.alan)
  await whenSynced(learnerPeer)
  const room = learnerPeer.doc.getMap<PollView>(rootNames.polls)
  assert.equal(room.get(text.id)?.results, null)
  const answerId = byId(text.id).results.texts[0].id as string
  assert.equal((await live.api('PUT', `/polls/${text.id}/texts/${answerId}`, live.tokens.grace, { shared: true })).status, 403)
  assert.equal((await live.api('PUT', `/polls/${text.id}/texts/${crypto.randomUUID()}`, live.tokens.ada, { shared: true })).status, 404)
  assert.equal((await live.api('PUT', `/polls/${text.id}/texts/${answerId}`, live.tokens.ada, { shared: true })).status, 200)
  await waitFor(() => room.get(text.id)?.results?.texts?.length === 1, 5000, 'the shared text in the room')
  assert.ok(!JSON.stringify(room.get(text.id)).includes('grace'))
})

test('short-text moderation: staff reject an answer before sharing; a rejected answer never reaches the room, and stays rejected', async () => {
  const s = server()
  const live = await liveClass(s)
  const text = await launch(s, live, { question: 'What did you learn?', kind: 'text' })
  assert.equal((await live.api('POST', `/polls/${text.id}/answer`, live.tokens.grace, { text: 'Equivalent fractions' })).status, 200)
  assert.equal((await live.api('POST', `/polls/${text.id}/answer`, live.tokens.alan, { text: 'something rude' })).status, 200)
  const texts = async () => ((await live.api('GET', '/polls', live.tokens.ada)).body.polls as Array<{ id: string; results: { texts: Array<{ id: string; text: string; status: string; shared: boolean }> } }>)
    .find((p) => p.id === text.id)!.results.texts
  const idOf = async (t: string) => (await texts()).find((x) => x.text === t)!.id
  assert.deepEqual((await texts()).map((t) => t.status), ['pending', 'pending'], 'every answer waits for staff')
  const learnerPeer = connectPeer(s.url, live.sessionId, live.tokens.grace)
  await whenSynced(learnerPeer)
  const room = learnerPeer.doc.getMap<PollView>(rootNames.polls)
  const moderate = (t: string, body: unknown, who: 'ada' | 'tom' | 'grace' | 'olga' = 'tom') => idOf(t).then((id) => live.api('PUT', `/polls/${text.id}/texts/${id}`, live.tokens[who], body))

  for (const who of ['grace', 'olga'] as const) assert.equal((await moderate('something rude', { status: 'rejected' }, who)).status, 403, `not for ${who}`)
  assert.equal((await moderate('something rude', { status: 'hidden' })).status, 400, 'unknown status')
  assert.equal((await moderate('something rude', { status: 'rejected', shared: true })).status, 400, 'one form at a time')
  const rejected = await moderate('something rude', { status: 'rejected' })
  assert.equal(rejected.status, 200, 'a TA rejects it')
  assert.equal(rejected.body.results.texts.find((t: { text: string }) => t.text === 'something rude').status, 'rejected')
  // Sharing it afterwards, in either form, is refused and changes nothing.
  for (const body of [{ status: 'shared' }, { shared: true }, { status: 'pending' }]) {
    const res = await moderate('something rude', body, 'ada')
    assert.equal(res.status, 409, JSON.stringify(body))
    assert.match(res.body.error.message, /rejected answer is never shared/)
  }
  assert.equal((await moderate('something rude', { status: 'rejected' })).status, 200, 'rejecting again is harmless')
  assert.equal((await moderate('Equivalent fractions', { status: 'shared' }, 'ada')).status, 200)
  await waitFor(() => room.get(text.id)?.results?.texts?.length === 1, 5000, 'the shared text in the room')
  assert.deepEqual(room.get(text.id)?.results?.texts?.map((t) => t.text), ['Equivalent fractions'], 'never the rejected one')
  assert.deepEqual((await texts()).map((t) => [t.text, t.status, t.shared]), [['Equivalent fractions', 'shared', true], ['something rude', 'rejected', false]])
  // Closing and revealing the poll does not bring it out either.
  assert.equal((await live.api('POST', `/polls/${text.id}/close`, live.tokens.ada)).status, 200)
  await waitFor(() => room.get(text.id)?.state === 'closed', 5000, 'closed')
  assert.ok(!JSON.stringify(room.get(text.id)).includes('something rude'))
  learnerPeer.destroy()
})

test('a timed three-question check: the server closes it at the deadline; manual reveal; closed, unknown option, observer, other session refused', async () => {
  const s = server()
  const live = await liveClass(s)
  const questions = [
    { question: '1/2 + 1/4?', options: ['3/4', '2/6'], correctOption: 0 },
    { question: '2 × 3?', options: ['5', '6', '8'], correctOption: 1 },
    { question: 'Half of 10?', options: ['5', '2'], correctOption: 0 },
  ]
  const check = await launch(s, live, { question: 'Quick check', kind: 'check', questions, durationSeconds: 5, reveal: 'manual' })
  assert.ok(check.closesAt && Date.parse(check.closesAt) - Date.now() > 3000)
  assert.equal(check.questions.length, 3)
  const peer = connectPeer(s.url, live.sessionId, live.tokens.grace)
  await whenSynced(peer)
  const room = peer.doc.getMap<PollView>(rootNames.polls)
  await waitFor(() => room.has(check.id), 5000, 'the check in the room')
  assert.ok(!JSON.stringify(room.get(check.id)).includes('correctOption'), 'no correct answers in the room while open')

  const answer = (who: string, body: unknown) => live.api('POST', `/polls/${check.id}/answer`, who, body)
  assert.equal((await answer(live.tokens.grace, { answers: [0, 1, 0] })).status, 200)
  assert.equal((await answer(live.tokens.alan, { answers: [1, 1, 1] })).status, 200)
  const bad: Array<[string, unknown, number]> = [
    [live.tokens.alan, { answers: [0, 3, 0] }, 400],
    [live.tokens.alan, { answers: [0, 1] }, 400],
    [live.tokens.alan, { option: 0 }, 400],
    [live.tokens.olga, { answers: [0, 1, 0] }, 403],
  ]
  for (const [who, body, status] of bad) {
    const res = await answer(who, body)
    assert.equal(res.status, status, JSON.stringify(body))
    assert.ok(res.body.error.code && res.body.error.message)
  }
  const other = await sessionWithTokens(s, { eve: { role: 'instructor' }, mal: { role: 'learner' } })
  await s.api('POST', `/api/v1/sessions/${other.sessionId}/start`, { auth: other.tokens.eve })
  const crossed = await s.api('POST', `/api/v1/sessions/${live.sessionId}/polls/${check.id}/answer`, { auth: other.tokens.mal, body: { answers: [0, 1, 0] } })
  assert.ok([403, 404].includes(crossed.status))
  assert.equal((await s.api('POST', `/api/v1/sessions/${other.sessionId}/polls/${check.id}/answer`, { auth: other.tokens.mal, body: { answers: [0, 1, 0] } })).status, 404)
  assert.equal((await live.api('POST', `/polls/${check.id}/reveal`, live.tokens.ada)).status, 409, 'reveal waits for the close')

  await waitFor(() => room.get(check.id)?.state === 'closed', 9000, 'the server closes the check at its deadline')
  assert.equal(room.get(check.id)?.results, null, 'manual reveal: closed, but not yet shown')
  const late = await answer(live.tokens.alan, { answers: [0, 1, 0] })
  assert.equal(late.status, 409)
  const staff = (await live.api('GET', '/polls', live.tokens.ada)).body.polls[0]
  assert.equal(staff.responses, 2, 'the refused answers changed nothing')
  assert.deepEqual(staff.results.questions, [
    { counts: [1, 1], correctOption: 0 },
    { counts: [0, 2, 0], correctOption: 1 },
    { counts: [1, 1], correctOption: 0 },
  ])
  const events = s.services.events.forSession('default', live.sessionId).filter((e) => e.verb.id === answered)
  assert.deepEqual(events.map((e) => [e.actor.account.name, e.result?.success]), [['grace', true], ['alan', false]])

  assert.equal((await live.api('POST', `/polls/${check.id}/reveal`, live.tokens.grace)).status, 403)
  assert.equal((await live.api('POST', `/polls/${check.id}/reveal`, live.tokens.ada)).status, 200)
  await waitFor(() => room.get(check.id)?.results !== null, 5000, 'revealed to the room')
  assert.equal(room.get(check.id)?.results?.questions?.[1]?.correctOption, 1)
  assert.equal((await live.api('POST', `/polls/${check.id}/reveal`, live.tokens.ada)).status, 409)
})

test('an anonymous poll stores no per-learner answer: no answer row names a learner, no statement per answer, not in the summary', async () => {
  const s = server()
  const live = await liveClass(s)
  const poll = await launch(s, live, { question: 'How do you feel?', options: ['Good', 'Lost'], anonymous: true })
  assert.equal(poll.anonymous, true)
  assert.equal((await live.api('POST', `/polls/${poll.id}/answer`, live.tokens.grace, { option: 1 })).status, 200)
  assert.equal((await live.api('POST', `/polls/${poll.id}/answer`, live.tokens.alan, { option: 0 })).status, 200)
  const again = await live.api('POST', `/polls/${poll.id}/answer`, live.tokens.grace, { option: 0 })
  assert.equal(again.status, 409, 'one answer each, and it cannot be changed (that would need to know which was hers)')
  const mine = (await live.api('GET', '/polls', live.tokens.grace)).body.polls[0]
  assert.equal(mine.myAnswer, null)
  assert.deepEqual(mine.myResponse, { answered: true })
  assert.deepEqual((await live.api('GET', '/polls', live.tokens.ada)).body.polls[0].results.counts, [1, 1])
  assert.equal((await live.api('POST', `/polls/${poll.id}/close`, live.tokens.ada)).status, 200)

  const db = new Database(path.join(s.dataDir, 'hilink.sqlite'), { readonly: true, fileMustExist: true })
  try {
    const rows = db.prepare('SELECT user_id FROM poll_answers WHERE poll_id = ?').all(poll.id) as Array<{ user_id: string }>
    assert.equal(rows.length, 2)
    for (const r of rows) assert.match(r.user_id, /^anonymous:/)
    const statements = db.prepare('SELECT statement FROM learning_events WHERE session_id = ?').all(live.sessionId) as Array<{ statement: string }>
    const aboutPoll = statements.map((r) => r.statement).filter((t) => t.includes(poll.id))
    assert.ok(aboutPoll.length >= 2)
    for (const t of aboutPoll) assert.ok(!/grace|alan/.test(t), `a statement about the poll names a learner: ${t.slice(0, 200)}`)
  } finally {
    db.close()
  }
  assert.deepEqual(s.services.polls.withAnswers('default', live.sessionId).find((p) => p.poll.id === poll.id)?.answers, [])
})

test('results export as JSON and CSV for staff only; 404 for another session or tenant', async () => {
  const s = server()
  const live = await liveClass(s)
  const poll = await launch(s, live, { question: 'Best = formula?', kind: 'check', options: ['=1+1', 'two, "2"'], correctOption: 1 })
  await live.api('POST', `/polls/${poll.id}/answer`, live.tokens.grace, { option: 1 })
  await live.api('POST', `/polls/${poll.id}/answer`, live.tokens.alan, { option: 0 })
  const json = await live.api('GET', `/polls/${poll.id}/results?format=json`, live.tokens.ada)
  assert.equal(json.status, 200)
  assert.deepEqual(json.body.rows.map((r: { count: number; correct: boolean }) => [r.count, r.correct]), [[1, false], [1, true]])
  assert.ok(!JSON.stringify(json.body).includes('grace'))
  const res = await fetch(`${s.url}/api/v1/sessions/${live.sessionId}/polls/${poll.id}/results?format=csv`, { headers: { authorization: `Bearer ${live.tokens.tom}` } })
  assert.equal(res.status, 200)
  assert.match(res.headers.get('content-type') ?? '', /text\/csv/)
  const csv = await res.text()
  assert.equal(csv.split('\r\n')[0], 'question,question_text,option,option_text,count,correct')
  assert.ok(csv.includes(`"'=1+1"`), 'a formula-like cell is defused')
  assert.ok(csv.includes('"two, ""2"""'), 'quotes and commas are escaped')
  assert.equal((await live.api('GET', `/polls/${poll.id}/results`, live.tokens.grace)).status, 403)
  assert.equal((await live.api('GET', `/polls/${poll.id}/results?format=xml`, live.tokens.ada)).status, 400)
  const other = await sessionWithTokens(s, { eve: { role: 'instructor' } })
  assert.equal((await s.api('GET', `/api/v1/sessions/${other.sessionId}/polls/${poll.id}/results`, { auth: other.tokens.eve })).status, 404)
  assert.equal((await s.api('GET', `/api/v1/sessions/${live.sessionId}/polls/${poll.id}/results`, { auth: otherTenantKey })).status, 404)
})

test('poll library: saved per course, listed in a later session of the course, relaunched; other courses and tenants see nothing', async () => {
  const s = server()
  const live = await liveClass(s)
  const poll = { question: 'Ready?', kind: 'truefalse', correctOption: 0 }
  const saved = await live.api('POST', '/poll-library', live.tokens.ada, { title: 'Warm-up', poll })
  assert.equal(saved.status, 201, JSON.stringify(saved.body))
  assert.equal((await live.api('POST', '/poll-library', live.tokens.grace, { title: 'x', poll })).status, 403)
  assert.equal((await live.api('POST', '/poll-library', live.tokens.ada, { title: 'Bad', poll: { question: 'Q', kind: 'check' } })).status, 400)
  const later = await liveClass(s) // the same course (math-7)
  const listed = await later.api('GET', '/poll-library', later.tokens.ada)
  assert.deepEqual(listed.body.entries.map((e: { title: string }) => e.title), ['Warm-up'])
  const relaunched = await later.api('POST', '/polls', later.tokens.ada, listed.body.entries[0].poll)
  assert.equal(relaunched.status, 201)
  assert.deepEqual(relaunched.body.options, ['True', 'False'])
  const otherCourse = await s.api('POST', '/api/v1/sessions', { auth: 'hl_admin_test-key-of-tenant-default-0000', body: { title: 'Art', scheduledStart: '2026-12-01T09:00:00Z', scheduledEnd: '2026-12-01T10:00:00Z', courseId: 'art-1', instructorId: 't' } })
  const token = (await s.api('POST', `/api/v1/sessions/${otherCourse.body.id}/tokens`, { auth: 'hl_admin_test-key-of-tenant-default-0000', body: { userId: 'x', name: 'X', role: 'instructor' } })).body.token
  assert.deepEqual((await s.api('GET', `/api/v1/sessions/${otherCourse.body.id}/poll-library`, { auth: token })).body.entries, [])
  assert.equal((await s.api('DELETE', `/api/v1/sessions/${otherCourse.body.id}/poll-library/${saved.body.id}`, { auth: token })).status, 404)
  assert.equal((await s.api('GET', `/api/v1/sessions/${live.sessionId}/poll-library`, { auth: otherTenantKey })).status, 404)
  assert.equal((await later.api('DELETE', `/poll-library/${saved.body.id}`, later.tokens.ada)).status, 204)
  assert.deepEqual((await later.api('GET', '/poll-library', later.tokens.ada)).body.entries, [])
})

test('a timed poll survives a restart: the new process re-arms its deadline from SQLite and closes it', async () => {
  const dataDir = tempDataDir()
  const first = await startTestServer(dataDir)
  const live = await liveClass(first)
  const poll = (await live.api('POST', '/polls', live.tokens.ada, { question: 'Quick?', options: ['a', 'b'], durationSeconds: 5 })).body
  await live.api('POST', `/polls/${poll.id}/answer`, live.tokens.grace, { option: 0 })
  await first.stop()
  const second = await startTestServer(dataDir)
  try {
    const read = () => second.api('GET', `/api/v1/sessions/${live.sessionId}/polls`, { auth: live.tokens.ada })
    assert.equal((await read()).body.polls[0].state, 'open')
    const until = Date.now() + 10_000
    while ((await read()).body.polls[0].state !== 'closed') {
      assert.ok(Date.now() < until, 'closed by the re-armed timer within 10 s')
      await new Promise((r) => setTimeout(r, 100))
    }
    const closed = (await read()).body.polls[0]
    assert.ok(Date.parse(closed.closedAt) >= Date.parse(poll.closesAt) - 50, 'not before its deadline')
    assert.deepEqual(closed.results.counts, [1, 0])
  } finally {
    await second.stop({ removeData: true })
  }
})


test('the after-lesson summary: per-question results of a check with several questions, per learner; an anonymous one by counts only, naming nobody', async () => {
  const s = server()
  const live = await liveClass(s)
  const questions = [
    { question: '1/2 + 1/4?', options: ['3/4', '2/6'], correctOption: 0 },
    { question: '2 × 3?', options: ['5', '6'], correctOption: 1 },
  ]
  const peers = [connectPeer(s.url, live.sessionId, live.tokens.grace), connectPeer(s.url, live.sessionId, live.tokens.alan)]
  for (const peer of peers) await whenSynced(peer)
  const check = await launch(s, live, { question: 'Warm-up', kind: 'check', questions })
  const secret = await launch(s, live, { question: 'Honest check', kind: 'check', questions, anonymous: true })
  const answer = (id: string, who: 'grace' | 'alan', answers: number[]) => live.api('POST', `/polls/${id}/answer`, live.tokens[who], { answers })
  assert.equal((await answer(check.id, 'grace', [0, 1])).status, 200)
  assert.equal((await answer(check.id, 'alan', [1, 1])).status, 200)
  assert.equal((await answer(secret.id, 'grace', [0, 0])).status, 200)
  assert.equal((await answer(secret.id, 'alan', [1, 0])).status, 200)
  assert.equal((await live.api('POST', '/end', live.tokens.ada)).status, 200)
  // The draft is written once the session's last utterance is transcribed (none here): soon after the end.
  let summary = await live.api('GET', '/summary', live.tokens.ada)
  for (const started = Date.now(); summary.status === 404 && Date.now() - started < 10_000; ) {
    await sleep(100)
    summary = await live.api('GET', '/summary', live.tokens.ada)
  }
  assert.equal(summary.status, 200, 'the draft')
  const content = summary.body.content as { learnerResponse: Array<{ text: string }>; reinforcement: Array<{ text: string }>; learnerNotes: Array<{ userId: string; notes: Array<{ text: string; sources: Array<{ pollId?: string }> }> }> }
  const lines = content.learnerResponse.map((l) => l.text)
  assert.ok(lines.includes('Check “Warm-up” (2 questions): 2 of 2 learners answered; “1/2 + 1/4?” 1 of 2 correct; “2 × 3?” 2 of 2 correct.'), lines.join('\n'))
  assert.ok(lines.includes('Anonymous check “Honest check” (no learner named): “1/2 + 1/4?” 1 of 2 answers correct; “2 × 3?” 0 of 2 answers correct.'), lines.join('\n'))
  assert.ok(content.reinforcement.some((l) => l.text.startsWith('Most missed: “Warm-up: 1/2 + 1/4?” (1 of 2 correct')), 'the missed question is named')
  const alan = content.learnerNotes.find((n) => n.userId === 'alan')!.notes.map((n) => n.text).join('\n')
  assert.match(alan, /Alan answered 1 of 2 comprehension checks correctly; missed “Warm-up: 1\/2 \+ 1\/4\?”/)
  // The anonymous check appears in no learner's note and in no line's per-learner source.
  for (const n of content.learnerNotes) {
    assert.ok(!n.notes.some((l) => l.text.includes('Honest check') || l.sources.some((src) => src.pollId === secret.id)), `${n.userId}'s notes name the anonymous check`)
  }
  for (const peer of peers) peer.destroy()
})
