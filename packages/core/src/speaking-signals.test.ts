// Unit test of the speaking reporter. Run: node --import tsx --test packages/core/src/speaking-signals.test.ts
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ClientSignalType } from '@hilink/protocol'
import { reportSpeaking, type SpeakingSource } from './speaking-signals.ts'

/** An AV source whose participants the test sets, notifying like the AV model does on every room event. */
class Source implements SpeakingSource {
  participants: Array<{ local: boolean; speaking: boolean }> = []
  private readonly listeners = new Set<() => void>()
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  set(local: boolean | undefined, remote = false): void {
    this.participants = [...(local === undefined ? [] : [{ local: true, speaking: local }]), { local: false, speaking: remote }]
    for (const l of this.listeners) l()
  }
  get listening(): number {
    return this.listeners.size
  }
}

test('only this participant’s own transitions are sent; leaving the room or stopping ends a stretch', () => {
  const source = new Source()
  const sent: ClientSignalType[] = []
  const stop = reportSpeaking(source, { record: (type) => sent.push(type) })
  source.set(false, true) // someone else speaks: nothing to report
  source.set(true, true)
  source.set(true, false) // still speaking (another event): no second start
  source.set(false)
  source.set(true)
  source.set(undefined) // left the AV room mid-sentence
  assert.deepEqual(sent, ['speaking-started', 'speaking-stopped', 'speaking-started', 'speaking-stopped'])
  source.set(true)
  stop()
  assert.deepEqual(sent.slice(4), ['speaking-started', 'speaking-stopped'], 'stopping ends the stretch under way')
  assert.equal(source.listening, 0, 'and unsubscribes')
  stop()
  assert.equal(sent.length, 6, 'stopping twice sends nothing more')
})
