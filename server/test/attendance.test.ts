import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import type { AttendanceEntry, ParticipantClaims } from '@hilink/protocol'
import { spawnHiLinkServer, type SpawnedServer } from '../../tools/spawn-server.mjs'
import { adminKey, liveClass, sessionWithTokens, startTestServer, tempDataDir, useTestServer } from './helpers/test-server.ts'
import { connectPeer, destroyAllPeers, sleep, waitFor, whenSynced } from './helpers/sync-client.ts'
import { AttendanceService } from '../src/attendance/attendance-service.ts'
import { AttendanceRepo } from '../src/db/attendance-repo.ts'

const server = useTestServer(destroyAllPeers)
const joined = 'http://activitystrea.ms/schema/1.0/join'
const left = 'http://activitystrea.ms/schema/1.0/leave'
const dirs: string[] = []
const spawned: SpawnedServer[] = []
after(async () => {
  for (const s of spawned) await s.stop('SIGKILL')
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

const byUser = (entries: AttendanceEntry[]): Record<string, AttendanceEntry> => {
  const out: Record<string, AttendanceEntry> = {}
  for (const e of entries) out[e.userId] = e
  return out
}

test('lists every invited participant; a reconnect within the grace period is continuous; roles may read it', async () => {
  const s = server()
  const { sessionId, tokens, api } = await liveClass(s)
  const grace = connectPeer(s.url, sessionId, tokens.grace)
  await whenSynced(grace)
  // Two tabs of one person are one presence.
  const graceTab = connectPeer(s.url, sessionId, tokens.grace)
  await whenSynced(graceTab)
  graceTab.destroy()
  // A dropped connection that comes back a moment later.
  grace.provider.disconnect()
  await sleep(300)
  grace.provider.connect()
  await whenSynced(grace)
  await waitFor(() => grace.provider.wsconnected, 5000, 'reconnected')

  const report = await api('GET', '/attendance', tokens.ada)
  assert.equal(report.status, 200, JSON.stringify(report.body))
  assert.equal(report.body.graceSeconds, 30)
  const people = byUser(report.body.participants) as Record<'ada' | 'tom' | 'grace' | 'alan' | 'olga', AttendanceEntry>
  assert.deepEqual(Object.keys(people).sort(), ['ada', 'alan', 'grace', 'olga', 'tom'], 'everyone invited, present or not')
  assert.equal(people.grace.present, true)
  assert.equal(people.grace.absent, false)
  assert.equal(people.grace.late, false)
  assert.equal(people.grace.lastLeave, null)
  assert.ok(people.grace.firstJoin)
  assert.equal(people.alan.absent, true)
  assert.equal(people.alan.firstJoin, null)
  assert.equal(people.alan.minutesPresent, 0)

  const events = s.services.events.forSession('default', sessionId)
  assert.equal(events.filter((e) => e.verb.id === joined && e.actor.account.name === 'grace').length, 1, 'one join for two tabs and a reconnect')
  assert.equal(events.filter((e) => e.verb.id === left).length, 0, 'no leave within the grace period')
  assert.equal(s.services.attendance.report('default', s.services.sessions.get('default', sessionId)!).length, 5)

  assert.equal((await api('GET', '/attendance', tokens.tom)).status, 200)
  assert.equal((await s.api('GET', `/api/v1/sessions/${sessionId}/attendance`, { auth: adminKey })).status, 200)
  for (const who of ['grace', 'olga'] as const) {
    const refused = await api('GET', '/attendance', tokens[who])
    assert.equal(refused.status, 403, who)
    assert.equal(refused.body.error.code, 'forbidden')
  }
  const other = await sessionWithTokens(s, { zed: { role: 'instructor' } })
  assert.equal((await api('GET', '/attendance', other.tokens.zed)).status, 404)
})

test('after the grace period a drop is a leave (recorded once); coming back later is a new join', async () => {
  const s = server()
  const { sessionId } = await liveClass(s)
  const inTx = <T,>(work: () => T): T => s.services.db.transaction(work)()
  // A second service on the same database with a short grace period: the real component, a faster clock.
  const attendance = new AttendanceService(new AttendanceRepo(s.services.db), s.services.participants, s.services.sessions, s.services.events, inTx, {
    graceMs: 300,
    heartbeatMs: 100,
  })
  try {
    const alan: ParticipantClaims = { sub: 'alan', name: 'Alan', role: 'learner', session: sessionId, tenant: 'default', exp: 0 }
    attendance.connected(alan)
    await sleep(150)
    attendance.disconnected(alan)
    await sleep(100)
    attendance.connected(alan) // within grace: continuous
    await sleep(150)
    attendance.disconnected(alan)
    await sleep(600) // grace passes: the heartbeat records the leave
    const verbs = () =>
      s.services.events
        .forSession('default', sessionId)
        .filter((e) => e.actor.account.name === 'alan')
        .map((e) => (e.verb.id === joined ? 'joined' : e.verb.id === left ? 'left' : e.verb.id))
    assert.deepEqual(verbs(), ['joined', 'left'])
    const session = s.services.sessions.get('default', sessionId)!
    let entry = byUser(attendance.report('default', session)).alan!
    assert.equal(entry.present, false)
    assert.ok(entry.lastLeave && entry.firstJoin && entry.lastLeave > entry.firstJoin)
    const firstStretch = Date.parse(entry.lastLeave) - Date.parse(entry.firstJoin)
    assert.ok(firstStretch >= 350 && firstStretch < 1000, `one continuous stretch of ~400 ms, got ${firstStretch}`)
    assert.equal(entry.leftEarly, true, 'gone long before the scheduled end')

    attendance.connected(alan)
    await sleep(50)
    assert.deepEqual(verbs(), ['joined', 'left', 'joined'])
    entry = byUser(attendance.report('default', session)).alan!
    assert.equal(entry.present, true)
    assert.equal(entry.lastLeave, null)
    assert.equal(entry.leftEarly, false)
    attendance.disconnected(alan)
  } finally {
    attendance.close()
  }
})

test('late, and time counted only while live', async () => {
  const s = server()
  const { sessionId, tokens } = await sessionWithTokens(s, { ada: { role: 'instructor', name: 'Ada' }, grace: { role: 'learner', name: 'Grace' } })
  const g = connectPeer(s.url, sessionId, tokens.grace)
  await whenSynced(g)
  await sleep(400) // waiting in the lobby is not attendance
  let entry = byUser(s.services.attendance.report('default', s.services.sessions.get('default', sessionId)!)).grace!
  assert.equal(entry.minutesPresent, 0)
  assert.equal(entry.absent, false, 'joined, and the lesson has not started')
  await s.api('POST', `/api/v1/sessions/${sessionId}/start`, { auth: tokens.ada })
  const session = s.services.sessions.get('default', sessionId)!
  // Seen from 6 minutes after the start, Grace (here since before it) is not late; someone joining then would be.
  const later = { ...session, startedAt: new Date(Date.now() - 6 * 60_000).toISOString() }
  const { attendanceEntries } = await import('../src/attendance/attendance-report.ts')
  const intervals = [{ id: 1, userId: 'alan', name: 'Alan', role: 'learner' as const, joinedAt: new Date().toISOString(), seenAt: '', leftAt: null, leftRecorded: false }]
  const alanLate = attendanceEntries(later, [], intervals, Date.now())[0]!
  assert.equal(alanLate.late, true)
  assert.equal(alanLate.invited, false, 'present without an invitation is listed too')
  entry = byUser(s.services.attendance.report('default', session)).grace!
  assert.equal(entry.late, false)
  assert.equal(entry.absent, false)
})

test('a learner connected when the server was killed keeps their time: the next start closes the interval at the last heartbeat', async () => {
  const dataDir = tempDataDir()
  dirs.push(dataDir)
  const first = await spawnHiLinkServer({ dataDir, adminKey })
  spawned.push(first)
  const { sessionId, tokens } = await first.createSession([
    { userId: 'ada', name: 'Ada', role: 'instructor' },
    { userId: 'grace', name: 'Grace', role: 'learner' },
  ])
  await first.api('POST', `/api/v1/sessions/${sessionId}/start`, undefined, tokens.ada)
  const peer = connectPeer(first.url, sessionId, tokens.grace!)
  await whenSynced(peer)
  await sleep(11_000) // two heartbeats (every 5 s)
  const killedAt = Date.now()
  await first.stop('SIGKILL')
  peer.destroy()

  const second = await startTestServer(dataDir)
  try {
    const report = await second.api('GET', `/api/v1/sessions/${sessionId}/attendance`, { auth: adminKey })
    assert.equal(report.status, 200)
    const grace = byUser(report.body.participants).grace!
    assert.equal(grace.present, false)
    assert.ok(grace.lastLeave, 'the open interval was closed')
    assert.ok(Date.parse(grace.lastLeave) <= killedAt && Date.parse(grace.lastLeave) >= killedAt - 6000, 'at the last heartbeat')
    assert.ok(grace.minutesPresent >= 0.1, `present ${grace.minutesPresent} min, not 0`)
    // The summary's attendance reads the same durable intervals.
    const p = second.services.participants.list('default', sessionId).find((x) => x.userId === 'grace')!
    assert.ok(p.presentMs >= 5000, `presentMs ${p.presentMs}`)

    // Coming back within the grace period of the last heartbeat continues the same stretch: one join in all.
    const back = connectPeer(second.url, sessionId, tokens.grace!)
    await whenSynced(back)
    const again = byUser((await second.api('GET', `/api/v1/sessions/${sessionId}/attendance`, { auth: adminKey })).body.participants).grace!
    assert.equal(again.present, true)
    assert.equal(again.firstJoin, grace.firstJoin)
    const joins = second.services.events.forSession('default', sessionId).filter((e) => e.verb.id === joined && e.actor.account.name === 'grace')
    assert.equal(joins.length, 1)
    back.destroy()
    await sleep(100)
  } finally {
    await second.stop()
  }
  // An orderly stop closes intervals too (no heartbeat gap).
  const third = await startTestServer(dataDir)
  try {
    const grace = byUser(third.services.attendance.report('default', third.services.sessions.get('default', sessionId)!)).grace!
    assert.equal(grace.present, false)
  } finally {
    await third.stop()
  }
})
