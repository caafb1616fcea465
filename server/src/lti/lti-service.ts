import { randomBytes } from 'node:crypto'
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose'
import type { ParticipantRole, Session } from '@hilink/protocol'
import type { LtiPlatformRecord, LtiPlatformsRepo } from '../db/lti-platforms-repo.ts'
import type { LtiLoginsRepo } from '../db/lti-logins-repo.ts'
import type { LtiLink, LtiLinksRepo } from '../db/lti-links-repo.ts'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { ParticipantsRepo } from '../db/participants-repo.ts'
import type { TokenService } from '../auth/tokens.ts'
import { claim, displayName, hilinkRole, launchClaims, messageTypes, participantId, type LaunchClaims } from './claims.ts'
import type { ToolKeys } from './tool-keys.ts'
import { DeepLinking, type DeepLinkOutcome, type DeepLinkingPage } from './deep-linking.ts'
import { refuse, verifyRefusal, type Refusal } from './refusals.ts'

export type { Refusal } from './refusals.ts'
export type { DeepLinkOutcome } from './deep-linking.ts'

export interface LoginParams {
  iss?: string | undefined
  login_hint?: string | undefined
  target_link_uri?: string | undefined
  lti_message_hint?: string | undefined
  client_id?: string | undefined
  lti_deployment_id?: string | undefined
}

export type LoginOutcome = { redirect: string; state: string } | { refused: Refusal }

export type LaunchOutcome =
  | { kind: 'session'; tenantId: string; sessionId: string; role: ParticipantRole; token: string; ttlSeconds: number }
  | DeepLinkingPage
  | { refused: Refusal }

/** The roster of a resource link is fetched after a launch (at most this often). */
export type RosterRequest = (platform: LtiPlatformRecord, link: LtiLink) => void

export interface LtiDeps {
  platforms: LtiPlatformsRepo
  logins: LtiLoginsRepo
  links: LtiLinksRepo
  sessions: SessionsRepo
  participants: ParticipantsRepo
  tokens: TokenService
  keys: ToolKeys
  /** Signs deep linking tickets (the instructor's choice page → the response). */
  ticketSecret: Uint8Array
  /** After a session is created on a first launch (published to its document). */
  sessionCreated(tenantId: string, session: Session): void
  syncRoster: RosterRequest
}

const stateTtlMs = 10 * 60_000

/** Whether `target` is an address of this tool: its origin, under its path, with no credentials in it. */
export function isToolUrl(target: string, toolUrl: string): boolean {
  if (!URL.canParse(target)) return false
  const t = new URL(target)
  const base = new URL(toolUrl)
  const path = base.pathname.replace(/\/+$/, '')
  return t.origin === base.origin && !t.username && !t.password && (t.pathname === path || t.pathname.startsWith(`${path}/`))
}
const tokenTtlSeconds = 2 * 3600
const random = () => randomBytes(24).toString('base64url')

/**
 * LTI 1.3 as the IMS Security Framework and LTI Core describe it, without HTTP: the OIDC third-party login,
 * the launch's id_token checks (each refusal with a plain reason), the resource link's session, the
 * participant token, and the deep linking response. Routes turn the outcomes into redirects and pages.
 */
export class LtiService {
  private readonly jwks = new Map<string, ReturnType<typeof createRemoteJWKSet>>()
  private readonly deepLinking: DeepLinking

  constructor(private readonly deps: LtiDeps) {
    this.deepLinking = new DeepLinking({ ...deps, createSession: (...args) => this.createSession(...args) })
  }

  /** The instructor's choice on the deep linking page: an existing session of the course, or a new one. */
  deepLinkResponse(ticket: string, choice: { sessionId?: string | undefined; title?: string | undefined }): Promise<DeepLinkOutcome> {
    return this.deepLinking.respond(ticket, choice)
  }

  /**
   * The platform starts a launch here; we answer with the authentication request back to it. `toolUrl`: this
   * tool's public URL (the launch URL is under it).
   */
  login(p: LoginParams, toolUrl: string): LoginOutcome {
    if (!p.iss || !p.login_hint || !p.target_link_uri) {
      return refuse(400, 'The LMS sent an incomplete login', 'A login needs iss, login_hint and target_link_uri; one of them is missing.')
    }
    const candidates = this.deps.platforms.byIssuer(p.iss).filter((pl) => !p.client_id || pl.clientId === p.client_id)
    if (candidates.length === 0) {
      return refuse(404, 'This LMS is not registered', `No platform with issuer ${p.iss}${p.client_id ? ` and client id ${p.client_id}` : ''} is registered with HiLink. An administrator registers it first (POST /api/v1/lti/platforms).`)
    }
    if (candidates.length > 1) return refuse(400, 'The LMS did not say which registration', `Several registrations share the issuer ${p.iss}; the login must name its client_id.`)
    const platform = candidates[0] as LtiPlatformRecord
    if (p.lti_deployment_id && !platform.deploymentIds.includes(p.lti_deployment_id)) {
      return refuse(403, 'This deployment is not registered', `The LMS launched deployment ${p.lti_deployment_id}, which is not one of the deployment ids registered for it.`)
    }
    // The login may only lead back into this tool: a target elsewhere would make HiLink start an LMS sign-in whose
    // purpose another site chose (open redirect, confused deputy).
    if (!isToolUrl(p.target_link_uri, toolUrl)) {
      return refuse(400, 'The launch target is not HiLink', `The login's target_link_uri (${p.target_link_uri}) is not an address of this tool (${toolUrl}). The LMS's tool link must point at HiLink.`)
    }
    const launchUrl = `${toolUrl}/lti/launch`
    const state = random()
    const nonce = random()
    this.deps.logins.start(state, platform.id, nonce, Date.now() + stateTtlMs)
    const auth = new URL(platform.authLoginUrl)
    const query: Record<string, string> = {
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: platform.clientId,
      redirect_uri: launchUrl,
      login_hint: p.login_hint,
      state,
      nonce,
      ...(p.lti_message_hint ? { lti_message_hint: p.lti_message_hint } : {}),
    }
    for (const [k, v] of Object.entries(query)) auth.searchParams.set(k, v)
    return { redirect: auth.toString(), state }
  }

  /**
   * The platform posts the id_token back. `stateCookie`: whether this browser holds the cookie the login set
   * for this state (the launch must come back to the browser that started it).
   */
  async launch(
    form: { id_token?: string | undefined; state?: string | undefined; error?: string | undefined; error_description?: string | undefined },
    stateCookie: boolean,
    launchUrl: string,
  ): Promise<LaunchOutcome> {
    if (form.error) return refuse(400, 'The LMS refused the login', `The LMS answered "${form.error}"${form.error_description ? `: ${form.error_description}` : ''}.`)
    if (!form.id_token || !form.state) return refuse(400, 'The launch is incomplete', 'A launch needs id_token and state; one of them is missing.')
    if (!stateCookie) {
      return refuse(401, 'This launch did not start in this browser', 'The login cookie for this launch is missing: the launch must come back to the browser that started it (cookies blocked, or a launch link opened elsewhere). Start again from the LMS.')
    }
    const login = this.deps.logins.take(form.state)
    if (!login) return refuse(401, 'This launch has expired or was already used', 'The login state is unknown, used or older than 10 minutes. Start again from the LMS.')
    const platform = this.deps.platforms.byId(login.platformId)
    if (!platform) return refuse(404, 'This LMS is no longer registered', 'The platform was removed while the launch was under way.')

    let header: ReturnType<typeof decodeProtectedHeader>
    try {
      header = decodeProtectedHeader(form.id_token)
    } catch {
      return refuse(400, 'The launch token is malformed', 'The id_token is not a JSON Web Token.')
    }
    if (header.alg === 'none') return refuse(401, 'The launch token is unsigned', 'The id_token uses "alg: none" (no signature). Only RS256-signed tokens are accepted.')
    if (header.alg !== 'RS256') return refuse(401, 'The launch token uses the wrong algorithm', `The id_token is signed with ${String(header.alg)}; LTI 1.3 requires RS256 with the platform's published key.`)
    if (!header.kid) return refuse(401, 'The launch token names no key', 'The id_token header has no "kid", so its key cannot be found in the platform\'s JWKS.')

    let payload: JWTPayload
    try {
      ;({ payload } = await jwtVerify(form.id_token, this.keySet(platform), {
        algorithms: ['RS256'],
        issuer: platform.issuer,
        audience: platform.clientId,
        requiredClaims: ['exp', 'iat', 'nonce', 'sub'],
        maxTokenAge: '10m',
        clockTolerance: 60,
      }))
    } catch (err) {
      return verifyRefusal(err, platform, header.kid)
    }
    const aud = payload.aud
    if (Array.isArray(aud) && aud.length > 1 && payload.azp !== platform.clientId) {
      return refuse(401, 'The launch token is meant for several parties', `The id_token has several audiences, and its "azp" (${String(payload.azp)}) is not HiLink's client id ${platform.clientId}.`)
    }
    const nonce = String(payload.nonce)
    if (!this.deps.logins.useNonce(platform.id, nonce, ((payload.exp as number) + 120) * 1000)) {
      return refuse(401, 'This launch was already used', 'The id_token\'s nonce has been seen before: a launch token works once (a replayed launch). Start again from the LMS.')
    }
    if (nonce !== login.nonce) return refuse(401, 'The launch token does not belong to this login', 'The id_token\'s nonce is not the one HiLink sent with this login.')

    const parsed = launchClaims.safeParse(payload)
    if (!parsed.success) {
      const first = parsed.error.issues[0]
      return refuse(400, 'The launch is missing information', `The id_token's ${first?.path.join('.') || 'claims'} ${first ? `is not valid (${first.message})` : 'are not valid'}.`)
    }
    const c = parsed.data
    // From here on the token is verified: its locale may choose the language of the pages that follow.
    const locale = c[claim.launchPresentation]?.locale
    const outcome = await this.verifiedLaunch(platform, c, payload, launchUrl)
    if ('refused' in outcome) return { refused: { ...outcome.refused, locale } }
    return outcome.kind === 'deepLinking' ? { ...outcome, locale } : outcome
  }

  private async verifiedLaunch(platform: LtiPlatformRecord, c: LaunchClaims, payload: JWTPayload, launchUrl: string): Promise<LaunchOutcome> {
    const version = payload[claim.version]
    if (version !== '1.3.0') return refuse(400, 'Unsupported LTI version', `The launch says LTI version ${JSON.stringify(version)}; HiLink supports 1.3.0.`)
    const messageType = payload[claim.messageType]
    if (!messageTypes.includes(messageType as (typeof messageTypes)[number])) {
      return refuse(400, 'Unsupported kind of launch', `The launch's message type is ${JSON.stringify(messageType)}; HiLink accepts ${messageTypes.join(' and ')}.`)
    }
    const deploymentId = c[claim.deploymentId]
    if (!platform.deploymentIds.includes(deploymentId)) {
      return refuse(403, 'This deployment is not registered', `The launch comes from deployment ${deploymentId}, which is not one of the deployment ids registered for this LMS (${platform.deploymentIds.join(', ')}).`)
    }
    return messageType === 'LtiDeepLinkingRequest' ? this.deepLinking.request(platform, c, launchUrl) : this.resourceLink(platform, c)
  }

  private async resourceLink(platform: LtiPlatformRecord, c: LaunchClaims): Promise<LaunchOutcome> {
    const resourceLink = c[claim.resourceLink]
    if (!resourceLink) return refuse(400, 'The launch is missing information', 'A resource link launch needs its resource_link claim (which placement in the course was opened).')
    const context = c[claim.context]
    const courseId = context ? participantId(platform.id, context.id) : `${platform.id}:no-course`
    const userId = participantId(platform.id, c.sub)
    const name = displayName(c)
    const role = hilinkRole(c[claim.roles])
    const ags = c[claim.ags]
    const nrps = c[claim.nrps]
    let link = this.deps.links.get(platform.id, resourceLink.id)
    let session = link && this.deps.sessions.get(platform.tenantId, link.sessionId)
    if (!session) {
      // A link placed by deep linking names its session; otherwise the first launch creates one.
      const chosen = c[claim.custom]?.hilink_session
      const placed = typeof chosen === 'string' ? this.deps.sessions.get(platform.tenantId, chosen) : undefined
      session = placed ?? this.createSession(platform.tenantId, resourceLink.title ?? context?.title ?? 'Live lesson', courseId, role === 'instructor' ? userId : `${platform.id}:instructor`)
    }
    link = this.deps.links.link({
      platformId: platform.id,
      resourceLinkId: resourceLink.id,
      tenantId: platform.tenantId,
      sessionId: session.id,
      contextId: context?.id ?? null,
      lineitemUrl: ags?.lineitem && ags.scope.includes('https://purl.imsglobal.org/spec/lti-ags/scope/score') ? ags.lineitem : null,
      nrpsUrl: nrps?.context_memberships_url ?? null,
    })
    this.deps.participants.invite(platform.tenantId, session.id, { userId, name, role })
    if (link.nrpsUrl) this.deps.syncRoster(platform, link)
    const { token } = await this.deps.tokens.mint({ userId, name, role, sessionId: session.id, tenantId: platform.tenantId, ttlSeconds: tokenTtlSeconds })
    return { kind: 'session', tenantId: platform.tenantId, sessionId: session.id, role, token, ttlSeconds: tokenTtlSeconds }
  }

  private createSession(tenantId: string, title: string, courseId: string, instructorId: string): Session {
    const start = new Date()
    const session = this.deps.sessions.create(tenantId, {
      title: title.slice(0, 200),
      scheduledStart: start.toISOString(),
      scheduledEnd: new Date(start.getTime() + 3600_000).toISOString(),
      courseId,
      instructorId,
    })
    this.deps.sessionCreated(tenantId, session)
    return session
  }

  /** jose's remote key set: cached, and fetched again when a token names a kid it does not hold. */
  private keySet(platform: LtiPlatformRecord) {
    const cacheKey = `${platform.id} ${platform.jwksUrl}`
    let set = this.jwks.get(cacheKey)
    if (!set) {
      // A platform that rotates its key is picked up within 5 s (jose refetches on an unknown kid, at most that often).
      set = createRemoteJWKSet(new URL(platform.jwksUrl), { cooldownDuration: 5_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000 })
      this.jwks.set(cacheKey, set)
    }
    return set
  }
}
