import { createRoute } from '@hono/zod-openapi'
import { createTenantBody, createdTenant, patchTenantBody, rotatedAdminKey, tenantIdParam, tenantList, tenantView } from '@hilink/protocol'
import { apiError } from '../http/errors.ts'
import { conflictResponse, createSubApp, errorResponses, jsonBody, jsonResponse } from '../http/openapi.ts'
import type { TenantWithSettings } from '../db/tenants-repo.ts'
import type { TenantService } from './tenant-service.ts'

/** The operator key's scheme in the OpenAPI document (registered in app.ts). */
export const operatorSecurity = [{ operator: [] }]

// No 403: the operator key may do everything here, and nothing else gets past 401.
const { 403: _forbidden, ...operatorErrors } = errorResponses

const create = createRoute({
  method: 'post',
  path: '/',
  summary: 'Create a tenant (operator key); the answer carries its admin key, shown only this once',
  security: operatorSecurity,
  request: { body: jsonBody(createTenantBody) },
  responses: { 201: jsonResponse(createdTenant, 'The tenant and its admin key'), ...operatorErrors },
})

const list = createRoute({
  method: 'get',
  path: '/',
  summary: 'Every tenant with its settings (operator key), without keys',
  security: operatorSecurity,
  responses: { 200: jsonResponse(tenantList, 'Tenants'), ...operatorErrors },
})

const get = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'One tenant and its settings (operator key)',
  security: operatorSecurity,
  request: { params: tenantIdParam },
  responses: { 200: jsonResponse(tenantView, 'The tenant'), ...operatorErrors },
})

const patch = createRoute({
  method: 'patch',
  path: '/{id}',
  summary: 'Change a tenant’s name or settings (operator key); fields left out stay as they are, null clears one',
  security: operatorSecurity,
  request: { params: tenantIdParam, body: jsonBody(patchTenantBody) },
  responses: { 200: jsonResponse(tenantView, 'The tenant as it is now'), ...operatorErrors },
})

const rotate = createRoute({
  method: 'post',
  path: '/{id}/admin-key',
  summary: 'Give a tenant a new admin key (operator key); the old key stops working at once (not the default tenant: its key is configured)',
  security: operatorSecurity,
  request: { params: tenantIdParam },
  responses: { 200: jsonResponse(rotatedAdminKey, 'The new admin key, shown only this once'), ...operatorErrors, ...conflictResponse },
})

export const tenantBody = ({ id, name, productName, logoUrl, defaultLocale, allowedOrigins, theme, createdAt, updatedAt }: TenantWithSettings) =>
  ({ id, name, productName, logoUrl, defaultLocale, allowedOrigins, theme, createdAt, updatedAt })

const noSuchTenant = () => apiError(404, 'not_found', 'No such tenant.')

/** `/api/v1/tenants`: the operator's tenants (authentication by the operator key, in app.ts). */
export function tenantsApp({ tenants }: { tenants: TenantService }) {
  return createSubApp()
    .openapi(create, (c) => {
      const { tenant, adminKey } = tenants.create(c.req.valid('json'))
      return c.json({ ...tenantBody(tenant), adminKey }, 201)
    })
    .openapi(list, (c) => c.json({ tenants: tenants.list().map(tenantBody) }, 200))
    .openapi(get, (c) => {
      const tenant = tenants.get(c.req.valid('param').id)
      if (!tenant) throw noSuchTenant()
      return c.json(tenantBody(tenant), 200)
    })
    .openapi(patch, (c) => {
      const tenant = tenants.update(c.req.valid('param').id, c.req.valid('json'))
      if (!tenant) throw noSuchTenant()
      return c.json(tenantBody(tenant), 200)
    })
    .openapi(rotate, (c) => {
      const outcome = tenants.rotateAdminKey(c.req.valid('param').id)
      if (outcome === 'not_found') throw noSuchTenant()
      if (outcome === 'configured') {
        throw apiError(409, 'conflict', 'The default tenant’s admin key comes from HILINK_ADMIN_KEY (or data/admin-key): change it there and restart.')
      }
      return c.json(outcome, 200)
    })
}
