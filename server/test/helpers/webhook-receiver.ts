import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'

export interface ReceivedHook {
  id: string
  timestamp: string
  signature: string
  body: string
  /** The parsed body when the signature verified with the standardwebhooks package, else undefined. */
  verified: { type: string; timestamp: string; data: Record<string, unknown> } | undefined
  /** The status this receiver answered. */
  answered: number
}

/**
 * A webhook receiver on loopback that verifies every request with the `standardwebhooks` package (what a
 * customer's receiver would run). `respond` decides each answer: a status, or 'hang' to never answer.
 */
export async function startWebhookReceiver(respond: (hook: Omit<ReceivedHook, 'answered'>, nth: number) => number | 'hang' = () => 200) {
  const received: ReceivedHook[] = []
  let secret: string | undefined
  const hanging = new Set<http.ServerResponse>()
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      }
      let verified: ReceivedHook['verified']
      try {
        if (secret) verified = new Webhook(secret).verify(body, headers) as ReceivedHook['verified']
      } catch {
        verified = undefined
      }
      const hook = { id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'], body, verified }
      const answer = respond(hook, received.filter((r) => r.id === hook.id).length)
      received.push({ ...hook, answered: answer === 'hang' ? 0 : answer })
      if (answer === 'hang') {
        hanging.add(res)
        return
      }
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'try again')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`
  return {
    url,
    received,
    /** The secret the subscription answered with (verification needs it). */
    useSecret(s: string) {
      secret = s
    },
    accepted: () => received.filter((r) => r.answered >= 200 && r.answered < 300),
    close: () =>
      new Promise<void>((r) => {
        for (const res of hanging) res.destroy()
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}
