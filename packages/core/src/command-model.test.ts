// Unit test of the models' shared command runner. Run: node --import tsx --test packages/core/src/command-model.test.ts
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CommandModel } from './command-model.ts'

/** A model with one command whose outcome the test decides. */
class Probe extends CommandModel {
  go(outcome: Promise<unknown>): Promise<boolean> {
    return this.run(() => outcome)
  }
}

const deferred = () => {
  let resolve!: () => void
  let reject!: (err: Error) => void
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

test('busy while a command runs; its problem is the error message; listeners hear each change', async () => {
  const model = new Probe()
  let notified = 0
  const off = model.subscribe(() => notified++)
  const d = deferred()
  const running = model.go(d.promise)
  assert.equal(model.busy, true)
  d.reject(new Error('The session has ended.'))
  assert.equal(await running, false)
  assert.equal(model.busy, false)
  assert.equal(model.problem, 'The session has ended.')
  assert.ok(notified >= 2)
  model.clearProblem()
  assert.equal(model.problem, undefined)
  off()
  const before = notified
  await model.go(Promise.resolve())
  assert.equal(notified, before, 'unsubscribed')
})

test('the latest call wins: an older command finishing late neither ends the busy state nor sets its problem', async () => {
  const model = new Probe()
  const older = deferred()
  const newer = deferred()
  const first = model.go(older.promise)
  const second = model.go(newer.promise)
  older.reject(new Error('stale failure'))
  assert.equal(await first, false)
  assert.equal(model.busy, true, 'the newer command still runs')
  assert.equal(model.problem, undefined, 'the stale failure is not shown')
  newer.resolve()
  assert.equal(await second, true)
  assert.equal(model.busy, false)
  assert.equal(model.problem, undefined)
})

test("a browser's own error text never becomes the problem", async () => {
  const model = new Probe()
  assert.equal(await model.go(Promise.reject(new TypeError('Failed to fetch'))), false)
  assert.equal(model.problem, 'Something went wrong. Try again.')
  assert.equal(model.problemCode, 'unexpected')
})

test('one Notifier base: models, the signal queue and the room session share listeners and notify', async () => {
  const { Notifier } = await import('./command-model.ts')
  const { VisibilitySignals } = await import('./signals.ts')
  const { RoomSession } = await import('./room-session.ts')
  for (const Kind of [CommandModel, VisibilitySignals, RoomSession]) assert.ok(Kind.prototype instanceof Notifier, Kind.name)
  // A listener that unsubscribes while being notified does not keep the others from hearing it.
  // Nothing listens on port 9: the queued signals stay queued, which is all this test needs.
  const signals = new VisibilitySignals({ server: 'http://127.0.0.1:9', token: 't', source: { visibilityState: 'visible', addEventListener() {}, removeEventListener() {} } })
  const heard: string[] = []
  const off = signals.subscribe(() => {
    heard.push('first')
    off()
  })
  signals.subscribe(() => heard.push('second'))
  const count = (who: string) => heard.filter((h) => h === who).length
  signals.record('tab-hidden')
  assert.deepEqual([heard[0], count('first')], ['first', 1], 'the first heard the signal queued, once')
  const secondBefore = count('second')
  assert.ok(secondBefore >= 1, 'so did the second')
  signals.record('tab-visible')
  assert.equal(count('first'), 1, 'the first unsubscribed for good')
  assert.ok(count('second') > secondBefore, 'the second still hears')
  signals.stop()
})
