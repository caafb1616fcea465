import { randomUUID } from 'node:crypto'

/**
 * xAPI 1.0.3-shaped statements (ARCHITECTURE.md §5). The actor always comes from a verified token, never
 * from a request body; each statement has its own id, so re-delivery is idempotent.
 */
export interface XapiStatement {
  id: string
  actor: { objectType: 'Agent'; name: string; account: { homePage: string; name: string } }
  verb: { id: string; display: Record<string, string> }
  object: { objectType: 'Activity'; id: string; definition: { name: Record<string, string>; type: string } }
  result?: { success?: boolean; response?: string; extensions?: Record<string, unknown> }
  context: { registration: string; extensions: Record<string, unknown> }
  timestamp: string
}

export const verbs = {
  approved: { id: 'https://w3id.org/xapi/dod-isd/verbs/approved', display: { 'en-US': 'approved' } },
  /** A parent recap was produced for a learner (project verb: xAPI's vocabularies have none for it). */
  recapCreated: { id: 'urn:hilink:xapi:verbs:recap-created', display: { 'en-US': 'created a recap for' } },
  asked: { id: 'http://adlnet.gov/expapi/verbs/asked', display: { 'en-US': 'asked' } },
  answered: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
  closed: { id: 'http://activitystrea.ms/schema/1.0/close', display: { 'en-US': 'closed' } },
  /** Project verbs: the xAPI registry has none for raising a hand or hiding the lesson tab. */
  raisedHand: { id: 'urn:hilink:xapi:verbs:raised-hand', display: { 'en-US': 'raised a hand in' } },
  loweredHand: { id: 'urn:hilink:xapi:verbs:lowered-hand', display: { 'en-US': 'lowered a hand in' } },
  tabHidden: { id: 'urn:hilink:xapi:verbs:tab-hidden', display: { 'en-US': 'hid the lesson tab of' } },
  tabVisible: { id: 'urn:hilink:xapi:verbs:tab-visible', display: { 'en-US': 'returned to the lesson tab of' } },
} as const

/** Activity types of the objects HiLink's statements name. */
export const activityTypes = {
  /** xAPI's cmi.interaction: a question with choices (a poll or a comprehension check). */
  interaction: 'http://adlnet.gov/expapi/activities/cmi.interaction',
  meeting: 'http://adlnet.gov/expapi/activities/meeting',
  summary: 'http://id.tincanapi.com/activitytype/summary',
} as const

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
}): XapiStatement {
  return {
    id: randomUUID(),
    actor: { objectType: 'Agent', name: input.actor.name, account: { homePage: `urn:hilink:tenant:${input.tenantId}`, name: input.actor.id } },
    verb: input.verb,
    object: { objectType: 'Activity', id: input.object.id, definition: { name: { 'en-US': input.object.name }, type: input.object.type } },
    // The session id is a UUID: xAPI's registration fits it and lets an LRS group a lesson's statements.
    ...(input.result ? { result: input.result } : {}),
    context: { registration: input.sessionId, extensions: input.extensions ?? {} },
    timestamp: input.timestamp ?? new Date().toISOString(),
  }
}
