import { createRoute } from '@hono/zod-openapi'
import { engagementSettings } from '@hilink/protocol'
import type { PrincipalEnv } from '../auth/principal.ts'
import { authorize } from '../auth/authorize.ts'
import { bearerSecurity, createSubApp, errorResponses, jsonBody, jsonResponse } from '../http/openapi.ts'
import type { EngagementSettingsRepo } from '../db/engagement-settings-repo.ts'

export interface EngagementSettingsDeps {
  settings: EngagementSettingsRepo
  /** Live sessions of the tenant pick the new settings up with their next message. */
  changed: (tenantId: string) => void
}

const get = createRoute({
  method: 'get',
  path: '/',
  summary: 'The tenant’s engagement panel settings: idle flag after N minutes, score weights (admin key)',
  security: bearerSecurity,
  responses: { 200: jsonResponse(engagementSettings, 'Settings (defaults when never set)'), ...errorResponses },
})

const put = createRoute({
  method: 'put',
  path: '/',
  summary: 'Set the tenant’s idle minutes and score weights for the live engagement panel (admin key)',
  security: bearerSecurity,
  request: { body: jsonBody(engagementSettings) },
  responses: { 200: jsonResponse(engagementSettings, 'The stored settings'), ...errorResponses },
})

/** `/api/v1/engagement-settings`. */
export function engagementSettingsApp({ settings, changed }: EngagementSettingsDeps) {
  return createSubApp<PrincipalEnv>()
    .openapi(get, (c) => {
      const principal = c.get('principal')
      authorize(principal, 'engagement.configure')
      return c.json(settings.get(principal.tenantId), 200)
    })
    .openapi(put, (c) => {
      const principal = c.get('principal')
      authorize(principal, 'engagement.configure')
      const stored = settings.put(principal.tenantId, c.req.valid('json'))
      changed(principal.tenantId)
      return c.json(stored, 200)
    })
}
