import { createHash } from 'node:crypto'

/**
 * xAPI 1.0.3-shaped statements (ARCHITECTURE.md §5). The actor always comes from a verified token, never
 * from a request body; each statement has its own id, so re-delivery is idempotent.
 */
export interface XapiStatement {
  id: string
  actor: { objectType: 'Agent'; name: string; account: { homePage: string; name: string } }
  verb: { id: string; display: Record<string, string> }
  object: { objectType: 'Activity'; id: string; definition: { name: Record<string, string>; type: string } }
  result?: { success?: boolean; completion?: boolean; response?: string; duration?: string; extensions?: Record<string, unknown> }
  context: {
    registration: string
    platform?: string
    /** The course, as the parent activity of every statement of its sessions (EventsRepo.record adds it). */
    contextActivities?: { parent?: XapiActivity[]; grouping?: XapiActivity[]; category?: XapiActivity[] }
    extensions: Record<string, unknown>
  }
  timestamp: string
  /** Set when the statement is stored (EventsRepo.record), as an LRS would. */
  stored?: string
  version?: string
}

export interface XapiActivity {
  objectType: 'Activity'
  id: string
  definition?: { name?: Record<string, string>; type?: string }
}

export const verbs = {
  approved: { id: 'https://w3id.org/xapi/dod-isd/verbs/approved', display: { 'en-US': 'approved' } },
  /** A parent recap was produced for a learner (project verb: xAPI's vocabularies have none for it). */
  recapCreated: { id: 'urn:hilink:xapi:verbs:recap-created', display: { 'en-US': 'created a recap for' } },
  /** A recap reached its parent (e-mail accepted by the SMTP server) or was stored for the LMS to fetch. */
  sent: { id: 'http://activitystrea.ms/schema/1.0/send', display: { 'en-US': 'sent' } },
  /** A speaker's captions in a lesson, counted once the lesson's last utterance is transcribed (project verb). */
  captioned: { id: 'urn:hilink:xapi:verbs:captioned', display: { 'en-US': 'was captioned in' } },
  asked: { id: 'http://adlnet.gov/expapi/verbs/asked', display: { 'en-US': 'asked' } },
  answered: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
  closed: { id: 'http://activitystrea.ms/schema/1.0/close', display: { 'en-US': 'closed' } },
  /** Project verbs: the xAPI registry has none for raising a hand or hiding the lesson tab. */
  raisedHand: { id: 'urn:hilink:xapi:verbs:raised-hand', display: { 'en-US': 'raised a hand in' } },
  loweredHand: { id: 'urn:hilink:xapi:verbs:lowered-hand', display: { 'en-US': 'lowered a hand in' } },
  tabHidden: { id: 'urn:hilink:xapi:verbs:tab-hidden', display: { 'en-US': 'hid the lesson tab of' } },
  tabVisible: { id: 'urn:hilink:xapi:verbs:tab-visible', display: { 'en-US': 'returned to the lesson tab of' } },
  /** Project verbs: LiveKit's speaker detection saw this participant start / stop speaking (their client reports it). */
  startedSpeaking: { id: 'urn:hilink:xapi:verbs:started-speaking', display: { 'en-US': 'started speaking in' } },
  stoppedSpeaking: { id: 'urn:hilink:xapi:verbs:stopped-speaking', display: { 'en-US': 'stopped speaking in' } },
  /** ADL's verbs for the lesson's lifecycle: the instructor's start and end of the session. */
  initialized: { id: 'http://adlnet.gov/expapi/verbs/initialized', display: { 'en-US': 'started' } },
  terminated: { id: 'http://adlnet.gov/expapi/verbs/terminated', display: { 'en-US': 'ended' } },
} as const

/** Activity types of the objects HiLink's statements name. */
export const activityTypes = {
  /** xAPI's cmi.interaction: a question with choices (a poll or a comprehension check). */
  interaction: 'http://adlnet.gov/expapi/activities/cmi.interaction',
  meeting: 'http://adlnet.gov/expapi/activities/meeting',
  summary: 'http://id.tincanapi.com/activitytype/summary',
  course: 'http://adlnet.gov/expapi/activities/course',
} as const

/** Where HiLink answers when no public URL is configured (HILINK_PUBLIC_URL). */
export const defaultPublicUrl = 'http://127.0.0.1:8787'

/**
 * The tenant's home page, the `homePage` (an IRL, xAPI §2.4.2.2) of every account agent: the tenant's
 * accounts live on this HiLink server. EventsRepo.record sets it from the configured public URL.
 */
export const tenantHomePage = (publicUrl: string, tenantId: string) =>
  `${publicUrl.replace(/\/+$/, '')}/tenants/${encodeURIComponent(tenantId)}`

/** The course a session belongs to, as an xAPI activity (the parent of the session's statements). */
export const courseActivity = (tenantId: string, courseId: string): XapiActivity => ({
  objectType: 'Activity',
  id: `urn:hilink:tenant:${encodeURIComponent(tenantId)}:course:${encodeURIComponent(courseId)}`,
  definition: { type: activityTypes.course, name: { 'en-US': courseId } },
})

/**
 * A name-based UUID (version 5 layout over SHA-1) of `key`: the same cause always gives the same statement
 * id, so a cause replayed after a crash or a retry is stored (and sent) once.
 */
export function stableUuid(key: string): string {
  const h = createHash('sha1').update(`urn:hilink:statement:${key}`).digest()
  h[6] = (h[6]! & 0x0f) | 0x50
  h[8] = (h[8]! & 0x3f) | 0x80
  const x = h.subarray(0, 16).toString('hex')
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`
}

/** The session as an xAPI activity. */
export const sessionActivity = (sessionId: string, title: string) => ({
  id: `urn:hilink:session:${sessionId}`,
  name: title,
  type: activityTypes.meeting,
})

/** The server itself, as the actor of what nobody did by hand (e.g. closing polls when a session ends). */
export const systemActor = { id: 'hilink', name: 'HiLink' } as const

export function statement(input: {
  tenantId: string
  sessionId: string
  actor: { id: string; name: string }
  verb: XapiStatement['verb']
  object: { id: string; name: string; type: string }
  extensions?: Record<string, unknown>
  result?: XapiStatement['result']
  /** When it happened, when that is not now (e.g. a client signal queued offline). */
  timestamp?: string
  /**
   * What caused it, when the caller can name it (e.g. `session-started:<id>`): the statement id derives from
   * it. Without a key the id derives from the statement's content (actor, verb, object, time, result,
   * extensions), which is equally stable for a replay of the same cause.
   */
  key?: string
}): XapiStatement {
  const timestamp = input.timestamp ?? new Date().toISOString()
  const key =
    input.key ??
    JSON.stringify([input.tenantId, input.sessionId, input.actor.id, input.verb.id, input.object.id, timestamp, input.result ?? null, input.extensions ?? null])
  return {
    id: stableUuid(`${input.tenantId}:${key}`),
    actor: { objectType: 'Agent', name: input.actor.name, account: { homePage: tenantHomePage(defaultPublicUrl, input.tenantId), name: input.actor.id } },
    verb: input.verb,
    object: { objectType: 'Activity', id: input.object.id, definition: { name: { 'en-US': input.object.name }, type: input.object.type } },
    // The session id is a UUID: xAPI's registration fits it and lets an LRS group a lesson's statements.
    ...(input.result ? { result: input.result } : {}),
    context: { registration: input.sessionId, platform: 'HiLink', extensions: input.extensions ?? {} },
    timestamp,
  }
}
