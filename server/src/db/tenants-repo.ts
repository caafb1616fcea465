import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Db } from './connection.ts'

export interface Tenant {
  id: string
  name: string
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

  create(name: string, adminKey: string, id: string = randomUUID()): Tenant {
    this.db
      .prepare('INSERT INTO tenants (id, name, admin_key_hash, created_at) VALUES (?, ?, ?, ?)')
      .run(id, name, hashAdminKey(adminKey), new Date().toISOString())
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

  byAdminKey(key: string): Tenant | undefined {
    return this.db
      .prepare<[string], Tenant>('SELECT id, name FROM tenants WHERE admin_key_hash = ?')
      .get(hashAdminKey(key))
  }

  byId(id: string): Tenant | undefined {
    return this.db.prepare<[string], Tenant>('SELECT id, name FROM tenants WHERE id = ?').get(id)
  }
}
