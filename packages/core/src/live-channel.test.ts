import { test } from 'node:test'
import assert from 'node:assert/strict'
import { LiveChannel } from './live-channel.ts'

const results = (counts: number[]) => ({ counts, correctOption: null })

test('messages reach the subscribers of their topic; a late subscriber starts from the latest per poll', () => {
  const channel = new LiveChannel()
  const seen: string[] = []
  const stop = channel.subscribe('poll.results', (m) => seen.push(`${m.pollId}:${m.results.counts.join()}`))
  assert.equal(channel.receive(JSON.stringify({ topic: 'poll.results', pollId: 'p1', results: results([1, 0]) })), true)
  assert.equal(channel.receive(JSON.stringify({ topic: 'poll.results', pollId: 'p1', results: results([1, 1]) })), true)
  assert.equal(channel.receive(JSON.stringify({ topic: 'poll.results', pollId: 'p2', results: results([3]) })), true)
  assert.deepEqual(seen, ['p1:1,0', 'p1:1,1', 'p2:3'])
  stop()
  channel.receive(JSON.stringify({ topic: 'poll.results', pollId: 'p2', results: results([4]) }))
  assert.equal(seen.length, 3, 'no delivery after unsubscribing')
  const late: string[] = []
  channel.subscribe('poll.results', (m) => late.push(`${m.pollId}:${m.results.counts.join()}`))
  assert.deepEqual(late, ['p1:1,1', 'p2:4'])
})

test('anything that is not a known live message is ignored', () => {
  const channel = new LiveChannel()
  const seen: unknown[] = []
  channel.subscribe('poll.results', (m) => seen.push(m))
  for (const bad of ['not json', '{}', JSON.stringify({ topic: 'other', pollId: 'p' }), JSON.stringify({ topic: 'poll.results', pollId: 'p', results: { counts: 'x' } })]) {
    assert.equal(channel.receive(bad), false, bad)
  }
  assert.deepEqual(seen, [])
})
