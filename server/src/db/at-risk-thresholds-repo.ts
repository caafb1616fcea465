import type { Db } from './connection.ts'

export interface AtRiskThresholdsRow {
  missedSessions: number
  correctnessDrop: number
  engagementDrop: number
}

/** Each tenant's thresholds for flagging learners at risk (defaults apply until a tenant sets its own). */
export class AtRiskThresholdsRepo {
  constructor(private readonly db: Db) {}

  get(tenantId: string): AtRiskThresholdsRow | undefined {
    return this.db
      .prepare<[string], AtRiskThresholdsRow>(
        'SELECT missed_sessions AS missedSessions, correctness_drop AS correctnessDrop, engagement_drop AS engagementDrop FROM at_risk_thresholds WHERE tenant_id = ?',
      )
      .get(tenantId)
  }

  put(tenantId: string, t: AtRiskThresholdsRow): void {
    this.db
      .prepare(
        `INSERT INTO at_risk_thresholds (tenant_id, missed_sessions, correctness_drop, engagement_drop, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(tenant_id) DO UPDATE SET missed_sessions = excluded.missed_sessions, correctness_drop = excluded.correctness_drop,
           engagement_drop = excluded.engagement_drop, updated_at = excluded.updated_at`,
      )
      .run(tenantId, t.missedSessions, t.correctnessDrop, t.engagementDrop, new Date().toISOString())
  }
}
