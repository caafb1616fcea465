import { IncomingMessage } from 'node:http'
import type { Context } from 'hono'
import type { HttpBindings } from '@hono/node-server'
import proxyaddr from 'proxy-addr'

/**
 * The caller's network address, for an HTTP request (Hono context) or a WebSocket upgrade (Node request); the
 * only place that reads it. `unknown` for callers without a socket (in-process `app.request`).
 */
export type ClientAddress = (from: Context | IncomingMessage) => string

/** The keywords proxy-addr expands into ranges, besides addresses and CIDR ranges. */
const keywords = ['loopback', 'linklocal', 'uniquelocal']

/**
 * Parses HILINK_TRUSTED_PROXIES (comma-separated addresses, CIDR ranges and the keywords `loopback`,
 * `linklocal`, `uniquelocal`); throws a message that names the entry it cannot read.
 */
export function parseTrustedProxies(value: string): string[] {
  const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '')
  for (const entry of entries) {
    try {
      proxyaddr.compile(entry)
    } catch {
      throw new Error(`"${entry}" is not an IP address, a CIDR range (10.0.0.0/8, fd00::/8) or one of ${keywords.join(', ')}`)
    }
  }
  return entries
}

/**
 * The client's address behind the proxies the operator trusts: the socket's peer when it is not one of them;
 * otherwise X-Forwarded-For walked from the right, skipping trusted hops, up to the first address that is not
 * trusted (proxy-addr, Express's walk). Entries left of that one were written by the client and are ignored,
 * so a forged header gains a caller nothing. With no trusted proxies the header is never read.
 */
export function clientAddressBehind(trustedProxies: readonly string[]): ClientAddress {
  const trust = proxyaddr.compile([...trustedProxies])
  return (from) => {
    const req = from instanceof IncomingMessage ? from : (from.env as Partial<HttpBindings> | undefined)?.incoming
    if (!req?.socket) return 'unknown'
    // proxy-addr's type says string, but a socket already closed has no remote address.
    const address: string | undefined = proxyaddr(req, trust)
    return address ?? 'unknown'
  }
}
