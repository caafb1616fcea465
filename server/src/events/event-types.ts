import { webhookEvents } from '@hilink/protocol'
import { verbs } from './statements.ts'

/** The event types a webhook can subscribe to (docs/webhooks.md): one list, in the protocol, for the API's schema too. */
export const webhookEventTypes = webhookEvents
export type WebhookEventType = (typeof webhookEventTypes)[number]

/** The outbox type of a statement that no webhook event names: it still goes to the LRS. */
export const statementOnlyType = 'xapi.statement'

const byVerb: Record<string, WebhookEventType> = {
  [verbs.initialized.id]: 'session.started',
  [verbs.terminated.id]: 'session.ended',
  [verbs.approved.id]: 'summary.approved',
  [verbs.recapCreated.id]: 'recap.ready',
}

/** The webhook event a statement announces, if any. */
export function eventTypeOfVerb(verbId: string): string {
  return byVerb[verbId] ?? statementOnlyType
}
