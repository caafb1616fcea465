import { spawn, type ChildProcess } from 'node:child_process'
import dgram from 'node:dgram'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

/** The LiveKit release `npm run setup` builds (scripts/setup.sh). */
export const livekitVersion = 'v1.13.5'

/** Where `npm run setup` puts the SFU binary: a cache dir outside the repo. */
export function defaultSfuBinary(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache')
  return path.join(env.HILINK_LIVEKIT_DIR || path.join(cache, 'hilink', `livekit-${livekitVersion}`), 'server')
}

export function sfuBinaryExists(binary: string): boolean {
  try {
    fs.accessSync(binary, fs.constants.X_OK)
    return true
  } catch {
    return false
  }
}

export interface SfuOptions {
  binary: string
  /** The address to bind (HiLink's HOST). Loopback keeps media on 127.0.0.1. */
  host: string
  apiKey: string
  apiSecret: string
  /** First of three consecutive ports (HTTP/WebSocket, ICE/TCP, ICE/UDP); picked free when unset. */
  port?: number
  /** Each log line of the SFU, already prefixed with `[livekit]`. */
  log?: (line: string) => void
  /** How long to wait for the SFU to answer, per attempt. */
  startTimeoutMs?: number
  /** How long SIGTERM may drain before SIGKILL on stop. */
  stopGraceMs?: number
}

export interface RunningSfu {
  /** The signalling URL for clients and the server SDK, e.g. ws://127.0.0.1:41234 */
  url: string
  /** Where HiLink reaches it. */
  host: string
  /** Whether it listens on loopback only (browsers elsewhere cannot reach it). */
  loopbackOnly: boolean
  port: number
  pid: number
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>
  isRunning(): boolean
  stop(): Promise<void>
}

const loopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.')
const anyAddress = (host: string) => host === '0.0.0.0' || host === '::' || host === ''

/** The flags and config that keep media on the bound address (see docs/av.md). The keys travel in the environment. */
export function sfuArgs(host: string, port: number): string[] {
  const rtc = [`tcp_port: ${port + 1}`, `udp_port: ${port + 2}`]
  const args = ['--port', String(port)]
  if (loopback(host)) {
    const ip = host === 'localhost' ? '127.0.0.1' : host
    args.push('--bind', ip, '--node-ip', ip)
    // Without the loopback candidate the interface filter leaves no ICE candidate at all.
    rtc.push('enable_loopback_candidate: true', 'interfaces: {includes: [lo]}')
  } else if (!anyAddress(host)) {
    args.push('--bind', host, '--node-ip', host)
    rtc.push(`ips: {includes: [${host}/32]}`)
  }
  // Warnings and errors only: LiveKit's info lines describe every join (and --dev would log every SDP).
  args.push('--config-body', `{rtc: {${rtc.join(', ')}}, logging: {level: warn}}`)
  return args
}

/**
 * Starts the LiveKit SFU as a child process on three free consecutive ports and waits until it answers. The
 * ICE/TCP port ignores `--bind`, and a clash there makes the SFU exit within a second: so each attempt checks
 * that it stays up, and a failed attempt retries on other ports.
 */
export async function startSfu(opts: SfuOptions): Promise<RunningSfu> {
  const attempts = opts.port ? 1 : 5
  let lastError: unknown
  for (let i = 0; i < attempts; i++) {
    const port = opts.port ?? (await freePortTriple(opts.host))
    try {
      return await startOnce(opts, port)
    } catch (err) {
      lastError = err
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError))
}

async function startOnce(opts: SfuOptions, port: number): Promise<RunningSfu> {
  const log = opts.log ?? ((line: string) => console.log(line))
  const child = spawn(opts.binary, sfuArgs(opts.host, port), {
    // The keys go through the environment, never the command line (visible in `ps`) nor a log line.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), LIVEKIT_KEYS: `${opts.apiKey}: ${opts.apiSecret}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let running = true
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running = false
      resolve()
    })
    child.once('error', (err) => {
      running = false
      log(`[livekit] could not start ${opts.binary}: ${err.message}`)
      resolve()
    })
  })
  pipeLines(child, log)
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  void exited.then(() => process.removeListener('exit', killOnExit))

  const connectHost = anyAddress(opts.host) ? '127.0.0.1' : opts.host === 'localhost' ? '127.0.0.1' : opts.host
  const urlHost = connectHost.includes(':') ? `[${connectHost}]` : connectHost
  const httpUrl = `http://${urlHost}:${port}/`
  const deadline = Date.now() + (opts.startTimeoutMs ?? 15_000)
  let answered = false
  while (running && Date.now() < deadline) {
    if (await answers(httpUrl)) {
      answered = true
      break
    }
    await delay(100)
  }
  // A clash on the ICE ports ends the process just after it starts answering: make sure it stays up.
  if (answered) await Promise.race([exited, delay(600)])
  if (!answered || !running) {
    await stopChild(child, exited, 500)
    throw new Error(`the LiveKit SFU did not stay up on port ${port}`)
  }
  return {
    url: `ws://${urlHost}:${port}`,
    host: connectHost,
    loopbackOnly: loopback(opts.host),
    port,
    pid: child.pid ?? -1,
    exited,
    isRunning: () => running,
    stop: () => stopChild(child, exited, opts.stopGraceMs ?? 3000),
  }
}

/** SIGTERM lets the SFU drain (5–15 s when rooms are open); SIGKILL after the grace so nothing hangs. */
async function stopChild(child: ChildProcess, exited: Promise<void>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

function pipeLines(child: ChildProcess, log: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let rest = ''
    stream?.setEncoding('utf8')
    stream?.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines) if (line.trim()) log(`[livekit] ${line}`)
    })
    stream?.on('end', () => {
      if (rest.trim()) log(`[livekit] ${rest}`)
    })
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) })
    await res.body?.cancel()
    return res.ok
  } catch {
    return false
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** A port P such that TCP P (on host), TCP P+1 (any address: the ICE/TCP port ignores --bind) and UDP P+2 are free. */
export async function freePortTriple(host: string): Promise<number> {
  const bindHost = anyAddress(host) ? '0.0.0.0' : host === 'localhost' ? '127.0.0.1' : host
  for (let i = 0; i < 50; i++) {
    const port = 20_000 + Math.floor(Math.random() * 40_000)
    if ((await tcpFree(port, bindHost)) && (await tcpFree(port + 1, '0.0.0.0')) && (await udpFree(port + 2, bindHost))) return port
  }
  throw new Error('no three consecutive free ports for the LiveKit SFU')
}

function tcpFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)))
  })
}

function udpFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4')
    socket.once('error', () => {
      socket.close()
      resolve(false)
    })
    socket.bind(port, host, () => socket.close(() => resolve(true)))
  })
}
