/**
 * npm run bench:guard: how long the sync write guard takes to decide on one client update, against applying the
 * same update with `Y.applyUpdate` in the same run (the work the server does anyway once it accepts it).
 *
 * Two shapes of update, each at 1k, 10k and 100k items:
 * - paste: N records set in the whiteboard map at once (each item names its root: the common case);
 * - chain: N array items each inserted before the previous one, so each names only its right neighbour and the
 *   guard must follow the chain (the shape that took the old guard 31 s for 4,500 items).
 * The guard decides against a document that already holds a lesson's worth of content. Two figures per update:
 * the roots it touches (`footprintOf`, the part that used to be cubic), and the whole decision
 * (`checkClientUpdate`: roots, policies, and for the board every record checked with tldraw's schema).
 */
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { footprintOf } from '../server/src/sync/update-roots.ts'
import { checkClientUpdate } from '../server/src/sync/write-policy.ts'
import { boardPage, boardShape } from '../server/test/helpers/board-records.ts'

const sizes = (process.env.BENCH_GUARD_SIZES ?? '1000,10000,100000').split(',').map(Number)
const repeats = Number(process.env.BENCH_GUARD_REPEATS ?? 7)
const pasteMax = Number(process.env.BENCH_GUARD_PASTE_MAX ?? 10_000)

function baseDoc(): Y.Doc {
  const doc = new Y.Doc()
  doc.getMap('session').set('state', 'live')
  const board = doc.getMap('whiteboard')
  board.set(boardPage.id, boardPage)
  for (let i = 0; i < 2000; i++) board.set(`shape:base-${i}`, boardShape(`base-${i}`, 'geo', { x: i, y: i }))
  return doc
}

/** Digits of tldraw's fractional index keys: `a` followed by one of these is a valid key (a2, a3 … az). */
const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function pasteUpdate(base: Y.Doc, n: number): Uint8Array {
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(base))
  const before = Y.encodeStateVector(client)
  client.transact(() => {
    const board = client.getMap('whiteboard')
    // Spread over pages of at most 4,000 shapes (tldraw's limit per page, which the server enforces).
    for (let p = 0; p * 4000 < n; p++) board.set(`page:paste-${p}`, { ...boardPage, id: `page:paste-${p}`, index: `a${base62[p + 2]}` })
    for (let i = 0; i < n; i++) {
      board.set(`shape:paste-${i}`, boardShape(`paste-${i}`, 'geo', { x: i, y: 2 * i, parentId: `page:paste-${Math.floor(i / 4000)}` }))
    }
  })
  return Y.encodeStateAsUpdate(client, before)
}

function chainUpdate(n: number): Uint8Array {
  const client = new Y.Doc()
  const list = client.getArray<number>('scratch')
  for (let i = 0; i < n; i++) list.insert(0, [i])
  return Y.encodeStateAsUpdate(client)
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

function timeIt(work: () => void): number {
  const samples: number[] = []
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now()
    work()
    samples.push(performance.now() - t0)
  }
  return median(samples)
}

/**
 * `work` on a fresh copy of `update` each time (copied outside the measurement): the server decodes a message's
 * update once and shares the result by the bytes object (server/src/sync/decoded-update.ts), so timing the same
 * object again would time that cache, not a decision on a new message.
 */
function timeOnCopies(update: Uint8Array, work: (copy: Uint8Array) => void): number {
  const samples: number[] = []
  for (let i = 0; i < repeats; i++) {
    const copy = update.slice()
    const t0 = performance.now()
    work(copy)
    samples.push(performance.now() - t0)
  }
  return median(samples)
}

/** Y.applyUpdate timings only (the fresh document each needs is built outside the measurement). */
const applyOnly: number[] = []
const base = baseDoc()
const baseState = Y.encodeStateAsUpdate(base)
console.log(`guard decision vs Y.applyUpdate, median of ${repeats}, against a document of 2,000 records`)
console.log('| update | items | bytes | roots (footprintOf) | whole decision | Y.applyUpdate | decision / apply | decision per 10 KB |')
console.log('|---|---|---|---|---|---|---|---|')
for (const [shape, make] of [
  ['paste', (n: number) => pasteUpdate(base, n)],
  ['chain', (n: number) => chainUpdate(n)],
] as const) {
  for (const n of sizes) {
    // A paste of 100k tldraw records is 38 MB: nineteen times the largest sync message the server accepts.
    if (shape === 'paste' && n > pasteMax) continue
    const update = make(n)
    const footprint = footprintOf(base, update)
    if (!footprint) throw new Error(`the guard could not place a ${shape} update`)
    const verdict = checkClientUpdate(base, 'learner', update, 'bench-learner')
    if (shape === 'paste' && !verdict.allowed) throw new Error(`a paste must be allowed: ${verdict.allowed ? '' : verdict.reason}`)
    const roots = timeOnCopies(update, (copy) => footprintOf(base, copy))
    const guard = timeOnCopies(update, (copy) => checkClientUpdate(base, 'learner', copy, 'bench-learner'))
    const apply = timeIt(() => {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, baseState)
      const t0 = performance.now()
      Y.applyUpdate(doc, update)
      applyOnly.push(performance.now() - t0)
    })
    const applyMs = median(applyOnly.splice(0))
    void apply
    const per10k = guard / (update.byteLength / 10_240)
    console.log(
      `| ${shape} | ${n.toLocaleString('en')} | ${(update.byteLength / 1024).toFixed(0)} KB | ${roots.toFixed(2)} ms | ${guard.toFixed(2)} ms | ${applyMs.toFixed(2)} ms | ${(guard / applyMs).toFixed(2)}× | ${per10k.toFixed(2)} ms |`,
    )
  }
}
