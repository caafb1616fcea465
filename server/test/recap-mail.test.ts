import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { simpleParser } from 'mailparser'
import { adminKey, sessionWithTokens, startTestServer, tempDataDir, type TestServer } from './helpers/test-server.ts'
import { connectPeer, destroyAllPeers, waitFor, whenSynced, sleep } from './helpers/sync-client.ts'
import { assertValidStatements } from './helpers/xapi-check.ts'

/**
 * Recap e-mails through a real SMTP server on loopback (smtp-server, the receiving side of nodemailer's
 * project): nothing before approval, one plain-text mail per parent after it, and a failed delivery is
 * retried when the server starts again.
 */
interface Mail {
  to: string[]
  raw: string
}
let accept = true
const inbox: Mail[] = []
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onRcptTo(address, _session, callback) {
    callback(accept ? undefined : Object.assign(new Error('mailbox unavailable'), { responseCode: 450 }))
  },
  onData(stream, session, callback) {
    let raw = ''
    stream.on('data', (chunk: Buffer) => (raw += chunk.toString()))
    stream.on('end', () => {
      inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw })
      callback()
    })
  },
})
const smtpPort = await new Promise<number>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve((smtp.server.address() as AddressInfo).port)))
const servers: TestServer[] = []
after(async () => {
  destroyAllPeers()
  for (const s of servers) await s.stop()
  await new Promise<void>((resolve) => smtp.close(() => resolve()))
})

async function start(dataDir: string): Promise<TestServer> {
  const server = await startTestServer(dataDir, { HILINK_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, HILINK_SMTP_FROM: 'School <school@localhost>' })
  servers.push(server)
  return server
}

test('approval mails one plain-text recap per parent; a failed delivery is retried after a restart', async () => {
  const dataDir = tempDataDir()
  let server = await start(dataDir)
  const { sessionId, tokens } = await sessionWithTokens(server, { ada: { role: 'instructor', name: 'Ada' } })
  for (const [userId, name, parentEmail] of [['grace', 'Grace', 'grace.parent@example.org'], ['alan', 'Alan', 'alan.parent@example.org']]) {
    const minted = await server.api('POST', `/api/v1/sessions/${sessionId}/tokens`, {
      auth: adminKey,
      body: { userId, name, role: 'learner', parentEmail },
    })
    assert.equal(minted.status, 201)
    if (userId === 'grace') {
      const grace = connectPeer(server.url, sessionId, minted.body.token)
      await whenSynced(grace)
    }
  }
  const bad = await server.api('POST', `/api/v1/sessions/${sessionId}/tokens`, {
    auth: adminKey,
    body: { userId: 'x', name: 'X', role: 'learner', parentEmail: 'not an address' },
  })
  assert.equal(bad.status, 400)

  const api = (method: string, path: string) => server.api(method, `/api/v1/sessions/${sessionId}${path}`, { auth: tokens.ada })
  await api('POST', '/start')
  await api('POST', '/end')
  for (let i = 0; (await api('GET', '/summary')).status === 404 && i < 50; i++) await sleep(100)
  await sleep(300)
  assert.equal(inbox.length, 0, 'nothing is sent before approval')

  accept = false
  assert.equal((await api('POST', '/summary/approve')).status, 200)
  await sleep(500)
  assert.equal(inbox.length, 0, 'the SMTP server refused')

  // The recaps table is the outbox: after a restart the server delivers what is still waiting.
  await server.stop()
  accept = true
  server = await start(dataDir)
  await waitFor(() => inbox.length === 2, 5000, 'two recap mails')
  const parsed = new Map(await Promise.all(inbox.map(async (m) => [m.to[0], await simpleParser(m.raw)] as const)))
  const graceMail = parsed.get('grace.parent@example.org')
  const alanMail = parsed.get('alan.parent@example.org')
  assert.equal(graceMail?.subject, 'Lesson recap: Fractions, lesson 3 — Grace')
  assert.deepEqual(graceMail?.from?.value.map((a) => [a.name, a.address]), [['School', 'school@localhost']])
  assert.equal(graceMail?.html, false, 'plain text only')
  assert.match(graceMail?.text ?? '', /^Lesson: Fractions, lesson 3\nLearner: Grace\nAttended \(about \d+ minutes?\)\./)
  assert.match(graceMail?.text ?? '', /approved by the teacher/)
  assert.match(alanMail?.text ?? '', /Did not attend this lesson\./)

  // Each mail accepted is on record as sent by e-mail, once: not the refused attempt, not the stored kind.
  const sent = () => server.services.events.forSession('default', sessionId).filter((e) => e.verb.id === 'http://activitystrea.ms/schema/1.0/send')
  assert.deepEqual(sent().map((e) => [e.object.id, e.context.extensions['urn:hilink:xapi:delivery']]).sort(), [
    [`urn:hilink:session:${sessionId}:recap:alan`, 'email'],
    [`urn:hilink:session:${sessionId}:recap:grace`, 'email'],
  ])
  assertValidStatements(sent())

  // Delivered once: a further start sends nothing again.
  await server.stop()
  server = await start(dataDir)
  await sleep(500)
  assert.equal(inbox.length, 2)
  assert.equal(sent().length, 2)
})
