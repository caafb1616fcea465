import type { Db } from './connection.ts'

export interface LrsEndpoint {
  tenantId: string
  endpoint: string
  username: string
  password: string
}

/** A tenant's external LRS (one per tenant). The password is kept as given: Basic authentication needs it. */
export class LrsEndpointsRepo {
  constructor(private readonly db: Db) {}

  put(e: LrsEndpoint): void {
    this.db
      .prepare(
        `INSERT INTO lrs_endpoints (tenant_id, endpoint, username, password, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(tenant_id) DO UPDATE SET endpoint = excluded.endpoint, username = excluded.username,
           password = excluded.password, updated_at = excluded.updated_at`,
      )
      .run(e.tenantId, e.endpoint, e.username, e.password, new Date().toISOString())
  }

  get(tenantId: string): LrsEndpoint | undefined {
    return this.db
      .prepare<[string], LrsEndpoint>('SELECT tenant_id AS tenantId, endpoint, username, password FROM lrs_endpoints WHERE tenant_id = ?')
      .get(tenantId)
  }

  delete(tenantId: string): boolean {
    return this.db.prepare('DELETE FROM lrs_endpoints WHERE tenant_id = ?').run(tenantId).changes === 1
  }
}
