import { createRoute } from '@hono/zod-openapi'
import { patchTenantBody, tenantView } from '@hilink/protocol'
import type { PrincipalEnv } from '../auth/principal.ts'
import { authorize } from '../auth/authorize.ts'
import { apiError } from '../http/errors.ts'
import { bearerSecurity, createSubApp, errorResponses, jsonBody, jsonResponse } from '../http/openapi.ts'
import { tenantBody } from './operator-routes.ts'
import type { TenantService } from './tenant-service.ts'

const get = createRoute({
  method: 'get',
  path: '/',
  summary: 'The caller’s own tenant and its settings (admin key)',
  security: bearerSecurity,
  responses: { 200: jsonResponse(tenantView, 'The tenant'), ...errorResponses },
})

const patch = createRoute({
  method: 'patch',
  path: '/',
  summary: 'Change the caller’s own tenant’s settings, e.g. its allowed origins (admin key); null clears a field',
  security: bearerSecurity,
  request: { body: jsonBody(patchTenantBody) },
  responses: { 200: jsonResponse(tenantView, 'The tenant as it is now'), ...errorResponses },
})

/** `/api/v1/tenant`: a tenant's admin (an LMS admin, say) sets its own brand and origins without the operator. */
export function ownTenantApp({ tenants }: { tenants: TenantService }) {
  const own = (tenantId: string) => {
    const tenant = tenants.get(tenantId)
    if (!tenant) throw apiError(404, 'not_found', 'No such tenant.')
    return tenant
  }
  return createSubApp<PrincipalEnv>()
    .openapi(get, (c) => {
      const principal = c.get('principal')
      authorize(principal, 'tenant.configure')
      return c.json(tenantBody(own(principal.tenantId)), 200)
    })
    .openapi(patch, (c) => {
      const principal = c.get('principal')
      authorize(principal, 'tenant.configure')
      own(principal.tenantId)
      return c.json(tenantBody(tenants.update(principal.tenantId, c.req.valid('json'))!), 200)
    })
}
