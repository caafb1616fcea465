// The production-grade reference for bench/sync-latency.ts: Hocuspocus 4.7 with its SQLite extension (its own
// defaults: stores debounced by 2 s, at the latest every 10 s). Hocuspocus asks for Node 22 but runs on 20.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Server } from '@hocuspocus/server'
import { SQLite } from '@hocuspocus/extension-sqlite'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hocuspocus-bench-'))
const server = new Server({
  port: 0,
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: true,
  extensions: [new SQLite({ database: path.join(dir, 'hocuspocus.sqlite') })],
})
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }))
await server.listen()
console.log(`listening on http://127.0.0.1:${server.address.port}`)
