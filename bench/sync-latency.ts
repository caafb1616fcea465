/**
 * npm run bench: fan-out latency of one room with 30 y-websocket clients on loopback.
 * One client writes a whiteboard entry every few milliseconds; every other client records how long the entry
 * took to arrive. The same run measures the plain @y/websocket-server (bench/reference-server.ts) and HiLink
 * (auth, write-policy guard, SQLite append before apply), each in its own process, and prints the ratio.
 */
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { spawnHiLinkServer, spawnListening, stopChild } from '../tools/spawn-server.mjs'

const clients = Number(process.env.BENCH_CLIENTS ?? 30)
const updates = Number(process.env.BENCH_UPDATES ?? 300)
const warmup = 20
const intervalMs = Number(process.env.BENCH_INTERVAL_MS ?? 10)
const rounds = Number(process.env.BENCH_ROUNDS ?? 2)
process.setMaxListeners(0) // each y-websocket client in this process registers an exit listener
const here = path.dirname(fileURLToPath(import.meta.url))

interface Target {
  name: string
  url: string
  roomFor(i: number): { room: string; params: Record<string, string> }
  stop(): Promise<void>
}

async function referenceTarget(): Promise<Target> {
  const { url, child } = await spawnListening(path.join(here, 'reference-server.ts'))
  return {
    name: '@y/websocket-server (reference)',
    url,
    roomFor: () => ({ room: 'bench-room', params: {} }),
    stop: () => stopChild(child),
  }
}

async function hilinkTarget(): Promise<Target> {
  const server = await spawnHiLinkServer()
  const people = Array.from({ length: clients }, (_, i) => ({
    userId: `u${i}`,
    name: `User ${i}`,
    role: i === 0 ? ('instructor' as const) : ('learner' as const),
  }))
  const { sessionId, tokens } = await server.createSession(people, 'Benchmark')
  return {
    name: 'HiLink (auth + guard + SQLite)',
    url: `${server.url}/sync`,
    roomFor: (i) => ({ room: sessionId, params: { token: tokens[`u${i}`] as string } }),
    stop: () => server.stop(),
  }
}

async function measure(target: Target): Promise<number[]> {
  const peers = Array.from({ length: clients }, (_, i) => {
    const doc = new Y.Doc()
    const { room, params } = target.roomFor(i)
    const provider = new WebsocketProvider(target.url.replace(/^http/, 'ws'), room, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params,
      disableBc: true,
    })
    return { doc, provider }
  })
  await waitFor(() => peers.every((p) => p.provider.synced))
  const latencies: number[] = []
  for (const p of peers.slice(1)) {
    p.doc.getMap('whiteboard').observe((event) => {
      const now = performance.now()
      for (const key of event.keysChanged) {
        const sent = (event.target as Y.Map<number>).get(key)
        if (typeof sent === 'number' && !key.startsWith('warmup')) latencies.push(now - sent)
      }
    })
  }
  const board = peers[0]!.doc.getMap('whiteboard')
  for (let i = 0; i < warmup + updates; i++) {
    board.set(i < warmup ? `warmup${i}` : `k${i}`, performance.now())
    await sleep(intervalMs)
  }
  const expected = updates * (clients - 1)
  await waitFor(() => latencies.length >= expected, 30_000)
  for (const p of peers) p.provider.destroy()
  return latencies
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

async function main(): Promise<void> {
  console.log(`sync fan-out latency: 1 room, ${clients} clients, ${updates} updates every ${intervalMs} ms, ${rounds} round(s)\n`)
  const results = new Map<string, number[]>()
  for (let r = 0; r < rounds; r++) {
    // Alternate the order so that warm-up effects of the machine do not favour one side.
    const makers = r % 2 === 0 ? [referenceTarget, hilinkTarget] : [hilinkTarget, referenceTarget]
    for (const make of makers) {
      const target = await make()
      const lat = await measure(target)
      await target.stop()
      results.set(target.name, [...(results.get(target.name) ?? []), ...lat])
    }
  }
  const rows: Array<{ name: string; p50: number; p95: number; p99: number; n: number }> = []
  for (const [name, lat] of results) {
    const sorted = [...lat].sort((a, b) => a - b)
    rows.push({ name, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), n: sorted.length })
  }
  const fmt = (ms: number) => `${ms.toFixed(2)} ms`
  console.log('| server | p50 | p95 | p99 | deliveries |')
  console.log('|---|---|---|---|---|')
  for (const r of rows) console.log(`| ${r.name} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${r.n} |`)
  const [ref, ours] = [rows.find((r) => r.name.includes('reference')), rows.find((r) => r.name.startsWith('HiLink'))]
  if (ref && ours) {
    console.log(`\nratio HiLink / reference: p50 ${(ours.p50 / ref.p50).toFixed(2)}×, p95 ${(ours.p95 / ref.p95).toFixed(2)}×`)
  }
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`)
}

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('bench: timed out')
    await sleep(5)
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
