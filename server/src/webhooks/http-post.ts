import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import { guardedLookup, isPrivateAddress } from './ssrf.ts'

export type PostOutcome = { status: number; body: string } | { error: string }

/**
 * POSTs a body and answers the status (any status: the caller decides what counts), or the network error.
 * Connections go through the SSRF guard's lookup; redirects are not followed (a 3xx is a failure).
 */
export function postOnce(url: string, body: string, headers: Record<string, string>, opts: { allowPrivate: boolean; timeoutMs: number }): Promise<PostOutcome> {
  return new Promise((resolve) => {
    const target = new URL(url)
    // Node connects to an IP literal without any lookup, so the guard's lookup alone would not see it.
    const literal = target.hostname.replace(/^\[|\]$/g, '')
    if (!opts.allowPrivate && net.isIP(literal) && isPrivateAddress(literal)) {
      return resolve({ error: `${literal} is a loopback, link-local or private address` })
    }
    const request = (target.protocol === 'https:' ? https : http).request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body).toString(), 'user-agent': 'HiLink', ...headers },
        lookup: guardedLookup(opts.allowPrivate),
        timeout: opts.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (c: Buffer) => {
          // Only the start of a receiver's answer is kept for the delivery log.
          if (size < 4096) chunks.push(c)
          size += c.length
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 1000) }))
        res.on('error', (err) => resolve({ error: err.message }))
      },
    )
    request.on('timeout', () => request.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)))
    request.on('error', (err) => resolve({ error: err.message }))
    request.end(body)
  })
}

/**
 * Exponential backoff with jitter: base, 2×base, 4×base… capped at an hour. Jitter (±20 %) keeps many
 * failing deliveries from retrying in lockstep.
 */
export function backoffMs(attempts: number, baseMs: number, random: () => number = Math.random): number {
  const exp = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 3600_000)
  return Math.round(exp * (0.8 + 0.4 * random()))
}
