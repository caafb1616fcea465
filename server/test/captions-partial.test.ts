import { test } from 'node:test'
import assert from 'node:assert/strict'
import { openAudio, streamPcm } from './helpers/audio-socket.ts'
import { liveClass, useTestServer } from './helpers/test-server.ts'
import { connectPeer, destroyAllPeers, sleep, waitFor, whenSynced } from './helpers/sync-client.ts'
import { concatBytes, silencePcm16, speak } from '../../tools/speech.mjs'

/**
 * A partial caption never outlives its speaker: when the speaker stops mid-sentence (the audio socket closes),
 * the partial goes, and a partial whose transcription finishes late is dropped rather than left on screen.
 */
const testServer = useTestServer(destroyAllPeers)

test('a speaker who stops mid-sentence leaves no partial caption behind', async () => {
  const s = testServer()
  assert.ok(s.services.transcription.available, 'the speech model is installed (npm run setup)')
  const { sessionId, tokens } = await liveClass(s)
  const peer = connectPeer(s.url, sessionId, tokens.grace)
  await whenSynced(peer)
  const partials = peer.doc.getMap('captionsPartial')

  const { ws, closed } = await openAudio(s.url, sessionId, tokens.ada)
  // Long speech without a pause: partials come while it lasts; the socket closes before the sentence ends.
  const long = 'Fractions have a numerator and a denominator, and we add them by finding a common denominator first, always.'
  await streamPcm(ws, concatBytes(silencePcm16(300), speak(long)).subarray(0, 32 * 3500))
  await waitFor(() => partials.size > 0, 60_000, 'a partial caption while speaking')
  ws.close()
  await closed
  await s.services.transcription.whenIdle('default', sessionId)
  await sleep(1500) // any partial transcription still running finishes (and must be dropped)
  assert.equal(partials.size, 0, 'no partial left after the speaker stopped')
})
