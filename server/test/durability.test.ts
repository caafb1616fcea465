import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { adminKey, callApi, sessionWithTokens, startTestServer, tempDataDir } from './helpers/test-server.ts'
import { connectPeer, destroyAllPeers, waitFor, whenSynced } from './helpers/sync-client.ts'

const mainTs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/main.ts')
const dirs: string[] = []
const children: ChildProcess[] = []
after(() => {
  destroyAllPeers()
  for (const c of children) c.kill('SIGKILL')
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

/** `npm start` as a separate process (so it can be SIGKILLed), on a free loopback port. */
async function spawnServer(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', mainTs], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', HILINK_DATA_DIR: dataDir, HILINK_ADMIN_KEY: adminKey },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match?.[1]) resolve(match[1])
    })
    child.once('exit', (code) => reject(new Error(`server exited early with ${code}: ${out}`)))
  })
  return { url, child }
}

test('restarting the server keeps every document', async () => {
  const dataDir = tempDataDir()
  dirs.push(dataDir)
  const first = await startTestServer(dataDir)
  const { sessionId, tokens } = await sessionWithTokens(first, { ada: { role: 'instructor' } })
  const a = connectPeer(first.url, sessionId, tokens.ada)
  await whenSynced(a)
  for (let i = 0; i < 20; i++) a.doc.getMap('whiteboard').set(`shape:${i}`, { i })
  await waitFor(() => first.services.sync.loadedDoc('default', sessionId)?.getMap('whiteboard').size === 20)
  await first.stop()
  a.destroy()

  const second = await startTestServer(dataDir)
  try {
    const b = connectPeer(second.url, sessionId, tokens.ada)
    await whenSynced(b)
    assert.equal(b.doc.getMap('whiteboard').size, 20)
    assert.deepEqual(b.doc.getMap('whiteboard').get('shape:19'), { i: 19 })
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
  witness.doc.getMap('whiteboard').observe(() => {
    acknowledged = witness.doc.getMap('whiteboard').size
    if (acknowledged === 50) first.child.kill('SIGKILL')
  })
  for (let i = 0; i < 60; i++) board.set(`shape:${i}`, i)
  await killed
  writer.destroy()
  witness.destroy()
  assert.ok(acknowledged >= 50, `witness saw ${acknowledged}`)

  const second = await spawnServer(dataDir)
  const check = connectPeer(second.url, sessionId, tokens.ada)
  await whenSynced(check)
  const survived = check.doc.getMap('whiteboard')
  for (let i = 0; i < acknowledged; i++) assert.equal(survived.get(`shape:${i}`), i, `shape:${i} survived`)
  check.destroy()
  second.child.kill('SIGTERM')
})
