import { createRoute } from '@hono/zod-openapi'
import { lrsConfig, lrsConfigBody } from '@hilink/protocol'
import type { PrincipalEnv } from '../auth/principal.ts'
import { authorize } from '../auth/authorize.ts'
import { apiError } from '../http/errors.ts'
import { bearerSecurity, createSubApp, errorResponses, jsonBody, jsonResponse } from '../http/openapi.ts'
import type { LrsForwarder } from './lrs-forwarder.ts'

export interface LrsDeps {
  lrs: LrsForwarder
}

const put = createRoute({
  method: 'put',
  path: '/',
  summary: 'Forward the tenant’s statements to an external LRS (admin key): endpoint and Basic credentials',
  security: bearerSecurity,
  request: { body: jsonBody(lrsConfigBody) },
  responses: { 200: jsonResponse(lrsConfig, 'The LRS and its forwarding queue (never the password)'), ...errorResponses },
})

const get = createRoute({
  method: 'get',
  path: '/',
  summary: 'The tenant’s LRS and how forwarding goes (admin key)',
  security: bearerSecurity,
  responses: { 200: jsonResponse(lrsConfig, 'The LRS and its forwarding queue'), ...errorResponses },
})

const remove = createRoute({
  method: 'delete',
  path: '/',
  summary: 'Stop forwarding to the LRS (admin key)',
  security: bearerSecurity,
  responses: { 204: { description: 'Removed' }, ...errorResponses },
})

/** `/api/v1/lrs`: the tenant's external Learning Record Store. */
export function lrsApp({ lrs }: LrsDeps) {
  return createSubApp<PrincipalEnv>()
    .openapi(put, async (c) => {
      const principal = c.get('principal')
      authorize(principal, 'lrs.configure')
      const outcome = await lrs.configure(principal.tenantId, c.req.valid('json'))
      if ('refused' in outcome) throw apiError(400, 'invalid_request', `endpoint: refused: ${outcome.refused}.`)
      return c.json(lrs.status(principal.tenantId)!, 200)
    })
    .openapi(get, (c) => {
      const principal = c.get('principal')
      authorize(principal, 'lrs.configure')
      const status = lrs.status(principal.tenantId)
      if (!status) throw apiError(404, 'not_found', 'No LRS is configured.')
      return c.json(status, 200)
    })
    .openapi(remove, (c) => {
      const principal = c.get('principal')
      authorize(principal, 'lrs.configure')
      if (!lrs.remove(principal.tenantId)) throw apiError(404, 'not_found', 'No LRS is configured.')
      return c.body(null, 204)
    })
}
