import { createRoute, z } from '@hono/zod-openapi'
import { createWebhookBody, createdWebhook, deliveryParams, webhookDeliveries, webhookIdParam, webhookList } from '@hilink/protocol'
import type { PrincipalEnv } from '../auth/principal.ts'
import { authorize } from '../auth/authorize.ts'
import { apiError } from '../http/errors.ts'
import { bearerSecurity, createSubApp, errorResponses, jsonBody, jsonResponse } from '../http/openapi.ts'
import type { WebhookRow } from '../db/webhooks-repo.ts'
import type { DeliveryRow } from '../db/webhook-deliveries-repo.ts'
import type { WebhookService } from './webhook-service.ts'

export interface WebhooksDeps {
  webhooks: WebhookService
}

const create = createRoute({
  method: 'post',
  path: '/',
  summary: 'Subscribe a URL to events (admin key); the answer carries the signing secret, shown only this once',
  security: bearerSecurity,
  request: { body: jsonBody(createWebhookBody) },
  responses: { 201: jsonResponse(createdWebhook, 'The subscription and its whsec_ secret'), ...errorResponses },
})

const list = createRoute({
  method: 'get',
  path: '/',
  summary: 'The tenant’s webhook subscriptions (admin key), without secrets',
  security: bearerSecurity,
  responses: { 200: jsonResponse(webhookList, 'Subscriptions'), ...errorResponses },
})

const remove = createRoute({
  method: 'delete',
  path: '/{id}',
  summary: 'Delete a subscription (admin key); its pending messages are dropped',
  security: bearerSecurity,
  request: { params: webhookIdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
})

const deliveries = createRoute({
  method: 'get',
  path: '/{id}/deliveries',
  summary: 'The delivery log of a subscription, newest first (admin key)',
  security: bearerSecurity,
  request: { params: webhookIdParam },
  responses: { 200: jsonResponse(webhookDeliveries, 'Messages with their attempts'), ...errorResponses },
})

const redeliver = createRoute({
  method: 'post',
  path: '/{id}/deliveries/{deliveryId}/redeliver',
  summary: 'Send a message again now, with the same webhook-id (admin key)',
  security: bearerSecurity,
  request: { params: deliveryParams },
  responses: { 202: jsonResponse(z.object({ queued: z.literal(true) }), 'Queued'), ...errorResponses },
})

const view = (w: WebhookRow) => ({ id: w.id, url: w.url, events: w.events, createdAt: w.createdAt })
// The payload is the receiver's business; the log says what happened to it.
const deliveryView = ({ payload: _payload, webhookId: _w, tenantId: _t, ...d }: DeliveryRow) => d

/** `/api/v1/webhooks`: subscriptions and their delivery logs (Standard Webhooks signatures). */
export function webhooksApp({ webhooks }: WebhooksDeps) {
  return createSubApp<PrincipalEnv>()
    .openapi(create, async (c) => {
      const principal = c.get('principal')
      authorize(principal, 'webhooks.manage')
      const outcome = await webhooks.create(principal.tenantId, c.req.valid('json'))
      if ('refused' in outcome) throw apiError(400, 'invalid_request', `url: refused: ${outcome.refused}.`)
      return c.json({ ...view(outcome.created), secret: outcome.created.secret }, 201)
    })
    .openapi(list, (c) => {
      const principal = c.get('principal')
      authorize(principal, 'webhooks.manage')
      return c.json({ webhooks: webhooks.list(principal.tenantId).map(view) }, 200)
    })
    .openapi(remove, (c) => {
      const principal = c.get('principal')
      authorize(principal, 'webhooks.manage')
      if (!webhooks.delete(principal.tenantId, c.req.valid('param').id)) throw apiError(404, 'not_found', 'No such webhook.')
      return c.body(null, 204)
    })
    .openapi(deliveries, (c) => {
      const principal = c.get('principal')
      authorize(principal, 'webhooks.manage')
      const log = webhooks.deliveriesOf(principal.tenantId, c.req.valid('param').id)
      if (!log) throw apiError(404, 'not_found', 'No such webhook.')
      return c.json({ deliveries: log.map(deliveryView) }, 200)
    })
    .openapi(redeliver, (c) => {
      const principal = c.get('principal')
      authorize(principal, 'webhooks.manage')
      const { id, deliveryId } = c.req.valid('param')
      if (webhooks.redeliver(principal.tenantId, id, deliveryId) === 'not_found') throw apiError(404, 'not_found', 'No such delivery.')
      return c.json({ queued: true as const }, 202)
    })
}
