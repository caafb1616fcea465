/**
 * npm run bench:polls (second part): one poll, 200 learners answering within one second, and what it costs the
 * staff to follow the tally. An instructor and a TA each run the real client (`RoomSession` + `PollsModel` from
 * packages/core) in this process. The same run measures two ways of following it:
 * - live channel (now): open polls' results arrive on the staff's sync connections, one message per answer;
 * - refetch per change (before): the same model without the live channel re-fetches `GET /polls` whenever the
 *   document changes, which is what every staff client did until the live channel existed.
 * For each: HTTP requests the staff clients made during the burst, the time from the burst's start until the
 * instructor's tally is final, and whether the server counted every vote exactly once.
 */
import WebSocket from 'ws'
import { PollsModel, RoomSession, type SessionApi } from '@hilink/core'
import { spawnHiLinkServer } from '../tools/spawn-server.mjs'
import { machineLine, runBench, waitFor } from './bench-kit.ts'

const learners = Number(process.env.BENCH_TALLY_LEARNERS ?? 200)
const spreadMs = Number(process.env.BENCH_TALLY_SPREAD_MS ?? 1000)

/** Every GET of the polls list made in this process, i.e. by the staff models. */
let pollListRequests = 0
const realFetch = globalThis.fetch
globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  const url = String(input instanceof Request ? input.url : input)
  if ((init?.method ?? 'GET') === 'GET' && /\/polls$/.test(url)) pollListRequests++
  return realFetch(input, init)
}

interface Outcome {
  name: string
  requests: number
  finalMs: number
  counted: number
}

async function run(name: string, withLive: boolean): Promise<Outcome> {
  const server = await spawnHiLinkServer({ built: true })
  try {
    const people = [
      { userId: 'ada', name: 'Ada', role: 'instructor' as const },
      { userId: 'tom', name: 'Tom', role: 'ta' as const },
      ...Array.from({ length: learners }, (_, i) => ({ userId: `u${i}`, name: `Learner ${i}`, role: 'learner' as const })),
    ]
    const { sessionId, tokens } = await server.createSession(people, 'Tally bench')
    await server.api('POST', `/api/v1/sessions/${sessionId}/start`, undefined, tokens.ada)
    const staff = ['ada', 'tom'].map((who) => {
      const room = new RoomSession({
        server: server.url,
        token: tokens[who] as string,
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      })
      // "Before": the same API without the live channel, so the model falls back to refetching per change.
      const api: SessionApi = withLive ? room : { sessionId: room.sessionId, identity: room.identity, client: room.client }
      const model = new PollsModel(room.doc, api)
      const stop = model.subscribe(() => {})
      return { room, model, stop }
    })
    await waitFor(() => staff.every((s) => s.room.status === 'live'), 10_000, 'staff connected')
    const launched = await server.api('POST', `/api/v1/sessions/${sessionId}/polls`, { question: 'Ready?', options: ['yes', 'no', 'almost'] }, tokens.ada)
    const pollId = launched.id as string
    const ada = staff[0]!.model
    await waitFor(() => ada.poll(pollId) !== undefined, 10_000, 'the poll in the instructor’s model')
    await new Promise((r) => setTimeout(r, 300)) // let the launch's own fetches settle
    const requestsBefore = pollListRequests
    const start = performance.now()
    const answers = Array.from({ length: learners }, (_, i) =>
      new Promise((r) => setTimeout(r, (i * spreadMs) / learners)).then(() =>
        realFetch(`${server.url}/api/v1/sessions/${sessionId}/polls/${pollId}/answer`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[`u${i}`]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ option: i % 3 }),
        }).then(async (res) => {
          if (!res.ok) throw new Error(`bench: answer refused ${res.status} ${await res.text()}`)
          await res.arrayBuffer()
        }),
      ),
    )
    const tally = () => (ada.results(pollId)?.counts ?? []).reduce((a, b) => a + b, 0)
    await Promise.all(answers)
    await waitFor(() => tally() === learners, 30_000, 'the final tally')
    const finalMs = performance.now() - start
    await new Promise((r) => setTimeout(r, 300)) // requests still in flight after the tally was final count too
    const requests = pollListRequests - requestsBefore
    const detail = await server.api('GET', `/api/v1/sessions/${sessionId}/polls`, undefined, tokens.ada)
    const counted = (detail.polls[0].results.counts as number[]).reduce((a, b) => a + b, 0)
    for (const s of staff) {
      s.stop()
      s.room.destroy()
    }
    return { name, requests, finalMs, counted }
  } finally {
    await server.stop()
  }
}

async function main(): Promise<void> {
  console.log(`poll tally: ${learners} learners answer one poll within ${spreadMs} ms; an instructor and a TA follow it\n`)
  const rows = [await run('refetch per change (before)', false), await run('live channel on the sync socket (now)', true)]
  console.log('| staff clients follow the tally by | HTTP requests during the burst | instructor’s tally final after | votes counted |')
  console.log('|---|---|---|---|')
  for (const r of rows) console.log(`| ${r.name} | ${r.requests} | ${r.finalMs.toFixed(0)} ms | ${r.counted} of ${learners} |`)
  const [before, now] = rows as [Outcome, Outcome]
  console.log(`\nrequests per burst: ${before.requests} → ${now.requests}; tally final ${before.finalMs.toFixed(0)} → ${now.finalMs.toFixed(0)} ms`)
  console.log(machineLine())
}

runBench(main)
