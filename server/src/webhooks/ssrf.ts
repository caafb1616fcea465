import dns from 'node:dns'
import net from 'node:net'
import type { LookupFunction } from 'node:net'

/**
 * The SSRF guard of outgoing deliveries (webhooks, LRS forwarding): a tenant-supplied URL must not reach the
 * server's own loopback, link-local (cloud metadata at 169.254.169.254) or private networks. Checked when a
 * URL is registered and again at every connection, through the socket's own DNS lookup, so a name that
 * resolves elsewhere later (DNS rebinding) is refused where it matters: at connect time.
 */
const blocked = new net.BlockList()
for (const [net4, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net4, bits, 'ipv4')
for (const [net6, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) blocked.addSubnet(net6, bits, 'ipv6')

/** Whether an address is loopback, link-local, private, or otherwise not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address)
  if (family === 0) return true
  if (family === 6) {
    // IPv4-mapped (::ffff:127.0.0.1) is judged as the IPv4 address it maps.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
    if (mapped) return blocked.check(mapped[1]!, 'ipv4')
    return blocked.check(address, 'ipv6')
  }
  return blocked.check(address, 'ipv4')
}

export class PrivateAddressError extends Error {
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a loopback, link-local or private address`)
  }
}

/** A DNS lookup for http.request that refuses private addresses unless allowed. */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0)
      const list = addresses as dns.LookupAddress[]
      const bad = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address))
      if (bad) return callback(new PrivateAddressError(hostname, bad.address), '', 0)
      if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list)
      const first = list[0]
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0)
      callback(null, first.address, first.family)
    })
  }
}

/** For registration: answers why a URL is refused, or undefined when it may be used. */
export async function refuseUrl(url: string, allowPrivate: boolean): Promise<string | undefined> {
  if (allowPrivate) return undefined
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '')
  if (net.isIP(host)) return isPrivateAddress(host) ? `${host} is a loopback, link-local or private address` : undefined
  try {
    const addresses = await dns.promises.lookup(host, { all: true })
    const bad = addresses.find((a) => isPrivateAddress(a.address))
    return bad ? `${host} resolves to ${bad.address}, a loopback, link-local or private address` : undefined
  } catch {
    return `${host} does not resolve`
  }
}
