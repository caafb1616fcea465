import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { liveMessageType, syncCloseCodes, type LiveMessage } from '@hilink/protocol'
import { liveClass, useTestServer } from './helpers/test-server.ts'
import { RawSyncSocket, closeAllRawSockets } from './helpers/raw-socket.ts'
import { waitFor, sleep } from './helpers/sync-client.ts'

/**
 * Staff-only live data on the sync socket (ARCHITECTURE.md §6): open polls' results reach instructors and TAs
 * as per-connection messages, and never learners or observers — checked on the wire, not in a UI.
 */
const testServer = useTestServer(() => closeAllRawSockets())

function liveMessages(socket: RawSyncSocket): LiveMessage[] {
  const messages: LiveMessage[] = []
  for (const bytes of socket.received) {
    const decoder = decoding.createDecoder(bytes)
    if (decoding.readVarUint(decoder) === liveMessageType) messages.push(JSON.parse(decoding.readVarString(decoder)) as LiveMessage)
  }
  return messages
}

async function joined(sessionId: string, token: string): Promise<RawSyncSocket> {
  const socket = new RawSyncSocket(testServer().url, sessionId, token)
  await socket.opened()
  await waitFor(() => socket.received.length > 0)
  return socket
}

test('answers reach instructors and TAs as live results, learners and observers receive none', async () => {
  const { sessionId, tokens, api } = await liveClass(testServer())
  const ada = await joined(sessionId, tokens.ada)
  const tom = await joined(sessionId, tokens.tom)
  const alan = await joined(sessionId, tokens.alan)
  const olga = await joined(sessionId, tokens.olga)
  const poll = (await api('POST', '/polls', tokens.ada, { question: '1/2 + 1/4?', options: ['3/4', '2/6'], kind: 'check', correctOption: 0 })).body
  assert.equal((await api('POST', `/polls/${poll.id}/answer`, tokens.grace, { option: 0 })).status, 200)
  assert.equal((await api('POST', `/polls/${poll.id}/answer`, tokens.alan, { option: 1 })).status, 200)
  const final = (s: RawSyncSocket) => liveMessages(s).flatMap((m) => (m.topic === 'poll.results' && m.pollId === poll.id ? [m] : [])).at(-1)
  await waitFor(() => final(ada)?.results.counts.join() === '1,1' && final(tom)?.results.counts.join() === '1,1', 5000, 'staff tallies')
  assert.equal(final(ada)?.results.correctOption, 0)
  await sleep(100)
  assert.deepEqual(liveMessages(alan), [], 'a learner receives no live data')
  assert.deepEqual(liveMessages(olga), [], 'an observer receives no live data')

  // A TA who joins now starts from the tally so far; closing the poll puts the results in the document for all.
  const lateTa = await joined(sessionId, tokens.tom)
  await waitFor(() => final(lateTa)?.results.counts.join() === '1,1', 5000, 'snapshot on join')
  assert.equal((await api('POST', `/polls/${poll.id}/close`, tokens.ada)).status, 200)
  const closedSnapshot = await joined(sessionId, tokens.ada)
  await sleep(200)
  assert.equal(liveMessages(closedSnapshot).filter((m) => m.topic === 'poll.results').length, 0, 'closed polls are in the document, not on the live channel')
})

test('a client that sends a live message is disconnected', async () => {
  const { sessionId, tokens } = await liveClass(testServer())
  const ada = await joined(sessionId, tokens.ada)
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, liveMessageType)
  encoding.writeVarString(encoder, JSON.stringify({ topic: 'poll.results', pollId: 'x', results: { counts: [9], correctOption: null } }))
  ada.send(encoding.toUint8Array(encoder))
  assert.equal(await ada.closed(), syncCloseCodes.badMessage)
})
