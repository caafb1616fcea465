import { randomBytes } from 'node:crypto'
import type { LtiPlatform, RegisterLtiPlatformBody } from '@hilink/protocol'
import type { Db } from './connection.ts'

export interface LtiPlatformRecord extends LtiPlatform {
  tenantId: string
}

interface Row {
  id: string
  tenant_id: string
  issuer: string
  client_id: string
  auth_login_url: string
  jwks_url: string
  access_token_url: string | null
  deployment_ids: string
  created_at: string
}

const toRecord = (r: Row): LtiPlatformRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  issuer: r.issuer,
  clientId: r.client_id,
  authLoginUrl: r.auth_login_url,
  jwksUrl: r.jwks_url,
  accessTokenUrl: r.access_token_url,
  deploymentIds: JSON.parse(r.deployment_ids) as string[],
  createdAt: r.created_at,
})

/** LMSs registered as LTI 1.3 platforms; each belongs to one tenant. */
export class LtiPlatformsRepo {
  constructor(private readonly db: Db) {}

  /** Answers undefined when the issuer and client id are registered already (by any tenant). */
  create(tenantId: string, body: RegisterLtiPlatformBody): LtiPlatformRecord | undefined {
    // Short ids: the id prefixes every LTI user's participant id, so two LMSs' users can never collide.
    const id = `lti_${randomBytes(6).toString('hex')}`
    const changes = this.db
      .prepare(
        `INSERT INTO lti_platforms (id, tenant_id, issuer, client_id, auth_login_url, jwks_url, access_token_url, deployment_ids, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (issuer, client_id) DO NOTHING`,
      )
      .run(id, tenantId, body.issuer, body.clientId, body.authLoginUrl, body.jwksUrl, body.accessTokenUrl ?? null, JSON.stringify(body.deploymentIds), new Date().toISOString()).changes
    return changes === 1 ? this.get(tenantId, id) : undefined
  }

  get(tenantId: string, id: string): LtiPlatformRecord | undefined {
    const row = this.db.prepare<[string, string], Row>('SELECT * FROM lti_platforms WHERE tenant_id = ? AND id = ?').get(tenantId, id)
    return row && toRecord(row)
  }

  /** For the tool's own endpoints, which learn the tenant from the platform. */
  byId(id: string): LtiPlatformRecord | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM lti_platforms WHERE id = ?').get(id)
    return row && toRecord(row)
  }

  /** The platforms of an issuer (one per client id); a login without client_id needs exactly one. */
  byIssuer(issuer: string): LtiPlatformRecord[] {
    return this.db.prepare<[string], Row>('SELECT * FROM lti_platforms WHERE issuer = ? ORDER BY created_at').all(issuer).map(toRecord)
  }

  list(tenantId: string): LtiPlatformRecord[] {
    return this.db.prepare<[string], Row>('SELECT * FROM lti_platforms WHERE tenant_id = ? ORDER BY created_at, id').all(tenantId).map(toRecord)
  }

  /** Removes the platform and its resource links (the sessions stay); answers whether it existed. */
  delete(tenantId: string, id: string): boolean {
    return this.db.transaction(() => {
      const gone = this.db.prepare('DELETE FROM lti_platforms WHERE tenant_id = ? AND id = ?').run(tenantId, id).changes === 1
      if (gone) {
        this.db.prepare('DELETE FROM lti_links WHERE platform_id = ?').run(id)
        this.db.prepare("DELETE FROM lti_scores WHERE platform_id = ? AND status = 'pending'").run(id)
        this.db.prepare('DELETE FROM lti_logins WHERE platform_id = ?').run(id)
      }
      return gone
    })()
  }
}
