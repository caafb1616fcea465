import { z } from 'zod'

/** Event types a webhook can subscribe to; `*` subscribes to all (docs/webhooks.md). */
export const webhookEvents = [
  'session.started',
  'session.ended',
  'participant.absent',
  'exception.raised',
  'summary.approved',
  'recap.ready',
  'learner.at_risk',
] as const

export const createWebhookBody = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  events: z.array(z.enum([...webhookEvents, '*'])).min(1).max(webhookEvents.length + 1),
  description: z.string().max(200).optional(),
})
export type CreateWebhookBody = z.infer<typeof createWebhookBody>

export const webhook = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  createdAt: z.string(),
})
/** The creation answer is the only one that carries the signing secret (`whsec_…`). */
export const createdWebhook = webhook.extend({ secret: z.string() })
export const webhookList = z.object({ webhooks: z.array(webhook) })

export const webhookIdParam = z.object({ id: z.string().regex(/^wh_[\w-]+$/) })
export const deliveryParams = z.object({ id: z.string().regex(/^wh_[\w-]+$/), deliveryId: z.string().regex(/^msg_[\w-]+$/) })

export const webhookDelivery = z.object({
  id: z.string().describe('The webhook-id header of every attempt of this message'),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
})
export const webhookDeliveries = z.object({ deliveries: z.array(webhookDelivery) })
