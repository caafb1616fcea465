// PollsModel against the real server (RoomSessions over the ws package). Run:
// node --import tsx --test packages/core/src/polls-model.test.ts
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { liveClass, startTestServer } from '../../../server/test/helpers/test-server.ts'
import { waitFor } from '../../../server/test/helpers/sync-client.ts'
import { testRooms } from './test-support/rooms.ts'
import { PollsModel, secondsLeft } from './polls-model.ts'
import { PollDraftModel } from './poll-draft-model.ts'

const server = await startTestServer()
const { join, destroyAll } = testRooms(() => server.url)
after(async () => {
  destroyAll()
  await server.stop({ removeData: true })
})

test('a timed multi-question check through the models: staff tallies arrive live, the learner’s answer is kept, the server closes it', async () => {
  const { tokens } = await liveClass(server)
  const ada = join(tokens.ada)
  const grace = join(tokens.grace)
  await waitFor(() => ada.status === 'live' && grace.status === 'live', 5000, 'rooms live')
  const staff = new PollsModel(ada.doc, ada)
  const learner = new PollsModel(grace.doc, grace)
  staff.subscribe(() => {})
  learner.subscribe(() => {})

  const launched = await staff.launch({
    question: 'Check',
    kind: 'check',
    durationSeconds: 5,
    questions: [
      { question: 'a?', options: ['1', '2'], correctOption: 0 },
      { question: 'b?', options: ['1', '2'], correctOption: 1 },
    ],
  })
  assert.ok(launched, staff.problem)
  await waitFor(() => learner.poll(launched.id) !== undefined, 5000, 'the learner sees it')
  const left = secondsLeft(learner.poll(launched.id)!)
  assert.ok(left !== null && left >= 3 && left <= 5, `countdown ${left}`)
  assert.equal(await learner.respond(launched.id, { answers: [0, 0] }), true)
  assert.deepEqual(learner.myResponse(launched.id), { answers: [0, 0] })
  await waitFor(() => staff.results(launched.id)?.questions?.[1]?.counts.join() === '1,0', 5000, 'live tally for staff')

  // A refused command leaves its problem (the server's words) and clears busy.
  assert.equal(await learner.respond(launched.id, { option: 0 }), false)
  assert.equal(learner.busy, false)
  assert.match(learner.problem ?? '', /does not fit/)

  await waitFor(() => learner.poll(launched.id)?.state === 'closed', 9000, 'closed by the server')
  assert.equal(secondsLeft(learner.poll(launched.id)!), null)
  await waitFor(() => learner.results(launched.id)?.questions?.length === 2, 5000, 'results reach the learner on close')
})

test('the draft becomes the launch body each kind takes', () => {
  const model = new PollDraftModel()
  model.setQuestion(' Sky is blue ')
  model.setKind('truefalse')
  model.setCorrectOption(0)
  model.setSettings({ durationSeconds: 30, anonymous: true, revealManually: true })
  assert.deepEqual(model.body(), { question: 'Sky is blue', kind: 'truefalse', correctOption: 0, durationSeconds: 30, anonymous: true, reveal: 'manual' })
  model.setKind('multiple')
  model.setOption(0, 'a')
  model.setOption(1, 'b')
  assert.deepEqual(model.body().options, ['a', 'b'])
  assert.equal('correctOption' in model.body(), false, 'multiple choice has no correct option')
})

test('the poll library: saved from one session, listed and launched in a later session of the same course', async () => {
  const first = await liveClass(server)
  const ada = join(first.tokens.ada)
  await waitFor(() => ada.status === 'live', 5000, 'room live')
  const model = new PollsModel(ada.doc, ada)
  const draft = new PollDraftModel()
  draft.setQuestion('Ready to start?')
  draft.setKind('truefalse')
  const saved = await model.saveToLibrary('Warm-up', draft.body())
  assert.ok(saved, model.problem)
  const later = await liveClass(server)
  const tom = join(later.tokens.tom)
  await waitFor(() => tom.status === 'live', 5000, 'room live')
  const laterModel = new PollsModel(tom.doc, tom)
  const entries = await laterModel.library()
  const entry = entries.find((e) => e.id === saved.id)
  assert.ok(entry, 'the later session of the course lists it')
  const launched = await laterModel.launch(entry.poll)
  assert.deepEqual(launched?.options, ['True', 'False'])
  const learner = new PollsModel(join(later.tokens.grace).doc, undefined)
  assert.deepEqual(await learner.library(), [], 'a model without the session API has no library')
  assert.ok(learner.problem, 'and says something went wrong')
})

