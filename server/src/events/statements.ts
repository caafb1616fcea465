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
  context: { registration: string; extensions: Record<string, unknown> }
  timestamp: string
}

export const verbs = {
  approved: { id: 'https://w3id.org/xapi/dod-isd/verbs/approved', display: { 'en-US': 'approved' } },
  /** A parent recap was produced for a learner (project verb: xAPI's vocabularies have none for it). */
  recapCreated: { id: 'urn:hilink:xapi:verbs:recap-created', display: { 'en-US': 'created a recap for' } },
} as const

export function statement(input: {
  tenantId: string
  sessionId: string
  actor: { id: string; name: string }
  verb: XapiStatement['verb']
  object: { id: string; name: string; type: string }
  extensions?: Record<string, unknown>
}): XapiStatement {
  return {
    id: randomUUID(),
    actor: { objectType: 'Agent', name: input.actor.name, account: { homePage: `urn:hilink:tenant:${input.tenantId}`, name: input.actor.id } },
    verb: input.verb,
    object: { objectType: 'Activity', id: input.object.id, definition: { name: { 'en-US': input.object.name }, type: input.object.type } },
    // The session id is a UUID: xAPI's registration fits it and lets an LRS group a lesson's statements.
    context: { registration: input.sessionId, extensions: input.extensions ?? {} },
    timestamp: new Date().toISOString(),
  }
}
