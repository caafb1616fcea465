import { randomUUID } from 'node:crypto'
import type { CreateTenantBody, PatchTenantBody, TenantTheme } from '@hilink/protocol'
import { generateAdminKey, type TenantsRepo, type TenantWithSettings } from '../db/tenants-repo.ts'

/**
 * Tenants and their settings, for the operator (all tenants) and for a tenant's own admin (itself only).
 * HTTP-free: answers values or `undefined` for a tenant that does not exist.
 */
export class TenantService {
  /**
   * @param configuredTenantId the tenant whose admin key comes from `HILINK_ADMIN_KEY` or `data/admin-key`: set
   *   again from there on every start, so rotating it here would only last until the next restart.
   */
  constructor(
    private readonly tenants: TenantsRepo,
    private readonly configuredTenantId: string,
  ) {}

  /** A new tenant and its admin key; the key is stored hashed, so this is the only time anyone sees it. */
  create(body: CreateTenantBody): { tenant: TenantWithSettings; adminKey: string } {
    const adminKey = generateAdminKey()
    const { name, ...settings } = body
    const { id } = this.tenants.create(name, adminKey, randomUUID(), settings)
    return { tenant: this.tenants.withSettings(id)!, adminKey }
  }

  list(): TenantWithSettings[] {
    return this.tenants.list()
  }

  get(id: string): TenantWithSettings | undefined {
    return this.tenants.withSettings(id)
  }

  update(id: string, patch: PatchTenantBody): TenantWithSettings | undefined {
    return this.tenants.update(id, patch)
  }

  /** A fresh admin key for the tenant; the old one stops working at once. */
  rotateAdminKey(id: string): { adminKey: string } | 'not_found' | 'configured' {
    if (id === this.configuredTenantId && this.tenants.byId(id)) return 'configured'
    const adminKey = generateAdminKey()
    return this.tenants.rotateAdminKey(id, adminKey) ? { adminKey } : 'not_found'
  }

  /** What every participant's classroom may read: brand and language, no secrets and no origins. */
  theme(id: string): TenantTheme | undefined {
    const t = this.tenants.withSettings(id)
    return t && { productName: t.productName, logoUrl: t.logoUrl, defaultLocale: t.defaultLocale, theme: t.theme }
  }
}
