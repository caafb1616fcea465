import { randomBytes } from 'node:crypto'
import { jwtVerify, SignJWT, type JWTPayload } from 'jose'
import type { Session } from '@hilink/protocol'
import type { LtiPlatformRecord, LtiPlatformsRepo } from '../db/lti-platforms-repo.ts'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import { claim, hilinkRole, participantId, type LaunchClaims } from './claims.ts'
import { refuse, type Refusal } from './refusals.ts'
import type { ToolKeys } from './tool-keys.ts'

/** `courseTitle` undefined: the LMS named no course (the page says "this course" in the user's language). */
export type DeepLinkingPage = { kind: 'deepLinking'; ticket: string; courseTitle: string | undefined; sessions: Session[]; locale?: string | undefined }
export type DeepLinkOutcome = { returnUrl: string; jwt: string } | { refused: Refusal }

export interface DeepLinkingDeps {
  platforms: LtiPlatformsRepo
  sessions: SessionsRepo
  keys: ToolKeys
  /** Signs the tickets that carry a request's settings from the choice page to the response. */
  ticketSecret: Uint8Array
  createSession(tenantId: string, title: string, courseId: string, instructorId: string): Session
}

const ticketIssuer = 'hilink-lti-deep-linking'
const random = () => randomBytes(24).toString('base64url')

/**
 * LTI Deep Linking 2.0: an instructor's content selection shows the course's sessions and "a new session"; the
 * choice goes back to the LMS as a signed LtiDeepLinkingResponse with one ltiResourceLink whose custom
 * parameter `hilink_session` names the session (the launches of that link open it).
 */
export class DeepLinking {
  constructor(private readonly deps: DeepLinkingDeps) {}

  /** The choice page for a verified LtiDeepLinkingRequest (instructors only). */
  async request(platform: LtiPlatformRecord, c: LaunchClaims, launchUrl: string): Promise<DeepLinkingPage | { refused: Refusal }> {
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
    return { kind: 'deepLinking', ticket, courseTitle: context?.title ?? context?.label, sessions }
  }

  /** The instructor's choice on the deep linking page: an existing session of the course, or a new one. */
  async respond(ticket: string, choice: { sessionId?: string | undefined; title?: string | undefined }): Promise<DeepLinkOutcome> {
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
      session = this.deps.createSession(platform.tenantId, title.slice(0, 200), courseId, String(t.sub))
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
}
