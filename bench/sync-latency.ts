/**
 * npm run bench: fan-out latency of one room with 30 clients on loopback.
 * One client writes a whiteboard entry every few milliseconds; every other client records how long the entry
 * took to arrive. The same run measures two references and HiLink, each in its own process, and prints the
 * ratios and each server's resident memory at the end of its run:
 * - the plain @y/websocket-server (bench/reference-server.ts): no auth, no guard, no persistence;
 * - Hocuspocus 4.7 with its SQLite extension (bench/reference-hocuspocus.ts), HocuspocusProvider clients: the
 *   production-grade peer (it debounces its stores; HiLink appends every update before relaying it);
 * - HiLink (auth, write-policy guard, SQLite append before apply), y-websocket clients.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import { execFileSync } from 'node:child_process'
import WebSocket from 'ws'
import { spawnHiLinkServer, spawnListening, stopChild } from '../tools/spawn-server.mjs'
import { machineLine, percentile, runBench, sleep, waitFor } from './bench-kit.ts'
import { boardShape } from '../server/test/helpers/board-records.ts'

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
  /** Which client library talks to it. */
  client: 'y-websocket' | 'hocuspocus'
  roomFor(i: number): { room: string; params: Record<string, string> }
  /** The server process, for its resident memory. */
  pid: number | undefined
  stop(): Promise<void>
}

/** A connected client of either library, reduced to what the measurement needs. */
interface Peer {
  doc: Y.Doc
  synced(): boolean
  destroy(): void
}

function connect(target: Target, i: number): Peer {
  const doc = new Y.Doc()
  const { room, params } = target.roomFor(i)
  if (target.client === 'hocuspocus') {
    const websocketProvider = new HocuspocusProviderWebsocket({
      url: target.url.replace(/^http/, 'ws'),
      WebSocketPolyfill: WebSocket,
    })
    const provider = new HocuspocusProvider({ websocketProvider, name: room, document: doc })
    provider.attach()
    return { doc, synced: () => provider.synced, destroy: () => (provider.destroy(), websocketProvider.destroy()) }
  }
  const provider = new WebsocketProvider(target.url.replace(/^http/, 'ws'), room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params,
    disableBc: true,
  })
  return { doc, synced: () => provider.synced, destroy: () => provider.destroy() }
}

/** Resident memory of a process in MB, from ps (Linux). */
function rssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)]).toString().trim()) / 1024
}

async function referenceTarget(): Promise<Target> {
  const { url, child } = await spawnListening(path.join(here, 'reference-server.ts'))
  return {
    name: '@y/websocket-server (reference)',
    url,
    client: 'y-websocket',
    roomFor: () => ({ room: 'bench-room', params: {} }),
    pid: child.pid,
    stop: () => stopChild(child),
  }
}

async function hocuspocusTarget(): Promise<Target> {
  const { url, child } = await spawnListening(path.join(here, 'reference-hocuspocus.ts'))
  return {
    name: 'Hocuspocus 4.7 + SQLite (reference)',
    url,
    client: 'hocuspocus',
    roomFor: () => ({ room: 'bench-room', params: {} }),
    pid: child.pid,
    stop: () => stopChild(child),
  }
}

async function hilinkTarget(): Promise<Target> {
  const server = await spawnHiLinkServer({ built: true })
  const people = Array.from({ length: clients }, (_, i) => ({
    userId: `u${i}`,
    name: `User ${i}`,
    role: i === 0 ? ('instructor' as const) : ('learner' as const),
  }))
  const { sessionId, tokens } = await server.createSession(people, 'Benchmark')
  return {
    name: 'HiLink (auth + guard + SQLite)',
    url: `${server.url}/sync`,
    client: 'y-websocket',
    roomFor: (i) => ({ room: sessionId, params: { token: tokens[`u${i}`] as string } }),
    pid: server.child.pid,
    stop: () => server.stop(),
  }
}

async function measure(target: Target): Promise<{ latencies: number[]; rss: number }> {
  const peers = Array.from({ length: clients }, (_, i) => connect(target, i))
  await waitFor(() => peers.every((p) => p.synced()), 10_000, 'clients synced')
  const latencies: number[] = []
  for (const p of peers.slice(1)) {
    p.doc.getMap('whiteboard').observe((event) => {
      const now = performance.now()
      for (const key of event.keysChanged) {
        const sent = ((event.target as Y.Map<unknown>).get(key) as { x?: unknown } | undefined)?.x
        if (typeof sent === 'number' && !key.startsWith('shape:warmup')) latencies.push(now - sent)
      }
    })
  }
  const board = peers[0]!.doc.getMap('whiteboard')
  for (let i = 0; i < warmup + updates; i++) {
    // A real tldraw shape (HiLink validates every board record); its x carries the send time.
    const id = i < warmup ? `warmup${i}` : `k${i}`
    board.set(`shape:${id}`, boardShape(id, 'geo', { x: performance.now() }))
    await sleep(intervalMs)
  }
  const expected = updates * (clients - 1)
  await waitFor(() => latencies.length >= expected, 30_000, 'every delivery')
  const rss = rssMb(target.pid)
  for (const p of peers) p.destroy()
  return { latencies, rss }
}

async function main(): Promise<void> {
  console.log(`sync fan-out latency: 1 room, ${clients} clients, ${updates} updates every ${intervalMs} ms, ${rounds} round(s)\n`)
  const results = new Map<string, { latencies: number[]; rss: number[] }>()
  const makers = [referenceTarget, hocuspocusTarget, hilinkTarget]
  for (let r = 0; r < rounds; r++) {
    // Rotate the order so that warm-up effects of the machine do not favour one side.
    for (const make of [...makers.slice(r % makers.length), ...makers.slice(0, r % makers.length)]) {
      const target = await make()
      const { latencies, rss } = await measure(target)
      await target.stop()
      const entry = results.get(target.name) ?? { latencies: [], rss: [] }
      entry.latencies.push(...latencies)
      entry.rss.push(rss)
      results.set(target.name, entry)
    }
  }
  const rows: Array<{ name: string; p50: number; p95: number; p99: number; n: number; rss: number }> = []
  for (const [name, { latencies, rss }] of results) {
    const sorted = [...latencies].sort((a, b) => a - b)
    const meanRss = rss.reduce((a, b) => a + b, 0) / rss.length
    rows.push({ name, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), n: sorted.length, rss: meanRss })
  }
  const fmt = (ms: number) => `${ms.toFixed(2)} ms`
  console.log('| server | p50 | p95 | p99 | deliveries | server RSS |')
  console.log('|---|---|---|---|---|---|')
  for (const r of rows) console.log(`| ${r.name} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${r.n} | ${r.rss.toFixed(0)} MB |`)
  const ours = rows.find((r) => r.name.startsWith('HiLink'))
  for (const ref of rows.filter((r) => r.name.includes('reference'))) {
    if (!ours) break
    console.log(
      `ratio HiLink / ${ref.name}: p50 ${(ours.p50 / ref.p50).toFixed(2)}×, p95 ${(ours.p95 / ref.p95).toFixed(2)}×, RSS ${(ours.rss / ref.rss).toFixed(2)}×`,
    )
  }
  console.log(machineLine())
}

runBench(main)
