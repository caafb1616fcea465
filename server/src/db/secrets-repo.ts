import { randomBytes } from 'node:crypto'
import type { Db } from './connection.ts'

/** Server-side secrets generated on first use and kept in the database (never in the repo or in logs). */
export class SecretsRepo {
  constructor(private readonly db: Db) {}

  getOrCreate(name: string, bytes = 32): Uint8Array {
    const row = this.db.prepare<[string], { value: Buffer }>('SELECT value FROM secrets WHERE name = ?').get(name)
    if (row) return new Uint8Array(row.value)
    const value = randomBytes(bytes)
    this.db.prepare('INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)').run(name, value)
    return this.getOrCreate(name, bytes)
  }

  get(name: string): Uint8Array | undefined {
    const row = this.db.prepare<[string], { value: Buffer }>('SELECT value FROM secrets WHERE name = ?').get(name)
    return row && new Uint8Array(row.value)
  }

  /** Sets a secret that is not random bytes (e.g. a private key the caller generated and rotates). */
  put(name: string, value: Uint8Array): void {
    this.db.prepare('INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(name, Buffer.from(value))
  }
}
