import { randomBytes } from 'node:crypto'
import { createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose'
import type { ParticipantRole, Session } from '@hilink/protocol'
import type { LtiPlatformRecord, LtiPlatformsRepo } from '../db/lti-platforms-repo.ts'
import type { LtiLoginsRepo } from '../db/lti-logins-repo.ts'
import type { LtiLink, LtiLinksRepo } from '../db/lti-links-repo.ts'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { ParticipantsRepo } from '../db/participants-repo.ts'
import type { TokenService } from '../auth/tokens.ts'
import { claim, displayName, hilinkRole, launchClaims, messageTypes, participantId, type LaunchClaims } from './claims.ts'
import type { ToolKeys } from './tool-keys.ts'

/** A launch refused: the page says what was wrong in plain words. */
export interface Refusal {
  status: 400 | 401 | 403 | 404
  title: string
  detail: string
}

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
  | { kind: 'deepLinking'; ticket: string; courseTitle: string; sessions: Session[] }
  | { refused: Refusal }

export type DeepLinkOutcome = { returnUrl: string; jwt: string } | { refused: Refusal }

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
const tokenTtlSeconds = 2 * 3600
const ticketIssuer = 'hilink-lti-deep-linking'
const refuse = (status: Refusal['status'], title: string, detail: string): { refused: Refusal } => ({ refused: { status, title, detail } })
const random = () => randomBytes(24).toString('base64url')

/**
 * LTI 1.3 as the IMS Security Framework and LTI Core describe it, without HTTP: the OIDC third-party login,
 * the launch's id_token checks (each refusal with a plain reason), the resource link's session, the
 * participant token, and the deep linking response. Routes turn the outcomes into redirects and pages.
 */
export class LtiService {
  private readonly jwks = new Map<string, ReturnType<typeof createRemoteJWKSet>>()

  constructor(private readonly deps: LtiDeps) {}

  /** The platform starts a launch here; we answer with the authentication request back to it. */
  login(p: LoginParams, launchUrl: string): LoginOutcome {
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
    return messageType === 'LtiDeepLinkingRequest' ? this.deepLinkingRequest(platform, c, launchUrl) : this.resourceLink(platform, c)
  }

  /** The instructor's choice on the deep linking page: an existing session of the course, or a new one. */
  async deepLinkResponse(ticket: string, choice: { sessionId?: string | undefined; title?: string | undefined }): Promise<DeepLinkOutcome> {
    let t: JWTPayload
    try {
      ;({ payload: t } = await jwtVerify(ticket, this.deps.ticketSecret, { issuer: ticketIssuer, algorithms: ['HS256'] }))
    } catch {
      return refuse(401, 'This page has expired', 'The choice page is valid for 30 minutes. Start again from the LMS.')
    }
    const platform = this.deps.platforms.byId(String(t.platform))
    if (!platform) return refuse(404, 'This LMS is no longer registered', 'The platform was removed.')
    const courseId = String(t.course)
    let session: Session | undefined
    if (choice.sessionId) {
      session = this.deps.sessions.get(platform.tenantId, choice.sessionId)
      if (!session || session.courseId !== courseId) return refuse(404, 'No such session in this course', 'The session chosen is not one of this course\'s sessions.')
    } else {
      const title = choice.title?.trim()
      if (!title) return refuse(400, 'The new session needs a title', 'Give the session a title, or pick an existing one.')
      session = this.createSession(platform.tenantId, title.slice(0, 200), courseId, String(t.sub))
    }
    const { kid, key } = await this.deps.keys.signingKey()
    const jwt = await new SignJWT({
      nonce: random(),
      [claim.messageType]: 'LtiDeepLinkingResponse',
      [claim.version]: '1.3.0',
      [claim.deploymentId]: String(t.deployment),
      [claim.contentItems]: [
        {
          type: 'ltiResourceLink',
          title: session.title,
          url: String(t.launchUrl),
          // The launches of this link open the chosen session (see resourceLink).
          custom: { hilink_session: session.id },
        },
      ],
      ...(typeof t.data === 'string' ? { [claim.deepLinkingData]: t.data } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(platform.clientId)
      .setAudience(platform.issuer)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key)
    return { returnUrl: String(t.returnUrl), jwt }
  }

  private async deepLinkingRequest(platform: LtiPlatformRecord, c: LaunchClaims, launchUrl: string): Promise<LaunchOutcome> {
    const role = hilinkRole(c[claim.roles])
    if (role !== 'instructor') return refuse(403, 'Only instructors place HiLink sessions', 'Adding a HiLink session to the course is for the course\'s instructors.')
    const settings = c[claim.deepLinkingSettings]
    if (!settings) return refuse(400, 'The launch is missing information', 'A deep linking request needs its deep_linking_settings (where to send the choice).')
    const context = c[claim.context]
    const courseId = context ? participantId(platform.id, context.id) : `${platform.id}:no-course`
    const ticket = await new SignJWT({
      platform: platform.id,
      deployment: c[claim.deploymentId],
      course: courseId,
      returnUrl: settings.deep_link_return_url,
      launchUrl,
      ...(settings.data ? { data: settings.data } : {}),
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ticketIssuer)
      .setSubject(participantId(platform.id, c.sub))
      .setExpirationTime('30m')
      .sign(this.deps.ticketSecret)
    const sessions = this.sessionsOfCourse(platform.tenantId, courseId)
    return { kind: 'deepLinking', ticket, courseTitle: context?.title ?? context?.label ?? 'this course', sessions }
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

  private sessionsOfCourse(tenantId: string, courseId: string): Session[] {
    // The newest few hundred sessions of the tenant are enough for a picker of a course's sessions.
    const found: Session[] = []
    let cursor: { scheduledStart: string; id: string } | undefined
    for (let page = 0; page < 5; page++) {
      const batch = this.deps.sessions.list(tenantId, 100, cursor)
      found.push(...batch.filter((s) => s.courseId === courseId))
      const last = batch.at(-1)
      if (!last || batch.length < 100) break
      cursor = { scheduledStart: last.scheduledStart, id: last.id }
    }
    return found.slice(0, 50)
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

function verifyRefusal(err: unknown, platform: LtiPlatformRecord, kid: string): { refused: Refusal } {
  if (err instanceof joseErrors.JWTExpired) return refuse(401, 'The launch token has expired', 'The id_token\'s "exp" time has passed. Start again from the LMS.')
  if (err instanceof joseErrors.JWKSNoMatchingKey) {
    return refuse(401, 'The launch token is signed with an unknown key', `The platform's JWKS (${platform.jwksUrl}) has no key with kid "${kid}".`)
  }
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return refuse(401, 'The launch token\'s signature is wrong', 'The id_token\'s signature does not match the platform\'s key: it was altered or signed by someone else.')
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid) {
    return refuse(401, 'The LMS\'s keys could not be read', `HiLink could not fetch a valid JWKS from ${platform.jwksUrl}.`)
  }
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    const what: Record<string, string> = {
      aud: `The id_token is not meant for HiLink: its audience ("aud") does not include HiLink's client id ${platform.clientId}.`,
      iss: `The id_token's issuer ("iss") is not ${platform.issuer}, the issuer registered for this LMS.`,
      iat: 'The id_token\'s issue time ("iat") is in the future or more than 10 minutes ago.',
      nbf: 'The id_token is not valid yet ("nbf").',
    }
    return refuse(401, 'The launch token was refused', what[err.claim] ?? `The id_token's "${err.claim}" claim is missing or not valid (${err.reason}).`)
  }
  if (err instanceof joseErrors.JOSEError || err instanceof TypeError) return refuse(401, 'The launch token was refused', `The id_token could not be verified (${(err as Error).message}).`)
  throw err
}
