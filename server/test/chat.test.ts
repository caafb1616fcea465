import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chatMessages, rootNames } from '@hilink/protocol'
import { liveClass, sessionWithTokens, useTestServer } from './helpers/test-server.ts'
import { connectPeer, destroyAllPeers, sleep, waitFor, whenSynced } from './helpers/sync-client.ts'

const server = useTestServer(destroyAllPeers)
const commented = 'http://adlnet.gov/expapi/verbs/commented'

test('a learner’s message reaches the room with author, role and time from the token, and is a learning event', async () => {
  const s = server()
  const { sessionId, tokens, api } = await liveClass(s)
  const observer = connectPeer(s.url, sessionId, tokens.olga)
  await whenSynced(observer)
  const chat = observer.doc.getArray(rootNames.chat)

  const before = Date.now()
  // Extra fields in the body (a forged author) are refused, not ignored.
  const forged = await api('POST', '/chat', tokens.grace, { text: 'hi', authorId: 'ada', authorName: 'Ada' })
  assert.equal(forged.status, 400)
  assert.equal(forged.body.error.code, 'invalid_request')

  const posted = await api('POST', '/chat', tokens.grace, { text: '  <b>hi</b> <img src=x onerror=alert(1)>  ' })
  assert.equal(posted.status, 201, JSON.stringify(posted.body))
  assert.equal(posted.body.authorId, 'grace')
  assert.equal(posted.body.authorName, 'Grace')
  assert.equal(posted.body.authorRole, 'learner')
  assert.equal(posted.body.text, '<b>hi</b> <img src=x onerror=alert(1)>', 'kept as text (trimmed), not sanitised into something else')
  assert.ok(Date.parse(posted.body.sentAt) >= before - 1000)

  await waitFor(() => chat.length === 1, 5000, 'the message in the observer’s doc')
  assert.deepEqual(chatMessages(chat.toArray())[0], posted.body)

  const events = s.services.events.forSession('default', sessionId).filter((e) => e.verb.id === commented)
  assert.equal(events.length, 1)
  assert.equal(events[0]!.actor.account.name, 'grace')
  assert.equal(events[0]!.result?.response, posted.body.text)
})

test('bad input is a clear 4xx and nothing reaches the room: oversized, empty, observer, other session, not live', async () => {
  const s = server()
  const { sessionId, tokens, api } = await liveClass(s)
  const peer = connectPeer(s.url, sessionId, tokens.ada)
  await whenSynced(peer)
  const chat = peer.doc.getArray(rootNames.chat)

  const oversized = await api('POST', '/chat', tokens.grace, { text: 'x'.repeat(2001) })
  assert.equal(oversized.status, 400)
  assert.equal(oversized.body.error.code, 'invalid_request')
  assert.match(oversized.body.error.message, /2000/)
  // 2,000 characters is the limit in characters: 2,000 emoji (4,000 UTF-16 units) fit.
  assert.equal((await api('POST', '/chat', tokens.grace, { text: '🙂'.repeat(2000) })).status, 201)
  assert.equal((await api('POST', '/chat', tokens.grace, { text: ' \n\t ' })).status, 400)
  assert.equal((await api('POST', '/chat', tokens.grace, { text: 42 })).status, 400)

  const observer = await api('POST', '/chat', tokens.olga, { text: 'I am only watching' })
  assert.equal(observer.status, 403)
  assert.equal(observer.body.error.code, 'forbidden')

  const other = await sessionWithTokens(s, { zed: { role: 'learner', name: 'Zed' } })
  const foreign = await api('POST', '/chat', other.tokens.zed, { text: 'hello from elsewhere' })
  assert.equal(foreign.status, 404)
  assert.equal(foreign.body.error.code, 'not_found')

  const admin = await s.api('POST', `/api/v1/sessions/${sessionId}/chat`, { auth: 'hl_admin_test-key-of-tenant-default-0000', body: { text: 'x' } })
  assert.equal(admin.status, 403)

  await sleep(200)
  assert.equal(chat.length, 1, 'only the valid message reached the room')

  // Before the start and after the end, the chat is closed.
  assert.equal((await s.api('POST', `/api/v1/sessions/${other.sessionId}/chat`, { auth: other.tokens.zed, body: { text: 'early' } })).status, 409)
  assert.equal((await api('POST', '/end', tokens.ada)).status, 200)
  const late = await api('POST', '/chat', tokens.grace, { text: 'anyone?' })
  assert.equal(late.status, 409)
  assert.equal(late.body.error.code, 'conflict')
})

test('flooding is answered 429 with Retry-After, per participant; the server stays up', async () => {
  const s = server()
  const { sessionId, tokens, api } = await liveClass(s)
  const statuses: number[] = []
  let retryAfter: string | null = null
  for (let i = 0; i < 35; i++) {
    const res = await fetch(`${s.url}/api/v1/sessions/${sessionId}/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.alan}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: `spam ${i}` }),
    })
    statuses.push(res.status)
    if (res.status === 429) {
      retryAfter = res.headers.get('retry-after')
      const body = (await res.json()) as { error: { code: string } }
      assert.equal(body.error.code, 'rate_limited')
    }
  }
  assert.equal(statuses.filter((x) => x === 201).length, 30)
  assert.equal(statuses.filter((x) => x === 429).length, 5)
  assert.ok(retryAfter !== null && Number(retryAfter) > 0, `Retry-After: ${retryAfter}`)
  // Another participant is not limited by Alan's flood.
  assert.equal((await api('POST', '/chat', tokens.grace, { text: 'still here' })).status, 201)
  assert.equal((await s.api('GET', '/health')).status, 200)
})

test('instructors and TAs delete any message for everyone; a learner cannot, not even their own', async () => {
  const s = server()
  const { sessionId, tokens, api } = await liveClass(s)
  const peer = connectPeer(s.url, sessionId, tokens.grace)
  await whenSynced(peer)
  const chat = peer.doc.getArray(rootNames.chat)
  const a = (await api('POST', '/chat', tokens.grace, { text: 'first' })).body
  const b = (await api('POST', '/chat', tokens.alan, { text: 'second' })).body
  const c = (await api('POST', '/chat', tokens.ada, { text: 'third' })).body
  await waitFor(() => chat.length === 3, 5000, 'three messages')

  const byLearner = await api('DELETE', `/chat/${b.id}`, tokens.grace)
  assert.equal(byLearner.status, 403)
  assert.equal(byLearner.body.error.code, 'forbidden')
  assert.equal((await api('DELETE', `/chat/${a.id}`, tokens.grace)).status, 403)
  assert.equal((await api('DELETE', `/chat/${a.id}`, tokens.olga)).status, 403)
  assert.equal((await api('DELETE', '/chat/not-a-uuid', tokens.ada)).status, 400)

  assert.equal((await api('DELETE', `/chat/${b.id}`, tokens.tom)).status, 200)
  await waitFor(() => chat.length === 2, 5000, 'the message gone from the learner’s doc')
  assert.deepEqual(chatMessages(chat.toArray()).map((m) => m.text), ['first', 'third'])
  const again = await api('DELETE', `/chat/${b.id}`, tokens.ada)
  assert.equal(again.status, 404)
  assert.equal((await api('DELETE', `/chat/${c.id}`, tokens.ada)).status, 200)
  await waitFor(() => chat.length === 1, 5000, 'only the first left')

  const deletions = s.services.events.forSession('default', sessionId).filter((e) => e.verb.id === 'urn:hilink:xapi:verbs:deleted-message')
  assert.deepEqual(deletions.map((e) => e.actor.account.name), ['tom', 'ada'])
})

test('a client cannot write into the chat root itself', async () => {
  const s = server()
  const { sessionId, tokens, api } = await liveClass(s)
  const learner = connectPeer(s.url, sessionId, tokens.grace)
  const instructor = connectPeer(s.url, sessionId, tokens.ada)
  await Promise.all([whenSynced(learner), whenSynced(instructor)])
  learner.doc.getArray(rootNames.chat).push([{ id: 'forged', authorId: 'ada', authorName: 'Ada', authorRole: 'instructor', text: 'no homework', sentAt: new Date().toISOString() }])
  await api('POST', '/chat', tokens.alan, { text: 'real' })
  const chat = instructor.doc.getArray(rootNames.chat)
  await waitFor(() => chat.length >= 1, 5000, 'the real message')
  await sleep(300)
  assert.deepEqual(chatMessages(chat.toArray()).map((m) => m.text), ['real'])
})
