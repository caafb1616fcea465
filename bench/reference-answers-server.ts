// The reference for bench/poll-answers.ts: a bare Hono endpoint that stores an answer and an event row with raw
// better-sqlite3 inserts in one WAL transaction. No auth, no validation, no roles, no document, no relay.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import { Hono } from 'hono'
import { serve } from '@hono/node-server'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilink-bench-ref-'))
const db = new Database(path.join(dir, 'ref.sqlite'))
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.exec(`CREATE TABLE answers (poll_id TEXT, user_id TEXT, option INTEGER, answered_at TEXT, PRIMARY KEY (poll_id, user_id));
         CREATE TABLE events (id TEXT PRIMARY KEY, statement TEXT)`)
const insertAnswer = db.prepare(
  'INSERT INTO answers VALUES (?, ?, ?, ?) ON CONFLICT (poll_id, user_id) DO UPDATE SET option = excluded.option',
)
const insertEvent = db.prepare('INSERT INTO events VALUES (?, ?)')
const store = db.transaction((pollId: string, userId: string, option: number) => {
  insertAnswer.run(pollId, userId, option, new Date().toISOString())
  const id = randomUUID()
  insertEvent.run(id, JSON.stringify({ id, actor: userId, verb: 'answered', object: pollId, option }))
})

const app = new Hono().post('/answer/:pollId/:userId', async (c) => {
  const { option } = (await c.req.json()) as { option: number }
  store(c.req.param('pollId'), c.req.param('userId'), option)
  return c.json({ ok: true })
})
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`)
})
process.on('SIGTERM', () => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
  process.exit(0)
})
