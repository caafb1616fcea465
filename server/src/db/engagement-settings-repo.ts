import { defaultEngagementWeights, defaultIdleMinutes, type EngagementSettings, type EngagementWeights } from '@hilink/protocol'
import type { Db } from './connection.ts'

/** The live engagement panel's settings per tenant; defaults when a tenant has none. */
export class EngagementSettingsRepo {
  constructor(private readonly db: Db) {}

  get(tenantId: string): EngagementSettings {
    const row = this.db
      .prepare<[string], { idle_minutes: number; weights: string }>('SELECT idle_minutes, weights FROM engagement_settings WHERE tenant_id = ?')
      .get(tenantId)
    return row
      ? { idleMinutes: row.idle_minutes, weights: { ...defaultEngagementWeights, ...(JSON.parse(row.weights) as EngagementWeights) } }
      : { idleMinutes: defaultIdleMinutes, weights: defaultEngagementWeights }
  }

  put(tenantId: string, settings: EngagementSettings): EngagementSettings {
    this.db
      .prepare(
        `INSERT INTO engagement_settings (tenant_id, idle_minutes, weights, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (tenant_id) DO UPDATE SET idle_minutes = excluded.idle_minutes, weights = excluded.weights, updated_at = excluded.updated_at`,
      )
      .run(tenantId, settings.idleMinutes, JSON.stringify(settings.weights), new Date().toISOString())
    return this.get(tenantId)
  }
}
