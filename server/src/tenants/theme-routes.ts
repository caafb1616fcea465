import { createRoute } from '@hono/zod-openapi'
import { tenantTheme } from '@hilink/protocol'
import type { PrincipalEnv } from '../auth/principal.ts'
import { apiError } from '../http/errors.ts'
import { bearerSecurity, createSubApp, errorResponses, jsonResponse } from '../http/openapi.ts'
import type { TenantService } from './tenant-service.ts'

const getTheme = createRoute({
  method: 'get',
  path: '/',
  summary: 'The caller’s tenant’s brand: product name, logo, default locale and --hl-* theme tokens (any token or the admin key)',
  security: bearerSecurity,
  responses: { 200: jsonResponse(tenantTheme, 'The tenant’s theme'), ...errorResponses },
})

/** `/api/v1/theme`: every participant may read it, since every classroom shows it. */
export function themeApp({ tenants }: { tenants: TenantService }) {
  return createSubApp<PrincipalEnv>().openapi(getTheme, (c) => {
    const theme = tenants.theme(c.get('principal').tenantId)
    // A valid token of a tenant that has since been removed.
    if (!theme) throw apiError(404, 'not_found', 'No such tenant.')
    return c.json(theme, 200)
  })
}
