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
