import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { boardShape } from './helpers/board-records.ts'
import { spawnHiLinkServer, type SpawnedServer } from '../../tools/spawn-server.mjs'
import { adminKey, callApi, sessionWithTokens, startTestServer, tempDataDir } from './helpers/test-server.ts'
import { connectPeer, destroyAllPeers, waitFor, whenSynced } from './helpers/sync-client.ts'

const dirs: string[] = []
const servers: SpawnedServer[] = []
after(async () => {
  destroyAllPeers()
  for (const s of servers) await s.stop('SIGKILL')
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

/** `npm start` as a separate process (so it can be SIGKILLed), on a free loopback port. */
async function spawnServer(dataDir: string): Promise<SpawnedServer> {
  const server = await spawnHiLinkServer({ dataDir, adminKey })
  servers.push(server)
  return server
}

test('restarting the server keeps every document', async () => {
  const dataDir = tempDataDir()
  dirs.push(dataDir)
  const first = await startTestServer(dataDir)
  const { sessionId, tokens } = await sessionWithTokens(first, { ada: { role: 'instructor' } })
  const a = connectPeer(first.url, sessionId, tokens.ada)
  await whenSynced(a)
  for (let i = 0; i < 20; i++) a.doc.getMap('whiteboard').set(`shape:${i}`, boardShape(String(i), 'geo', { x: i }))
  await waitFor(() => first.services.sync.loadedDoc('default', sessionId)?.getMap('whiteboard').size === 20)
  await first.stop()
  a.destroy()

  const second = await startTestServer(dataDir)
  try {
    const b = connectPeer(second.url, sessionId, tokens.ada)
    await whenSynced(b)
    assert.equal(b.doc.getMap('whiteboard').size, 20)
    assert.deepEqual(b.doc.getMap('whiteboard').get('shape:19'), boardShape('19', 'geo', { x: 19 }))
    b.destroy()
  } finally {
    await second.stop()
  }
})

test('SIGKILL right after an update was acknowledged loses nothing acknowledged', async () => {
  const dataDir = tempDataDir()
  dirs.push(dataDir)
  const first = await spawnServer(dataDir)
  const api = { api: (m: string, p: string, o?: { auth?: string; body?: unknown }) => callApi(first.url, m, p, o) }
  const { sessionId, tokens } = await sessionWithTokens(api, { ada: { role: 'instructor' }, bo: { role: 'learner' } })
  const writer = connectPeer(first.url, sessionId, tokens.ada)
  const witness = connectPeer(first.url, sessionId, tokens.bo)
  await Promise.all([whenSynced(writer), whenSynced(witness)])

  // Acknowledged = the server relayed it: the witness, another client, has received it. Kill at that moment.
  const board = writer.doc.getMap('whiteboard')
  let acknowledged = 0
  const killed = new Promise<void>((resolve) => first.child.once('exit', () => resolve()))
  // Acknowledged updates must survive a crash: SIGKILL gives the server no chance to flush or close.
  witness.doc.getMap('whiteboard').observe(() => {
    acknowledged = witness.doc.getMap('whiteboard').size
    if (acknowledged === 50) first.child.kill('SIGKILL')
  })
  for (let i = 0; i < 60; i++) board.set(`shape:${i}`, boardShape(String(i), 'geo', { x: i }))
  await killed
  writer.destroy()
  witness.destroy()
  assert.ok(acknowledged >= 50, `witness saw ${acknowledged}`)

  const second = await spawnServer(dataDir)
  const check = connectPeer(second.url, sessionId, tokens.ada)
  await whenSynced(check)
  const survived = check.doc.getMap('whiteboard')
  for (let i = 0; i < acknowledged; i++) assert.equal((survived.get(`shape:${i}`) as { x?: number } | undefined)?.x, i, `shape:${i} survived`)
  check.destroy()
})
