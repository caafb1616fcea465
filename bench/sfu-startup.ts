/**
 * npm run bench:av: how long `npm start` takes until audio/video works. Each run spawns the real server
 * process (`node dist/server/main.mjs`, what `npm start` runs; built first by `vite build -c
 * vite.server.config.ts`) on a fresh data dir and times, from
 * the spawn: HiLink answering GET /health, and the embedded LiveKit SFU answering on its own port. The
 * reference in the same run is the HiLink server alone (HILINK_AV=off) answering /health. Runs alternate so
 * both see the same machine load.
 */
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defaultSfuBinary, sfuBinaryExists } from '../server/src/av/sfu-process.ts'

const runs = Number(process.env.BENCH_RUNS ?? 5)
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const serverEntry = path.join(repoRoot, 'dist/server/main.mjs')

interface Run {
  health: number
  sfu: number | undefined
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(500) })
    await res.body?.cancel()
    return res.ok
  } catch {
    return false
  }
}

async function poll(url: () => string | undefined, start: number, deadlineMs = 30_000): Promise<number> {
  for (;;) {
    const u = url()
    if (u && (await answers(u))) return performance.now() - start
    if (performance.now() - start > deadlineMs) throw new Error(`bench: nothing answered at ${u ?? '(not announced yet)'}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

async function once(av: 'embedded' | 'off'): Promise<Run> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilink-bench-av-'))
  const start = performance.now()
  const child = spawn(process.execPath, [serverEntry], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', HILINK_DATA_DIR: dataDir, HILINK_AV: av, HILINK_TRANSCRIPTION: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let hilink: string | undefined
  let sfu: string | undefined
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      hilink ??= /listening on (http:\/\/\S+)/.exec(out)?.[1]
      sfu ??= /LiveKit SFU \(audio\/video\) on ws:\/\/(\S+)/.exec(out)?.[1]
    })
  }
  try {
    // The SFU is polled on its own port as soon as the server announces it; /health on HiLink's.
    const [health, sfuMs] = await Promise.all([
      poll(() => hilink && `${hilink}/health`, start),
      av === 'embedded' ? poll(() => sfu && `http://${sfu}/`, start) : Promise.resolve(undefined),
    ])
    return { health, sfu: sfuMs }
  } finally {
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(kill)
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? NaN
}
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`

async function main(): Promise<void> {
  const binary = process.env.HILINK_LIVEKIT_BIN ?? defaultSfuBinary()
  if (!sfuBinaryExists(binary)) {
    console.log(`bench:av skipped: no LiveKit SFU at ${binary} (npm run setup builds it when go is installed)`)
    return
  }
  // What `npm start` runs, built from the current sources.
  execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.server.config.ts', '--logLevel', 'warn'], {
    cwd: repoRoot,
    stdio: 'inherit',
  })
  const withAv: Run[] = []
  const alone: Run[] = []
  await once('off') // warm the tsx cache and the disk cache once, not measured
  for (let i = 0; i < runs; i++) {
    withAv.push(await once('embedded'))
    alone.push(await once('off'))
  }
  const sfu = withAv.map((r) => r.sfu ?? NaN)
  console.log(`npm start → SFU answering (HILINK_AV=embedded), ${runs} runs: ${fmt(sfu)}`)
  console.log(`npm start → /health, same runs (the SFU starts alongside): ${fmt(withAv.map((r) => r.health))}`)
  console.log(`reference: npm start → /health with AV off, ${runs} runs: ${fmt(alone.map((r) => r.health))}`)
  console.log(`AV is up ${(median(sfu) - median(withAv.map((r) => r.health))).toFixed(0)} ms after /health answers (median)`)
}

await main()
