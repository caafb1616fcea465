import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { TenantsRepo } from '../db/tenants-repo.ts'
import type { TokenService } from '../auth/tokens.ts'

/** What the embed page of one session needs: where it may be framed from, and the LTI launch's token if any. */
export interface EmbedPage {
  sessionId: string
  tenantId: string
  /** The tenant's allowed origins, each a valid `scheme://host[:port]` (anything else is dropped). */
  allowedOrigins: string[]
  /** The participant token from the LTI launch's cookie, verified to be of this session; else the fragment's. */
  token: string | undefined
  /** The tenant's product name, for the page title (the classroom shows it in its header too). */
  productName?: string
}

export type EmbedOutcome = { ok: true; page: EmbedPage } | { ok: false; reason: 'not_found' }

/**
 * Resolves `/embed/:sessionId`, free of HTTP. The tenant comes from the session row (the page is opened before
 * any credential is seen). A cookie token of another session or tenant answers exactly like an unknown session,
 * so a token cannot be used to probe which sessions exist.
 */
export class EmbedService {
  constructor(
    private readonly sessions: SessionsRepo,
    private readonly tenants: TenantsRepo,
    private readonly tokens: TokenService,
  ) {}

  async page(sessionId: string, cookieToken: string | undefined): Promise<EmbedOutcome> {
    const tenantId = this.sessions.tenantOf(sessionId)
    const tenant = tenantId === undefined ? undefined : this.tenants.withSettings(tenantId)
    if (!tenantId || !tenant) return { ok: false, reason: 'not_found' }
    let token: string | undefined
    if (cookieToken) {
      const claims = await this.tokens.verify(cookieToken)
      // An expired or forged cookie is ignored (the page falls back to the fragment); a valid token of another
      // session or tenant is refused like an unknown session.
      if (claims && (claims.session !== sessionId || claims.tenant !== tenantId)) return { ok: false, reason: 'not_found' }
      if (claims) token = cookieToken
    }
    const page: EmbedPage = { sessionId, tenantId, allowedOrigins: tenant.allowedOrigins.filter(isOrigin), token }
    if (tenant.productName) page.productName = tenant.productName
    return { ok: true, page }
  }
}

/**
 * Only a bare http(s) origin may reach a `frame-ancestors` directive or a postMessage target: a stored value with
 * a path, a wildcard or a `;` would otherwise widen or break the policy.
 */
export function isOrigin(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value
  } catch {
    return false
  }
}
