import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Db } from './connection.ts'

export interface Tenant {
  id: string
  name: string
}

/** What a tenant configures about itself: its brand, where it may be embedded, its language. */
export interface TenantSettings {
  productName: string | null
  logoUrl: string | null
  defaultLocale: string | null
  /** Origins that may frame `/embed/…`, embed the element and command the iframe by postMessage. */
  allowedOrigins: string[]
  /** Theme tokens without the `--hl-` prefix (`{"accent": "#0b5fff"}` becomes `--hl-accent`). */
  theme: Record<string, string>
}

export type TenantWithSettings = Tenant & TenantSettings & { createdAt: string; updatedAt: string | null }

interface TenantRow {
  id: string
  name: string
  product_name: string | null
  logo_url: string | null
  default_locale: string | null
  allowed_origins: string
  theme: string
  created_at: string
  updated_at: string | null
}

const defaultSettings: TenantSettings = { productName: null, logoUrl: null, defaultLocale: null, allowedOrigins: [], theme: {} }

function toTenant(row: TenantRow): TenantWithSettings {
  return {
    id: row.id,
    name: row.name,
    productName: row.product_name,
    logoUrl: row.logo_url,
    defaultLocale: row.default_locale,
    allowedOrigins: JSON.parse(row.allowed_origins) as string[],
    theme: JSON.parse(row.theme) as Record<string, string>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** Admin keys are stored only as SHA-256 hashes: a leaked database does not leak a working key. */
export function hashAdminKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

export function generateAdminKey(): string {
  return `hl_admin_${randomBytes(24).toString('base64url')}`
}

export class TenantsRepo {
  constructor(private readonly db: Db) {}

  create(name: string, adminKey: string, id: string = randomUUID(), settings: Partial<TenantSettings> = {}): Tenant {
    const s = { ...defaultSettings, ...settings }
    this.db
      .prepare(
        `INSERT INTO tenants (id, name, admin_key_hash, created_at, product_name, logo_url, default_locale, allowed_origins, theme)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        name,
        hashAdminKey(adminKey),
        new Date().toISOString(),
        s.productName,
        s.logoUrl,
        s.defaultLocale,
        JSON.stringify(s.allowedOrigins),
        JSON.stringify(s.theme),
      )
    return { id, name }
  }

  /** Creates the tenant, or gives an existing one this admin key (the configured key is authoritative). */
  upsert(id: string, name: string, adminKey: string): Tenant {
    this.db
      .prepare(
        `INSERT INTO tenants (id, name, admin_key_hash, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET admin_key_hash = excluded.admin_key_hash`,
      )
      .run(id, name, hashAdminKey(adminKey), new Date().toISOString())
    return { id, name }
  }

  /** Changes a tenant's name and settings; fields left out stay as they are. */
  update(id: string, patch: Partial<TenantSettings> & { name?: string }): TenantWithSettings | undefined {
    const current = this.withSettings(id)
    if (!current) return undefined
    const next = { ...current, ...patch }
    this.db
      .prepare(
        `UPDATE tenants SET name = ?, product_name = ?, logo_url = ?, default_locale = ?, allowed_origins = ?, theme = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(
        next.name,
        next.productName,
        next.logoUrl,
        next.defaultLocale,
        JSON.stringify(next.allowedOrigins),
        JSON.stringify(next.theme),
        new Date().toISOString(),
        id,
      )
    return this.withSettings(id)
  }

  /** Replaces a tenant's admin key (the old one stops working at once). */
  rotateAdminKey(id: string, adminKey: string): boolean {
    return this.db.prepare('UPDATE tenants SET admin_key_hash = ? WHERE id = ?').run(hashAdminKey(adminKey), id).changes === 1
  }

  byAdminKey(key: string): Tenant | undefined {
    return this.db
      .prepare<[string], Tenant>('SELECT id, name FROM tenants WHERE admin_key_hash = ?')
      .get(hashAdminKey(key))
  }

  byId(id: string): Tenant | undefined {
    return this.db.prepare<[string], Tenant>('SELECT id, name FROM tenants WHERE id = ?').get(id)
  }

  withSettings(id: string): TenantWithSettings | undefined {
    const row = this.db.prepare<[string], TenantRow>('SELECT * FROM tenants WHERE id = ?').get(id)
    return row && toTenant(row)
  }

  list(): TenantWithSettings[] {
    return this.db.prepare<[], TenantRow>('SELECT * FROM tenants ORDER BY created_at, id').all().map(toTenant)
  }
}
