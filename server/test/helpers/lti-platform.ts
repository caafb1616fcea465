import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomUUID } from 'node:crypto'
import { SignJWT, createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, type JWK, type JWTPayload, type CryptoKey } from 'jose'

/**
 * A test LMS (LTI 1.3 platform) on loopback: its own RSA keys and JWKS, an OIDC authentication endpoint
 * that answers with the id_token form (auto-posted in a browser), a token endpoint for the client-credentials
 * grant (verifying the tool's assertion against the tool's JWKS), NRPS membership (two pages) and AGS score
 * endpoints, and a deep linking return. It records what it receives.
 */

export interface LmsUser {
  sub: string
  name: string
  roles: string[]
}

const lis = 'http://purl.imsglobal.org/vocab/lis/v2/membership'
export const ltiRoles = {
  instructor: [`${lis}#Instructor`],
  ta: [`${lis}#Instructor`, `${lis}/Instructor#TeachingAssistant`],
  learner: [`${lis}#Learner`],
  mentor: [`${lis}#Mentor`],
} as const

/** How the next authentication answer is spoiled (each refusal case), or a deep linking request. */
export type Tamper =
  | { kind: 'replay' }
  | { kind: 'aud'; aud: string | string[]; azp?: string }
  | { kind: 'expired' }
  | { kind: 'issuedInFuture' }
  | { kind: 'unknownKid' }
  | { kind: 'algNone' }
  | { kind: 'hs256' }
  | { kind: 'deployment'; deploymentId: string }
  | { kind: 'deepLinking' }

export interface TestPlatform {
  url: string
  issuer: string
  clientId: string
  deploymentId: string
  contextId: string
  resourceLinkId: string
  registration: { issuer: string; clientId: string; authLoginUrl: string; jwksUrl: string; accessTokenUrl: string; deploymentIds: string[] }
  users: Map<string, LmsUser>
  /** Members the NRPS endpoint lists (besides everyone who is in `users`). */
  members: LmsUser[]
  /** Custom parameters of resource link launches (what a deep linking response placed). */
  custom: Record<string, string> | undefined
  /** The launch_presentation claim of every launch (document_target, locale), or none. */
  presentation: { document_target?: string; locale?: string } | undefined
  /** The score endpoint answers 503 this many more times (retries). */
  failScores: number
  /** The next /auth answer is spoiled this way (once). */
  tamper: Tamper | undefined
  /** The tool's URL (for the JWKS that verifies its client assertions and deep linking responses). */
  toolUrl: string
  received: {
    auth: URLSearchParams[]
    tokenRequests: Array<{ scope: string; assertion: JWTPayload }>
    nrps: string[]
    scores: Array<{ lineitem: string; body: Record<string, unknown>; authorization: string }>
    deepLinks: JWTPayload[]
  }
  /** A new signing key with a new kid: published beside the old one and used from now on (key rotation). */
  rotateSigningKey(): Promise<string>
  /** The URL that starts a launch of `loginHint` (the LMS's link to the tool): redirects to the tool's login. */
  startUrl(loginHint: string): string
  /** What the authentication endpoint answers to an authentication request: where to post, and the fields. */
  authorize(authUrl: string): Promise<{ action: string; fields: Record<string, string> }>
  close(): Promise<void>
}

export async function startTestPlatform(opts: { toolUrl: string }): Promise<TestPlatform> {
  const unpublished = await generateKeyPair('RS256')
  let signing = await generateKeyPair('RS256')
  let signingKid = 'platform-key-1'
  const publicJwk: JWK = { ...(await exportJWK(signing.publicKey)), kid: signingKid, alg: 'RS256', use: 'sig' }
  const published: JWK[] = [publicJwk]
  let lastIdToken: { fields: Record<string, string> } | undefined
  const tokens = new Set<string>()
  const server = http.createServer((req, res) => void handle(req, res).catch((err: unknown) => {
    res.writeHead(500).end(String(err))
  }))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const platform: TestPlatform = {
    url,
    issuer: url,
    clientId: 'hilink-client-1',
    deploymentId: 'deployment-1',
    contextId: 'course-101',
    resourceLinkId: `link-${randomUUID().slice(0, 8)}`,
    registration: {
      issuer: url,
      clientId: 'hilink-client-1',
      authLoginUrl: `${url}/auth`,
      jwksUrl: `${url}/jwks`,
      accessTokenUrl: `${url}/token`,
      deploymentIds: ['deployment-1'],
    },
    users: new Map(),
    members: [],
    custom: undefined,
    presentation: undefined,
    failScores: 0,
    tamper: undefined,
    toolUrl: opts.toolUrl,
    received: { auth: [], tokenRequests: [], nrps: [], scores: [], deepLinks: [] },
    startUrl(loginHint) {
      return `${url}/start?user=${encodeURIComponent(loginHint)}`
    },
    authorize,
    async rotateSigningKey() {
      signing = await generateKeyPair('RS256')
      signingKid = `platform-key-${published.length + 1}`
      published.push({ ...(await exportJWK(signing.publicKey)), kid: signingKid, alg: 'RS256', use: 'sig' })
      return signingKid
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
  const toolKeys = () => createRemoteJWKSet(new URL(`${platform.toolUrl}/lti/jwks`))

  async function authorize(authUrl: string): Promise<{ action: string; fields: Record<string, string> }> {
    const q = new URL(authUrl).searchParams
    platform.received.auth.push(q)
    const tamper = platform.tamper
    platform.tamper = undefined
    const action = q.get('redirect_uri') ?? ''
    const state = q.get('state') ?? ''
    if (tamper?.kind === 'replay' && lastIdToken) return { action, fields: { ...lastIdToken.fields, state } }
    const user = platform.users.get(q.get('login_hint') ?? '')
    if (!user) return { action, fields: { error: 'login_required', error_description: 'unknown user', state } }
    const now = Math.floor(Date.now() / 1000)
    const deepLinking = tamper?.kind === 'deepLinking'
    const claims: JWTPayload = {
      iss: platform.issuer,
      sub: user.sub,
      aud: tamper?.kind === 'aud' ? tamper.aud : platform.clientId,
      ...(tamper?.kind === 'aud' && tamper.azp ? { azp: tamper.azp } : {}),
      iat: tamper?.kind === 'expired' ? now - 600 : tamper?.kind === 'issuedInFuture' ? now + 600 : now,
      exp: tamper?.kind === 'expired' ? now - 300 : now + 900,
      nonce: q.get('nonce') ?? '',
      name: user.name,
      'https://purl.imsglobal.org/spec/lti/claim/message_type': deepLinking ? 'LtiDeepLinkingRequest' : 'LtiResourceLinkRequest',
      'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
      'https://purl.imsglobal.org/spec/lti/claim/deployment_id': tamper?.kind === 'deployment' ? tamper.deploymentId : platform.deploymentId,
      'https://purl.imsglobal.org/spec/lti/claim/target_link_uri': `${platform.toolUrl}/lti/launch`,
      'https://purl.imsglobal.org/spec/lti/claim/roles': user.roles,
      'https://purl.imsglobal.org/spec/lti/claim/context': { id: platform.contextId, title: 'Biology 101', label: 'BIO101' },
      ...(platform.presentation ? { 'https://purl.imsglobal.org/spec/lti/claim/launch_presentation': platform.presentation } : {}),
      ...(deepLinking
        ? { 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': { deep_link_return_url: `${url}/deep-link-return`, accept_types: ['ltiResourceLink'], data: 'opaque-123' } }
        : {
            'https://purl.imsglobal.org/spec/lti/claim/resource_link': { id: platform.resourceLinkId, title: 'Cells, live' },
            ...(platform.custom ? { 'https://purl.imsglobal.org/spec/lti/claim/custom': platform.custom } : {}),
            'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': { context_memberships_url: `${url}/nrps/${platform.contextId}`, service_versions: ['2.0'] },
            'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
              scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/score'],
              lineitem: `${url}/lineitems/1?type=live`,
              lineitems: `${url}/lineitems`,
            },
          }),
    }
    let idToken: string
    if (tamper?.kind === 'algNone') {
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
      idToken = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`
    } else if (tamper?.kind === 'hs256') {
      // The classic confusion attack: HMAC keyed with the platform's public key material.
      idToken = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'platform-key-1' }).sign(new TextEncoder().encode(JSON.stringify(publicJwk)))
    } else {
      const key: CryptoKey = tamper?.kind === 'unknownKid' ? unpublished.privateKey : signing.privateKey
      idToken = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: tamper?.kind === 'unknownKid' ? 'rotated-away-key' : signingKid, typ: 'JWT' }).sign(key)
    }
    const fields = { id_token: idToken, state }
    if (!tamper) lastIdToken = { fields }
    return { action, fields }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', url)
    const body = await new Promise<string>((r) => {
      let b = ''
      req.on('data', (c: Buffer) => (b += c.toString()))
      req.on('end', () => r(b))
    })
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value))
    }
    const bearerOk = () => tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))
    if (u.pathname === '/jwks') return json(200, { keys: published })
    if (u.pathname === '/start') {
      const login = new URL(`${platform.toolUrl}/lti/login`)
      for (const [k, v] of Object.entries({ iss: platform.issuer, login_hint: u.searchParams.get('user') ?? '', target_link_uri: `${platform.toolUrl}/lti/launch`, lti_message_hint: 'hint-1', client_id: platform.clientId, lti_deployment_id: platform.deploymentId })) login.searchParams.set(k, v)
      res.writeHead(302, { location: login.toString() }).end()
      return
    }
    if (u.pathname === '/auth') {
      const { action, fields } = await authorize(u.toString())
      const inputs = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${k}" value="${v.replace(/"/g, '&quot;')}">`).join('')
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>LMS</title><form method="post" action="${action}">${inputs}</form><script>document.forms[0].submit()</script>`)
      return
    }
    if (u.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(body)
      try {
        const { payload } = await jwtVerify(form.get('client_assertion') ?? '', toolKeys(), { issuer: platform.clientId, subject: platform.clientId, audience: `${url}/token` })
        platform.received.tokenRequests.push({ scope: form.get('scope') ?? '', assertion: payload })
      } catch (err) {
        return json(401, { error: 'invalid_client', error_description: (err as Error).message })
      }
      const token = randomUUID()
      tokens.add(token)
      return json(200, { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: form.get('scope') })
    }
    if (u.pathname.startsWith('/nrps/')) {
      if (!bearerOk()) return json(401, { error: 'unauthorized' })
      platform.received.nrps.push(u.toString())
      const everyone = [...platform.users.values(), ...platform.members].map((m) => ({ user_id: m.sub, name: m.name, roles: m.roles, status: 'Active' }))
      const page = u.searchParams.get('page') === '2' ? 2 : 1
      const half = Math.ceil(everyone.length / 2)
      const members = page === 1 ? everyone.slice(0, half) : everyone.slice(half)
      const headers: Record<string, string> = page === 1 ? { link: `<${url}/nrps/${platform.contextId}?page=2>; rel="next"` } : {}
      return json(200, { id: u.toString(), context: { id: platform.contextId }, members }, { ...headers, 'content-type': 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' })
    }
    if (u.pathname.startsWith('/lineitems/') && u.pathname.endsWith('/scores') && req.method === 'POST') {
      if (!bearerOk()) return json(401, { error: 'unauthorized' })
      if (platform.failScores > 0) {
        platform.failScores--
        return json(503, { error: 'try later' })
      }
      platform.received.scores.push({ lineitem: u.toString(), body: JSON.parse(body) as Record<string, unknown>, authorization: req.headers.authorization ?? '' })
      return json(200, {})
    }
    if (u.pathname === '/deep-link-return' && req.method === 'POST') {
      const jwt = new URLSearchParams(body).get('JWT') ?? ''
      const { payload } = await jwtVerify(jwt, toolKeys(), { issuer: platform.clientId, audience: platform.issuer })
      platform.received.deepLinks.push(payload)
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>LMS</title><h1>Content added</h1>')
      return
    }
    json(404, { error: 'not found' })
  }
  return platform
}
