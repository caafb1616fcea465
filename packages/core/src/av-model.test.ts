// Unit test of AvModel's state (from a real Yjs doc) and of its join against the real HiLink server with AV off.
// Media needs a browser and the SFU: packages/elements/src/components/av-stage/av-stage.test.ts and e2e/av*.test.ts.
// Run: node --import tsx --test packages/core/src/av-model.test.ts
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import * as Y from 'yjs'
import { avSessionKeys, rootNames, sessionKeys, type ParticipantRole } from '@hilink/protocol'
import { AvModel, problemOf } from './av-model.ts'
import { apiClient, type SessionApi } from './api-client.ts'
import { ApiError } from './room-session.ts'
import { startTestServer, sessionWithTokens, type TestServer } from '../../../server/test/helpers/test-server.ts'

let server: TestServer
before(async () => {
  server = await startTestServer(undefined, { HILINK_AV: 'off' })
})
after(async () => server?.stop({ removeData: true }))

/** What RoomSession gives a model: the session, who we are, and the typed API client with our token. */
function sessionApi(sessionId: string, sub: string, role: ParticipantRole, token: string): SessionApi {
  const send = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers)
    headers.set('authorization', `Bearer ${token}`)
    const res = await fetch(input, { ...init, headers })
    if (!res.ok) {
      const json = (await res.json()) as { error?: { message: string } }
      throw new ApiError(res.status, json.error?.message ?? String(res.status))
    }
    return res
  }
  return { sessionId, identity: { sub, role }, client: apiClient(server?.url ?? 'http://127.0.0.1:9', send) }
}

test('a learner may publish only while the session map allows it; staff always; observers never', () => {
  const doc = new Y.Doc()
  const session = doc.getMap(rootNames.session)
  const api = (role: ParticipantRole) => sessionApi('s', 'u', role, 't')
  const learner = new AvModel(doc, api('learner'))
  const observer = new AvModel(doc, api('observer'))
  const instructor = new AvModel(doc, api('instructor'))
  const ta = new AvModel(doc, api('ta'))
  let changes = 0
  learner.subscribe(() => changes++)
  assert.equal(learner.canPublish, false)
  assert.equal(instructor.canPublish, true)
  assert.equal(instructor.canShareScreen, true)
  assert.equal(ta.canShareScreen, true)
  assert.equal(ta.canAllowLearners, false)
  assert.equal(instructor.canAllowLearners, true)
  session.set(avSessionKeys.learnersPublish, true)
  assert.equal(learner.canPublish, true)
  assert.equal(learner.canShareScreen, false, 'learners never share a screen')
  assert.equal(observer.canPublish, false)
  assert.ok(changes >= 1, 'the model tells its element')
  session.set(avSessionKeys.learnersPublish, false)
  assert.equal(learner.canPublish, false)
  for (const m of [learner, observer, instructor, ta]) m.destroy()
})

test('the lesson’s end closes the stage', () => {
  const doc = new Y.Doc()
  const model = new AvModel(doc, sessionApi('s', 'u', 'learner', 't'))
  doc.getMap(rootNames.session).set(sessionKeys.state, 'live')
  assert.equal(model.lessonLive, true)
  assert.equal(model.status, 'idle')
  doc.getMap(rootNames.session).set(sessionKeys.state, 'ended')
  assert.equal(model.status, 'ended')
  assert.deepEqual(model.participants, [])
  model.destroy()
})

test('join on a server without AV: unavailable, nothing loaded, nothing thrown', async () => {
  const { sessionId, tokens } = await sessionWithTokens(server, { ada: { role: 'instructor' } })
  const doc = new Y.Doc()
  doc.getMap(rootNames.session).set(sessionKeys.state, 'live')
  const model = new AvModel(doc, sessionApi(sessionId, 'ada', 'instructor', tokens.ada))
  await model.join()
  assert.equal(model.status, 'unavailable')
  assert.equal(model.room, undefined)
  model.destroy()
})

test('problems a person can act on', () => {
  assert.equal(problemOf(new DOMException('Permission denied', 'NotAllowedError')), 'permission-denied')
  assert.equal(problemOf(new DOMException('Requested device not found', 'NotFoundError')), 'no-device')
  assert.equal(problemOf(new DOMException('Could not start video source', 'NotReadableError')), 'device-busy')
  assert.equal(problemOf(new Error('insufficient permissions to publish')), 'not-allowed')
  assert.equal(problemOf(new Error('something else')), 'failed')
})
