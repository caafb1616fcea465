import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { SummaryContent, TranscriptSegment } from '@hilink/protocol'
import { adminKey, sessionBody, sessionWithTokens, useTestServer, otherTenantKey } from './helpers/test-server.ts'
import { connectPeer, destroyAllPeers, waitFor, whenSynced, sleep } from './helpers/sync-client.ts'
import { openAudio, streamPcm } from './helpers/audio-socket.ts'
import { concatBytes, silencePcm16, speak } from '../../tools/speech.mjs'
import { assertValidStatements } from './helpers/xapi-check.ts'

/**
 * The after-session pipeline with real parts: speech → transcript (Whisper) → summary draft at the end →
 * the instructor edits and approves → one parent recap per invited learner, and the course brief.
 */
const testServer = useTestServer(() => {
  destroyAllPeers()
})

test('end → draft; edit; approve → recaps and brief; nothing for parents before approval', async () => {
  const { sessionId, tokens } = await sessionWithTokens(testServer(), {
    ada: { role: 'instructor', name: 'Ada' },
    grace: { role: 'learner', name: 'Grace' },
    alan: { role: 'learner', name: 'Alan' },
  })
  const api = (method: string, path: string, auth: string, body?: unknown) =>
    testServer().api(method, `/api/v1/sessions/${sessionId}${path}`, { auth, body })
  await api('POST', '/start', tokens.ada)
  await api('PUT', '/transcription', tokens.ada, { enabled: true, learners: true })
  const grace = connectPeer(testServer().url, sessionId, tokens.grace)
  await whenSynced(grace)

  const teacherMic = await openAudio(testServer().url, sessionId, tokens.ada)
  await streamPcm(
    teacherMic.ws,
    concatBytes(
      speak('Today we will learn about fractions and how to add them.'),
      silencePcm16(1000),
      speak('A fraction has a numerator on top and a denominator below.'),
      silencePcm16(1000),
    ),
  )
  const learnerMic = await openAudio(testServer().url, sessionId, tokens.grace)
  await streamPcm(learnerMic.ws, concatBytes(speak('Can you explain the difference between the numerator and the denominator?'), silencePcm16(1000)))
  let segments: TranscriptSegment[] = []
  const start = Date.now()
  while (segments.length < 3 && Date.now() - start < 60_000) {
    segments = (await api('GET', '/transcript', tokens.ada)).body.segments
    await sleep(250)
  }
  assert.equal(segments.length, 3, 'three utterances transcribed')
  teacherMic.ws.close()
  learnerMic.ws.close()

  assert.equal((await api('GET', '/summary', tokens.ada)).status, 404, 'no summary before the end')
  assert.deepEqual((await api('GET', '/recaps', tokens.ada)).body.recaps, [])
  await sleep(1100) // Grace is present for a measurable while
  assert.equal((await api('POST', '/end', tokens.ada)).status, 200)

  // The draft is written once the last utterances are transcribed.
  let draft = await api('GET', '/summary', tokens.ada)
  for (let i = 0; draft.status === 404 && i < 100; i++) {
    await sleep(100)
    draft = await api('GET', '/summary', tokens.ada)
  }
  assert.equal(draft.status, 200)
  assert.equal(draft.body.status, 'draft')
  const content = draft.body.content as SummaryContent
  const segmentIds = new Set(segments.map((s) => s.id))
  assert.ok(content.topics.length >= 1)
  for (const line of content.topics) {
    const source = line.sources[0]
    assert.ok(source?.kind === 'transcript' && source.segmentIds.every((id) => segmentIds.has(id)), 'topic cites the transcript')
  }
  const graceSegment = segments.find((seg) => seg.speakerId === 'grace')
  assert.ok(graceSegment, 'the learner was transcribed')
  const question = content.reinforcement.find((l) => l.text.startsWith('Grace asked:'))
  assert.ok(question, JSON.stringify(content.reinforcement))
  assert.deepEqual(question.sources[0]?.kind === 'transcript' && question.sources[0].segmentIds, [graceSegment.id])
  assert.deepEqual(
    content.attendance.map((l) => l.text),
    ['1 of 2 learners attended.', 'Alan was absent.'],
  )
  const graceNotes = content.learnerNotes.find((n) => n.userId === 'grace')
  assert.match(graceNotes?.notes[0]?.text ?? '', /^Grace was present for about \d+ minutes?\.$/)
  assert.match(graceNotes?.notes[1]?.text ?? '', /^Grace spoke 1 time and asked 1 question\.$/)

  // Only the instructor reviews; nobody else sees the draft or the recaps.
  assert.equal((await api('GET', '/summary', tokens.grace)).status, 403)
  assert.equal((await api('POST', '/summary/approve', tokens.grace)).status, 403)
  assert.equal((await api('GET', '/recaps', tokens.grace)).status, 403)
  assert.equal((await api('GET', '/summary', otherTenantKey)).status, 404, 'another tenant’s session does not exist for its admin')
  assert.equal((await api('GET', '/summary', adminKey)).status, 403, 'admins do not review summaries')
  assert.equal((await api('GET', '/recaps', otherTenantKey)).status, 404)
  assert.deepEqual((await api('GET', '/recaps', adminKey)).body.recaps, [], 'no recap before approval')
  // Presence and the lesson's start and end are recorded as they happen; approval adds the rest.
  const attendance = [
    'http://activitystrea.ms/schema/1.0/join',
    'http://activitystrea.ms/schema/1.0/leave',
    'http://adlnet.gov/expapi/verbs/initialized',
    'http://adlnet.gov/expapi/verbs/terminated',
    'urn:hilink:xapi:verbs:captioned',
  ]
  assert.deepEqual(
    testServer().services.events.forSession('default', sessionId).filter((e) => !attendance.includes(e.verb.id)),
    [],
    'no learning event but joins, leaves, start, end and caption counts before approval',
  )
  // Each speaker's caption segments are counted once, with the draft (the transcript is final then).
  const captioned = testServer().services.events.forSession('default', sessionId).filter((e) => e.verb.id === 'urn:hilink:xapi:verbs:captioned')
  assert.deepEqual(
    captioned.map((e) => [e.actor.account.name, e.result?.extensions?.['urn:hilink:xapi:caption-segments']]).sort(),
    [['ada', segments.filter((x) => x.speakerId === 'ada').length], ['grace', 1]],
  )
  const spokenMs = segments.filter((x) => x.speakerId === 'grace').reduce((n, x) => n + x.endMs - x.startMs, 0)
  assert.equal(captioned.find((e) => e.actor.account.name === 'grace')?.result?.duration, `PT${Math.round(spokenMs / 100) / 10}S`)
  assertValidStatements(captioned)

  const edited: SummaryContent = {
    ...content,
    topics: [{ text: 'We learnt what numerators and denominators are.', sources: [{ kind: 'instructor' }] }, ...content.topics],
  }
  assert.equal((await api('PUT', '/summary', tokens.ada, { content: { topics: 'nope' } })).status, 400)
  const saved = await api('PUT', '/summary', tokens.ada, { content: edited })
  assert.equal(saved.status, 200)
  assert.equal(saved.body.content.topics[0].text, 'We learnt what numerators and denominators are.')

  const approved = await api('POST', '/summary/approve', tokens.ada)
  assert.equal(approved.status, 200)
  assert.equal(approved.body.status, 'approved')
  assert.equal(approved.body.approvedBy, 'ada')
  const recaps = (await api('GET', '/recaps', adminKey)).body.recaps
  assert.deepEqual(recaps.map((r: { learnerId: string; attended: boolean }) => [r.learnerId, r.attended]).sort(), [['alan', false], ['grace', true]])
  const graceRecap = recaps.find((r: { learnerId: string }) => r.learnerId === 'grace')
  assert.equal(graceRecap.classSummary.topics[0].text, 'We learnt what numerators and denominators are.')
  assert.deepEqual(graceRecap.notes, graceNotes?.notes)

  // Approval and each recap are learning events (xAPI), with the instructor from the token as actor.
  const events = testServer().services.events.forSession('default', sessionId).filter((e) => !attendance.includes(e.verb.id))
  assert.deepEqual(
    events.map((e) => [e.actor.account.name, e.verb.display['en-US'], e.object.id]),
    [
      ['ada', 'approved', `urn:hilink:session:${sessionId}:summary`],
      ['ada', 'created a recap for', `urn:hilink:session:${sessionId}:recap:alan`],
      ['hilink', 'sent', `urn:hilink:session:${sessionId}:recap:alan`],
      ['ada', 'created a recap for', `urn:hilink:session:${sessionId}:recap:grace`],
      ['hilink', 'sent', `urn:hilink:session:${sessionId}:recap:grace`],
    ],
  )
  // No SMTP here: a recap is delivered by being stored, and the record says so.
  assert.deepEqual(events.filter((e) => e.verb.id === 'http://activitystrea.ms/schema/1.0/send').map((e) => e.context.extensions['urn:hilink:xapi:delivery']), ['stored', 'stored'])
  assertValidStatements(events)
  assert.equal(new Set(events.map((e) => e.id)).size, 5, 'each statement has its own id')
  assert.equal(events[0]?.context.registration, sessionId)

  assert.equal((await api('PUT', '/summary', tokens.ada, { content: edited })).status, 409, 'no edit after approval')
  assert.equal((await api('POST', '/summary/approve', tokens.ada)).status, 409)

  // The next session of the course: its instructor reads the brief before it starts.
  const next = await sessionWithTokens(testServer(), { bea: { role: 'instructor', name: 'Bea' }, kid: { role: 'learner' } })
  const brief = await testServer().api('GET', `/api/v1/courses/${sessionBody.courseId}/brief`, { auth: next.tokens.bea })
  assert.equal(brief.status, 200)
  assert.equal(brief.body.basedOn[0].sessionId, sessionId)
  assert.equal(brief.body.lastTopics[0].text, 'We learnt what numerators and denominators are.')
  assert.ok(brief.body.reinforce.some((l: { text: string }) => l.text.startsWith('Grace asked:')))
  assert.match(brief.body.followUp[0].text, /^Alan was absent\./)
  assert.equal((await testServer().api('GET', '/api/v1/courses/other-course/brief', { auth: next.tokens.bea })).status, 404)
  assert.equal((await testServer().api('GET', `/api/v1/courses/${sessionBody.courseId}/brief`, { auth: next.tokens.kid })).status, 403)
  assert.equal((await testServer().api('GET', `/api/v1/courses/${sessionBody.courseId}/brief`, { auth: otherTenantKey })).status, 404, 'no course of that tenant')
  grace.destroy()
})

test('the room learns from its document that the summary is drafted, then approved (never its content)', async () => {
  const { sessionId, tokens } = await sessionWithTokens(testServer(), { ada: { role: 'instructor' }, kid: { role: 'learner' } })
  const kid = connectPeer(testServer().url, sessionId, tokens.kid)
  await whenSynced(kid)
  const status = () => kid.doc.getMap('session').get('summary')
  const api = (method: string, p: string) => testServer().api(method, `/api/v1/sessions/${sessionId}${p}`, { auth: tokens.ada })
  assert.equal((await api('POST', '/start')).status, 200)
  assert.equal(status(), undefined, 'nothing while the lesson runs')
  assert.equal((await api('POST', '/end')).status, 200)
  await waitFor(() => status() === 'drafted', 20_000, 'drafted announced')
  assert.equal((await api('GET', '/summary')).status, 200, 'the draft is there when announced')
  assert.equal((await api('POST', '/summary/approve')).status, 200)
  await waitFor(() => status() === 'approved', 5000, 'approved announced')
  assert.deepEqual([...kid.doc.getMap('session').keys()].filter((k) => /content|topics/.test(k)), [], 'no content in the document')
})
