/**
 * npm run bench:events: 100k client signals (tab hidden/visible) through `POST /api/v1/events` in batches of
 * 500, end to end: token check, zod, roles, per-signal time check, the statement built and stored with its
 * outbox row in one transaction per batch (ARCHITECTURE.md §5–6). The reference, in the same run: raw
 * better-sqlite3 inserts of the same number of learning_events rows (same schema, same WAL settings, same
 * batch size, statements of the same shape), no HTTP. Prints rows/s of both and the ratio (goal ≥ 0.5×).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import { openDatabase } from '../server/src/db/connection.ts'
import { spawnHiLinkServer } from '../tools/spawn-server.mjs'
import { machineLine, runBench } from './bench-kit.ts'

const total = Number(process.env.BENCH_SIGNALS ?? 100_000)
const batch = Number(process.env.BENCH_BATCH ?? 500)
// Each participant may send 120 requests a minute: the signals come from a class of learners.
const learners = Number(process.env.BENCH_LEARNERS ?? 40)
const inFlight = Number(process.env.BENCH_IN_FLIGHT ?? 4)

function signals(n: number, startMs: number) {
  return Array.from({ length: n }, (_, i) => ({ id: randomUUID(), type: i % 2 ? 'tab-visible' : 'tab-hidden', at: new Date(startMs + i).toISOString() }))
}

/** What one stored row looks like, for the reference to insert rows of the same size. */
function sampleStatement(sessionId: string, userId: string, signalId: string, at: string): string {
  return JSON.stringify({
    id: randomUUID(),
    actor: { objectType: 'Agent', name: userId, account: { homePage: 'http://127.0.0.1:8787/tenants/default', name: userId } },
    verb: { id: 'urn:hilink:xapi:verbs:tab-hidden', display: { 'en-US': 'hid the lesson tab of' } },
    object: { objectType: 'Activity', id: `urn:hilink:session:${sessionId}`, definition: { name: { 'en-US': 'Bench' }, type: 'http://adlnet.gov/expapi/activities/meeting' } },
    context: {
      registration: sessionId,
      platform: 'HiLink',
      extensions: { 'urn:hilink:xapi:client-signal-id': signalId },
      contextActivities: { parent: [{ objectType: 'Activity', id: 'urn:hilink:tenant:default:course:course-1', definition: { type: 'http://adlnet.gov/expapi/activities/course', name: { 'en-US': 'course-1' } } }] },
    },
    timestamp: at,
    stored: new Date().toISOString(),
    version: '1.0.3',
  })
}

function reference(): { rowsPerSecond: number; ms: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilink-bench-ref-'))
  const db: Database.Database = openDatabase(path.join(dir, 'ref.sqlite'))
  const sessionId = randomUUID()
  const insert = db.prepare(
    `INSERT INTO learning_events (id, tenant_id, session_id, actor_id, verb, statement, stored_at, client_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  )
  const rows = signals(total, Date.now() - 3600_000)
  const start = performance.now()
  for (let i = 0; i < rows.length; i += batch) {
    db.transaction(() => {
      for (const s of rows.slice(i, i + batch)) {
        const user = `u${i % learners}`
        insert.run(randomUUID(), 'default', sessionId, user, 'urn:hilink:xapi:verbs:tab-hidden', sampleStatement(sessionId, user, s.id, s.at), new Date().toISOString(), `default:${sessionId}:${user}:${s.id}`)
      }
    })()
  }
  const ms = performance.now() - start
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
  return { rowsPerSecond: (total / ms) * 1000, ms }
}

async function hilink(): Promise<{ rowsPerSecond: number; ms: number; stored: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilink-bench-events-'))
  const server = await spawnHiLinkServer({ dataDir })
  const people = Array.from({ length: learners }, (_, i) => ({ userId: `u${i}`, name: `Learner ${i}`, role: 'learner' as const }))
  const { sessionId, tokens } = await server.createSession([{ userId: 'ada', name: 'Ada', role: 'instructor' }, ...people], 'Bench')
  await server.api('POST', `/api/v1/sessions/${sessionId}/start`, undefined, tokens.ada)
  // The bodies are built before the clock starts: the client's work is not the server's.
  const bodies: Array<{ token: string; body: string }> = []
  const startMs = Date.now() - 3600_000
  for (let i = 0, b = 0; i < total; i += batch, b++) {
    bodies.push({ token: tokens[`u${b % learners}`]!, body: JSON.stringify({ signals: signals(Math.min(batch, total - i), startMs + i) }) })
  }
  let next = 0
  const start = performance.now()
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < bodies.length) {
        const { token, body } = bodies[next++]!
        const res = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body })
        if (res.status !== 202) throw new Error(`bench: batch refused ${res.status} ${await res.text()}`)
        const { results } = (await res.json()) as { results: Array<{ recorded: boolean }> }
        if (results.some((r) => !r.recorded)) throw new Error('bench: a signal was not recorded')
      }
    }),
  )
  const ms = performance.now() - start
  await server.stop()
  const db = new Database(path.join(dataDir, 'hilink.sqlite'), { readonly: true })
  const stored = (db.prepare("SELECT COUNT(*) AS n FROM learning_events WHERE verb LIKE 'urn:hilink:xapi:verbs:tab-%'").get() as { n: number }).n
  db.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
  return { rowsPerSecond: (total / ms) * 1000, ms, stored }
}

async function main(): Promise<void> {
  console.log(`client signals: ${total} in batches of ${batch}, ${learners} learners, ${inFlight} requests in flight\n`)
  const ref = reference()
  const ours = await hilink()
  if (ours.stored !== total) throw new Error(`bench: ${ours.stored} rows stored, expected ${total}`)
  console.log('| path | time | rows/s |')
  console.log('|---|---|---|')
  console.log(`| raw better-sqlite3 inserts, ${batch} per transaction (reference) | ${(ref.ms / 1000).toFixed(2)} s | ${ref.rowsPerSecond.toFixed(0)} |`)
  console.log(`| HiLink POST /api/v1/events (HTTP, token, zod, statement + outbox row) | ${(ours.ms / 1000).toFixed(2)} s | ${ours.rowsPerSecond.toFixed(0)} |`)
  console.log(`\nratio HiLink / reference: ${(ours.rowsPerSecond / ref.rowsPerSecond).toFixed(2)}× (goal ≥ 0.5×); ${ours.stored} rows stored`)
  console.log(machineLine())
}

runBench(main)
