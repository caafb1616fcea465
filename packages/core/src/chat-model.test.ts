// ChatModel against the real server (a RoomSession over the ws package). Run:
// node --import tsx --test packages/core/src/chat-model.test.ts
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { liveClass, startTestServer } from '../../../server/test/helpers/test-server.ts'
import { waitFor } from '../../../server/test/helpers/sync-client.ts'
import { testRooms } from './test-support/rooms.ts'
import { ChatModel } from './chat-model.ts'

const server = await startTestServer()
const { join, destroyAll } = testRooms(() => server.url)
after(async () => {
  destroyAll()
  await server.stop({ removeData: true })
})

test('sends the draft, clears it, and every model in the room reads the message; staff delete, others cannot', async () => {
  const { tokens } = await liveClass(server)
  const grace = join(tokens.grace)
  const ada = join(tokens.ada)
  const olga = join(tokens.olga)
  await waitFor(() => [grace, ada, olga].every((r) => r.status === 'live'), 5000, 'rooms live')
  const graceChat = new ChatModel(grace.doc, grace)
  const adaChat = new ChatModel(ada.doc, ada)
  const olgaChat = new ChatModel(olga.doc, olga)
  await waitFor(() => graceChat.open, 5000, 'the lesson is live in the doc')
  assert.deepEqual([graceChat.canPost, graceChat.canDelete], [true, false])
  assert.deepEqual([adaChat.canPost, adaChat.canDelete], [true, true])
  assert.deepEqual([olgaChat.canPost, olgaChat.canDelete], [false, false])

  let heard = 0
  const off = adaChat.subscribe(() => heard++)
  graceChat.setDraft('  <i>two thirds</i>  ')
  assert.equal(await graceChat.send(), true)
  assert.equal(graceChat.draft, '')
  await waitFor(() => adaChat.messages.length === 1 && olgaChat.messages.length === 1, 5000, 'the message everywhere')
  const [message] = adaChat.messages
  assert.equal(message!.text, '<i>two thirds</i>')
  assert.equal(message!.authorName, 'Grace')
  assert.equal(graceChat.isMine(message!), true)
  assert.equal(adaChat.isMine(message!), false)
  assert.ok(heard > 0, 'subscribers hear the new message')
  off()

  // A refused command keeps the draft and shows the server's message.
  graceChat.setDraft('x'.repeat(2001))
  assert.equal(graceChat.draftTooLong, true)
  assert.equal(await graceChat.send(), false, 'not sent: too long')
  assert.equal(await graceChat.delete(message!.id), false)
  assert.match(graceChat.problem ?? '', /may not chat\.delete/)

  assert.equal(await adaChat.delete(message!.id), true)
  await waitFor(() => graceChat.messages.length === 0, 5000, 'deleted for everyone')
})
