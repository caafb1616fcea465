import type { Db } from './connection.ts'

/** A platform's resource link (a placement of HiLink in a course) and the session it opens. */
export interface LtiLink {
  platformId: string
  resourceLinkId: string
  tenantId: string
  sessionId: string
  contextId: string | null
  /** AGS: the line item scores go to (from the latest launch). */
  lineitemUrl: string | null
  /** NRPS: the context's membership URL (from the latest launch). */
  nrpsUrl: string | null
  rosterSyncedAt: string | null
}

interface Row {
  platform_id: string
  resource_link_id: string
  tenant_id: string
  session_id: string
  context_id: string | null
  lineitem_url: string | null
  nrps_url: string | null
  roster_synced_at: string | null
}

const toLink = (r: Row): LtiLink => ({
  platformId: r.platform_id,
  resourceLinkId: r.resource_link_id,
  tenantId: r.tenant_id,
  sessionId: r.session_id,
  contextId: r.context_id,
  lineitemUrl: r.lineitem_url,
  nrpsUrl: r.nrps_url,
  rosterSyncedAt: r.roster_synced_at,
})

export class LtiLinksRepo {
  constructor(private readonly db: Db) {}

  get(platformId: string, resourceLinkId: string): LtiLink | undefined {
    const row = this.db.prepare<[string, string], Row>('SELECT * FROM lti_links WHERE platform_id = ? AND resource_link_id = ?').get(platformId, resourceLinkId)
    return row && toLink(row)
  }

  /** Links the resource link to a session unless it is linked already; answers the link as stored. */
  link(l: Omit<LtiLink, 'rosterSyncedAt'>): LtiLink {
    this.db
      .prepare(
        `INSERT INTO lti_links (platform_id, resource_link_id, tenant_id, session_id, context_id, lineitem_url, nrps_url)
         VALUES (@platformId, @resourceLinkId, @tenantId, @sessionId, @contextId, @lineitemUrl, @nrpsUrl)
         ON CONFLICT (platform_id, resource_link_id) DO UPDATE SET
           lineitem_url = COALESCE(excluded.lineitem_url, lti_links.lineitem_url),
           nrps_url = COALESCE(excluded.nrps_url, lti_links.nrps_url)`,
      )
      .run(l)
    return this.get(l.platformId, l.resourceLinkId) as LtiLink
  }

  /** The links that open a session (usually one). */
  forSession(tenantId: string, sessionId: string): LtiLink[] {
    return this.db.prepare<[string, string], Row>('SELECT * FROM lti_links WHERE tenant_id = ? AND session_id = ?').all(tenantId, sessionId).map(toLink)
  }

  rosterSynced(platformId: string, resourceLinkId: string, at: string): void {
    this.db.prepare('UPDATE lti_links SET roster_synced_at = ? WHERE platform_id = ? AND resource_link_id = ?').run(at, platformId, resourceLinkId)
  }
}
