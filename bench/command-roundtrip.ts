/**
 * npm run bench:commands: command round-trip in one room of 30 clients on loopback. A learner posts a chat
 * message over HTTP (POST /api/v1/sessions/:id/chat: auth, role check, zod, rate limit, one SQLite transaction
 * with the learning event, the write into the server-authored `chat` root); the time until it is in each of the
 * other 29 clients' documents is recorded. Senders rotate over the learners (each stays under the chat's rate
 * limit). The same run measures the sync reference, the plain @y/websocket-server (bench/reference-server.ts),
 * where the sender writes the same message straight into its own document and the server only relays it:
 * what a command costs over a bare CRDT relay.
 */
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { spawnHiLinkServer, spawnListening, stopChild } from '../tools/spawn-server.mjs'

const clients = Number(process.env.BENCH_CLIENTS ?? 30)
const messages = Number(process.env.BENCH_MESSAGES ?? 200)
const warmup = 10
const intervalMs = Number(process.env.BENCH_INTERVAL_MS ?? 20)
const rounds = Number(process.env.BENCH_ROUNDS ?? 2)
process.setMaxListeners(0)
const here = path.dirname(fileURLToPath(import.meta.url))

interface Target {
  name: string
  connect(i: number): { doc: Y.Doc; provider: WebsocketProvider }
  /** Sends message `text` from client `i` (whose doc is `doc`). */
  send(i: number, doc: Y.Doc, text: string): Promise<void>
  stop(): Promise<void>
}

function provider(url: string, room: string, doc: Y.Doc, params: Record<string, string>): WebsocketProvider {
  return new WebsocketProvider(url.replace(/^http/, 'ws'), room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params,
    disableBc: true,
  })
}

async function referenceTarget(): Promise<Target> {
  const { url, child } = await spawnListening(path.join(here, 'reference-server.ts'))
  return {
    name: 'client write, relayed by @y/websocket-server (sync reference)',
    connect: () => {
      const doc = new Y.Doc()
      return { doc, provider: provider(url, 'bench-room', doc, {}) }
    },
    send: async (i, doc, text) => {
      doc.getArray('chat').push([{ id: crypto.randomUUID(), authorId: `u${i}`, authorName: `User ${i}`, authorRole: 'learner', text, sentAt: new Date().toISOString() }])
    },
    stop: () => stopChild(child),
  }
}

async function hilinkTarget(): Promise<Target> {
  const server = await spawnHiLinkServer()
  const people: Array<{ userId: string; name: string; role: 'learner' | 'instructor' }> = Array.from({ length: clients }, (_, i) => ({
    userId: `u${i}`,
    name: `User ${i}`,
    role: 'learner',
  }))
  people.push({ userId: 'teacher', name: 'Teacher', role: 'instructor' })
  const { sessionId, tokens } = await server.createSession(people, 'Benchmark')
  await server.api('POST', `/api/v1/sessions/${sessionId}/start`, undefined, tokens.teacher)
  return {
    name: 'HiLink chat command (HTTP POST → server-authored root)',
    connect: (i) => {
      const doc = new Y.Doc()
      return { doc, provider: provider(`${server.url}/sync`, sessionId, doc, { token: tokens[`u${i}`] as string }) }
    },
    send: async (i, _doc, text) => {
      const res = await fetch(`${server.url}/api/v1/sessions/${sessionId}/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[`u${i}`]}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      })
      if (res.status !== 201) throw new Error(`chat POST answered ${res.status}: ${await res.text()}`)
    },
    stop: () => server.stop(),
  }
}

async function measure(target: Target): Promise<number[]> {
  const peers = Array.from({ length: clients }, (_, i) => target.connect(i))
  await waitFor(() => peers.every((p) => p.provider.synced))
  const sentAt = new Map<string, { at: number; from: number }>()
  const latencies: number[] = []
  peers.forEach((p, i) => {
    p.doc.getArray<{ text: string }>('chat').observe((event) => {
      const now = performance.now()
      for (const item of event.changes.added) {
        for (const value of item.content.getContent() as Array<{ text: string }>) {
          const sent = sentAt.get(value.text)
          if (sent && sent.from !== i && !value.text.startsWith('warmup')) latencies.push(now - sent.at)
        }
      }
    })
  })
  for (let m = 0; m < warmup + messages; m++) {
    const from = m % clients
    const text = `${m < warmup ? 'warmup' : 'm'}${m}`
    sentAt.set(text, { at: performance.now(), from })
    await target.send(from, peers[from]!.doc, text)
    await sleep(intervalMs)
  }
  await waitFor(() => latencies.length >= messages * (clients - 1), 30_000)
  for (const p of peers) {
    p.provider.destroy()
    p.doc.destroy()
  }
  return latencies
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number

async function main(): Promise<void> {
  console.log(`command round-trip: 1 room, ${clients} clients, ${messages} chat messages every ${intervalMs} ms, ${rounds} round(s)\n`)
  const results = new Map<string, number[]>()
  const makers = [referenceTarget, hilinkTarget]
  for (let r = 0; r < rounds; r++) {
    for (const make of r % 2 === 0 ? makers : [...makers].reverse()) {
      const target = await make()
      const latencies = await measure(target)
      await target.stop()
      results.set(target.name, [...(results.get(target.name) ?? []), ...latencies])
    }
  }
  const rows = [...results].map(([name, l]) => {
    const sorted = [...l].sort((a, b) => a - b)
    return { name, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), n: sorted.length }
  })
  const fmt = (ms: number) => `${ms.toFixed(2)} ms`
  console.log('| path | p50 | p95 | p99 | deliveries |')
  console.log('|---|---|---|---|---|')
  for (const r of rows) console.log(`| ${r.name} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${r.n} |`)
  const ours = rows.find((r) => r.name.startsWith('HiLink'))
  const ref = rows.find((r) => r.name.includes('reference'))
  if (ours && ref) console.log(`ratio HiLink command / sync reference: p50 ${(ours.p50 / ref.p50).toFixed(2)}×, p95 ${(ours.p95 / ref.p95).toFixed(2)}×`)
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
