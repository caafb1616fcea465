import { randomUUID } from 'node:crypto'
import { SignJWT } from 'jose'
import type { LtiPlatformRecord } from '../db/lti-platforms-repo.ts'
import { refuseUrl } from '../webhooks/ssrf.ts'
import type { ToolKeys } from './tool-keys.ts'

export type PlatformAnswer = { ok: true; status: number; body: unknown; headers: Headers } | { ok: false; error: string }

/**
 * Calls a platform's services (NRPS, AGS) with an OAuth 2 access token from the client-credentials grant:
 * a JWT assertion signed with the tool's current key (IMS Security Framework §4.1). Tokens are cached per
 * platform and scope until a minute before they expire. Every URL passes the SSRF guard first (loopback
 * and private addresses only when deliveries may reach them: tests, a LAN LMS).
 */
export class PlatformClient {
  private readonly tokens = new Map<string, { token: string; until: number }>()

  constructor(
    private readonly keys: ToolKeys,
    private readonly options: { allowPrivate: boolean; timeoutMs?: number },
  ) {}

  async get(platform: LtiPlatformRecord, url: string, scope: string, accept: string): Promise<PlatformAnswer> {
    return this.call(platform, url, scope, { method: 'GET', headers: { accept } })
  }

  async post(platform: LtiPlatformRecord, url: string, scope: string, contentType: string, body: unknown): Promise<PlatformAnswer> {
    return this.call(platform, url, scope, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) })
  }

  private async call(platform: LtiPlatformRecord, url: string, scope: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<PlatformAnswer> {
    const token = await this.accessToken(platform, scope)
    if ('error' in token) return { ok: false, error: token.error }
    const answer = await this.fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${token.token}` } })
    if (answer.ok && answer.status === 401) this.tokens.delete(`${platform.id} ${scope}`) // revoked early: the next attempt asks again
    return answer
  }

  private async accessToken(platform: LtiPlatformRecord, scope: string): Promise<{ token: string } | { error: string }> {
    const cacheKey = `${platform.id} ${scope}`
    const cached = this.tokens.get(cacheKey)
    if (cached && cached.until > Date.now()) return { token: cached.token }
    if (!platform.accessTokenUrl) return { error: 'the platform has no access token URL registered' }
    const { kid, key } = await this.keys.signingKey()
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(platform.clientId)
      .setSubject(platform.clientId)
      .setAudience(platform.accessTokenUrl)
      .setIssuedAt()
      .setExpirationTime('5m')
      .setJti(randomUUID())
      .sign(key)
    const answer = await this.fetch(platform.accessTokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        scope,
      }).toString(),
    })
    if (!answer.ok) return { error: `token request failed: ${answer.error}` }
    const body = answer.body as { access_token?: unknown; expires_in?: unknown } | undefined
    if (answer.status !== 200 || typeof body?.access_token !== 'string') return { error: `token request answered HTTP ${answer.status}` }
    const ttl = typeof body.expires_in === 'number' ? body.expires_in : 3600
    this.tokens.set(cacheKey, { token: body.access_token, until: Date.now() + Math.max(0, ttl - 60) * 1000 })
    return { token: body.access_token }
  }

  private async fetch(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<PlatformAnswer> {
    const refused = await refuseUrl(url, this.options.allowPrivate)
    if (refused) return { ok: false, error: refused }
    try {
      const res = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000) })
      const text = await res.text()
      let body: unknown = text
      try {
        body = text ? JSON.parse(text) : undefined
      } catch {
        // not JSON: keep the text for the error
      }
      return { ok: true, status: res.status, body, headers: res.headers }
    } catch (err) {
      return { ok: false, error: (err as Error).message }
    }
  }
}
