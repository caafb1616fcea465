// A network namespace joined to this one by a veth pair, for tests that need a real bandwidth limit on one
// browser's traffic (CDP network emulation does not touch WebRTC). Needs root and iproute2. Addresses stay
// inside the pair (10.213.x.0/30); nothing is routed anywhere else.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface Netns {
  name: string
  /** This side of the pair: servers bind here so the namespace can reach them. */
  hostIp: string
  /** The namespace's side. */
  nsIp: string
  hostDev: string
  /** An executable that runs Chromium inside the namespace (for playwright's `executablePath`). */
  chromiumWrapper(chromiumPath: string): string
  /** Limits what flows towards the namespace (its downlink) with a token bucket; `undefined` lifts it. */
  limitDownlink(kbit: number | undefined): void
  destroy(): void
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString()

/** Why a namespace cannot be made here, or undefined when it can. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root (network namespaces need root)'
  try {
    run('ip', ['-V'])
    run('tc', ['-V'])
  } catch {
    return 'iproute2 (ip, tc) is not installed'
  }
  return undefined
}

export function createNetns(): Netns {
  const id = Math.floor(Math.random() * 200) + 20
  const name = `hlav${process.pid % 10000}x${id}`
  const hostDev = `hlv${id}a`
  const nsDev = `hlv${id}b`
  const hostIp = `10.213.${id}.1`
  const nsIp = `10.213.${id}.2`
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilink-netns-'))
  run('ip', ['netns', 'add', name])
  try {
    run('ip', ['link', 'add', hostDev, 'type', 'veth', 'peer', 'name', nsDev])
    run('ip', ['link', 'set', nsDev, 'netns', name])
    run('ip', ['addr', 'add', `${hostIp}/30`, 'dev', hostDev])
    run('ip', ['link', 'set', hostDev, 'up'])
    run('ip', ['netns', 'exec', name, 'ip', 'addr', 'add', `${nsIp}/30`, 'dev', nsDev])
    run('ip', ['netns', 'exec', name, 'ip', 'link', 'set', nsDev, 'up'])
    run('ip', ['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up'])
  } catch (err) {
    try {
      run('ip', ['link', 'del', hostDev])
    } catch {
      // not created
    }
    run('ip', ['netns', 'del', name])
    throw err
  }
  // A test killed half-way (a timeout, Ctrl-C) must not leave the namespace and its veth behind.
  const cleanUp = () => destroy()
  const onSignal = (signal: NodeJS.Signals) => {
    destroy()
    process.kill(process.pid, signal)
  }
  process.once('exit', cleanUp)
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  let destroyed = false
  function destroy(): void {
    if (destroyed) return
    destroyed = true
    process.removeListener('exit', cleanUp)
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
    try {
      run('ip', ['link', 'del', hostDev])
    } catch {
      // already gone with the namespace
    }
    try {
      run('ip', ['netns', 'del', name])
    } catch {
      // already gone
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return {
    name,
    hostIp,
    nsIp,
    hostDev,
    chromiumWrapper(chromiumPath) {
      const file = path.join(dir, 'chromium-in-netns.sh')
      // `ip netns exec` execs Chromium, so playwright's pipe file descriptors pass through.
      fs.writeFileSync(file, `#!/bin/sh\nexec ip netns exec ${name} ${chromiumPath} "$@"\n`, { mode: 0o755 })
      return file
    },
    limitDownlink(kbit) {
      try {
        run('tc', ['qdisc', 'del', 'dev', hostDev, 'root'])
      } catch {
        // no qdisc yet
      }
      if (kbit !== undefined) {
        run('tc', ['qdisc', 'add', 'dev', hostDev, 'root', 'tbf', 'rate', `${kbit}kbit`, 'burst', '16kbit', 'latency', '300ms'])
      }
    },
    destroy,
  }
}
