/**
 * npm run bench:polls: a comprehension check answered by a whole class at once. Sessions of 30 learners, each
 * with an instructor's y-websocket client connected; every learner POSTs an answer at the same moment. HiLink
 * verifies the token, validates, checks the role and the poll, stores the answer and its xAPI statement and
 * mirrors the response count into the document in one transaction (ARCHITECTURE.md §4–5); the reference is a
 * bare Hono endpoint doing the two raw better-sqlite3 inserts. Both run in their own process; the ratio is
 * printed. For HiLink it also measures when the instructor's document shows every response.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { spawnHiLinkServer, spawnListening, stopChild } from '../tools/spawn-server.mjs'
import { machineLine, percentile, runBench, waitFor } from './bench-kit.ts'

const learners = Number(process.env.BENCH_LEARNERS ?? 30)
const sessions = Number(process.env.BENCH_SESSIONS ?? 4)
const checks = Number(process.env.BENCH_CHECKS ?? 10)
const here = path.dirname(fileURLToPath(import.meta.url))

interface Burst {
  /** Milliseconds from the burst's start to each answer's acknowledgement. */
  latencies: number[]
  /** Milliseconds for the whole burst. */
  total: number
}

async function burst(requests: Array<() => Promise<Response>>): Promise<Burst> {
  const start = performance.now()
  const latencies = await Promise.all(
    requests.map(async (send) => {
      const res = await send()
      if (!res.ok) throw new Error(`bench: answer refused ${res.status} ${await res.text()}`)
      await res.arrayBuffer()
      return performance.now() - start
    }),
  )
  return { latencies, total: performance.now() - start }
}

async function reference(): Promise<Burst[]> {
  const { url, child } = await spawnListening(path.join(here, 'reference-answers-server.ts'))
  const bursts: Burst[] = []
  for (let c = 0; c < checks; c++) {
    const requests = Array.from({ length: sessions * learners }, (_, i) => () =>
      fetch(`${url}/answer/s${i % sessions}-c${c}/u${i}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ option: i % 3 }),
      }),
    )
    bursts.push(await burst(requests))
  }
  await stopChild(child)
  return bursts
}

async function hilink(): Promise<{ bursts: Burst[]; visibleMs: number[] }> {
  const server = await spawnHiLinkServer({ built: true })
  const classes: Array<{ sessionId: string; tokens: Record<string, string>; doc: Y.Doc; provider: WebsocketProvider }> = []
  for (let s = 0; s < sessions; s++) {
    const people = [
      { userId: 'ada', name: 'Ada', role: 'instructor' as const },
      ...Array.from({ length: learners }, (_, i) => ({ userId: `u${i}`, name: `Learner ${i}`, role: 'learner' as const })),
    ]
    const { sessionId, tokens } = await server.createSession(people, `Bench ${s}`)
    await server.api('POST', `/api/v1/sessions/${sessionId}/start`, undefined, tokens.ada)
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(`${server.url.replace(/^http/, 'ws')}/sync`, sessionId, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: tokens.ada as string },
      disableBc: true,
    })
    classes.push({ sessionId, tokens, doc, provider })
  }
  await waitFor(() => classes.every((c) => c.provider.synced), 10_000, 'instructors synced')
  const bursts: Burst[] = []
  const visibleMs: number[] = []
  for (let c = 0; c < checks; c++) {
    const pollIds = await Promise.all(
      classes.map(async (k) => {
        const launched = await server.api(
          'POST',
          `/api/v1/sessions/${k.sessionId}/polls`,
          { question: `Check ${c}?`, options: ['a', 'b', 'c'], kind: 'check', correctOption: 0 },
          k.tokens.ada,
        )
        return launched.id as string
      }),
    )
    const start = performance.now()
    const allVisible = Promise.all(
      classes.map((k, s) => {
        const polls = k.doc.getMap<{ responses: number }>('polls')
        return waitFor(() => polls.get(pollIds[s] as string)?.responses === learners, 30_000).then(() => performance.now() - start)
      }),
    )
    const requests = Array.from({ length: sessions * learners }, (_, i) => {
      const k = classes[i % sessions]!
      return () =>
        fetch(`${server.url}/api/v1/sessions/${k.sessionId}/polls/${pollIds[i % sessions]}/answer`, {
          method: 'POST',
          headers: { authorization: `Bearer ${k.tokens[`u${Math.floor(i / sessions)}`]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ option: i % 3 }),
        })
    })
    bursts.push(await burst(requests))
    visibleMs.push(Math.max(...(await allVisible)))
  }
  for (const k of classes) k.provider.destroy()
  await server.stop()
  return { bursts, visibleMs }
}

async function main(): Promise<void> {
  console.log(`poll answers: ${sessions} sessions × ${learners} learners answering at once, ${checks} checks\n`)
  const ref = await reference()
  const ours = await hilink()
  const row = (name: string, bursts: Burst[]) => {
    const lat = bursts.flatMap((b) => b.latencies)
    const perSecond = lat.length / (bursts.reduce((sum, b) => sum + b.total, 0) / 1000)
    return { name, p50: percentile(lat, 50), p95: percentile(lat, 95), perSecond }
  }
  const rows = [row('raw better-sqlite3 inserts behind Hono (reference)', ref), row('HiLink (token, zod, roles, answer + xAPI + document)', ours.bursts)]
  console.log('| server | ack p50 | ack p95 | answers/s |')
  console.log('|---|---|---|---|')
  for (const r of rows) console.log(`| ${r.name} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.perSecond.toFixed(0)} |`)
  const [a, b] = rows as [(typeof rows)[0], (typeof rows)[0]]
  console.log(`\nratio HiLink / reference: ack p50 ${(b.p50 / a.p50).toFixed(2)}×, p95 ${(b.p95 / a.p95).toFixed(2)}×, throughput ${(b.perSecond / a.perSecond).toFixed(2)}×`)
  console.log(`all ${learners} responses in every instructor's document: p50 ${percentile(ours.visibleMs, 50).toFixed(1)} ms, max ${Math.max(...ours.visibleMs).toFixed(1)} ms after the burst began`)
  console.log(machineLine())
}

runBench(main)
