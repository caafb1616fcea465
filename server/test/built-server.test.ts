import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { stopChild } from '../../tools/spawn-server.mjs'
import { tempDataDir } from './helpers/test-server.ts'

/**
 * `npm start` runs the server built to JavaScript (dist/server/main.mjs, made by `npm run build`), not the
 * TypeScript sources: it must start on plain Node, serve the API and the SDK, and stop on SIGTERM.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

test('the built server starts with plain node and answers', async () => {
  const entry = path.join(repoRoot, 'dist/server/main.mjs')
  assert.ok(fs.existsSync(entry), 'npm run build made dist/server/main.mjs')
  assert.ok(fs.existsSync(path.join(repoRoot, 'dist/server/asr-worker-entry.mjs')), 'and the speech worker')
  const dataDir = tempDataDir()
  const child = spawn(process.execPath, [entry], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', HILINK_DATA_DIR: dataDir, HILINK_AV: 'off', HILINK_TRANSCRIPTION: 'off' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const match = /listening on (http:\/\/\S+)/.exec(out)
        if (match) resolve(match[1] as string)
      })
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)))
    })
    const health = await (await fetch(`${url}/health`)).json()
    assert.equal(health.ok, true)
    const key = fs.readFileSync(path.join(dataDir, 'admin-key'), 'utf8').trim()
    const sessions = await fetch(`${url}/api/v1/sessions`, { headers: { authorization: `Bearer ${key}` } })
    assert.equal(sessions.status, 200)
    await sessions.arrayBuffer()
    const sdk = await fetch(`${url}/sdk/hilink.js`)
    assert.equal(sdk.status, 200)
    await sdk.arrayBuffer()
  } finally {
    await stopChild(child)
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
})
