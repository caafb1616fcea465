import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type JWK, type CryptoKey } from 'jose'
import type { Db } from '../db/connection.ts'
import type { SecretsRepo } from '../db/secrets-repo.ts'

interface StoredKey {
  kid: string
  createdAt: string
  pkcs8: string
  publicJwk: JWK
}

const names = { current: 'lti-tool-key-current', next: 'lti-tool-key-next' } as const
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * The tool's RSA signing keys (client assertions, deep linking responses), kept with the other secrets. Two
 * are published at /lti/jwks: the current one, which signs, and the next one, published ahead so that
 * platforms which cache the JWKS already hold it on the day it starts signing. `rotate()` makes the next key
 * current and generates a new next one; the server rotates when the current key is older than the rotation
 * period (checked at start and daily).
 */
export class ToolKeys {
  private cache: { current: StoredKey; next: StoredKey; signing: CryptoKey } | undefined

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretsRepo,
  ) {}

  /** Creates the keys on first use. */
  async ensure(): Promise<void> {
    await this.load()
  }

  async signingKey(): Promise<{ kid: string; key: CryptoKey }> {
    const keys = await this.load()
    return { kid: keys.current.kid, key: keys.signing }
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    const { current, next } = await this.load()
    return { keys: [current.publicJwk, next.publicJwk] }
  }

  /** The next key signs from now on; a fresh next key is published. */
  async rotate(): Promise<{ current: string; next: string }> {
    const { next } = await this.load()
    const fresh = await generate()
    this.db.transaction(() => {
      this.secrets.put(names.current, encoder.encode(JSON.stringify(next)))
      this.secrets.put(names.next, encoder.encode(JSON.stringify(fresh)))
    })()
    this.cache = undefined
    return { current: next.kid, next: fresh.kid }
  }

  /** Rotates when the current key is older than `maxAgeMs`; answers whether it did. */
  async rotateIfOlderThan(maxAgeMs: number, now = Date.now()): Promise<boolean> {
    const { current } = await this.load()
    if (now - Date.parse(current.createdAt) < maxAgeMs) return false
    await this.rotate()
    return true
  }

  private async load(): Promise<{ current: StoredKey; next: StoredKey; signing: CryptoKey }> {
    if (this.cache) return this.cache
    const current = this.read(names.current) ?? (await this.store(names.current))
    const next = this.read(names.next) ?? (await this.store(names.next))
    const signing = await importPKCS8(current.pkcs8, 'RS256')
    this.cache = { current, next, signing }
    return this.cache
  }

  private read(name: string): StoredKey | undefined {
    const value = this.secrets.get(name)
    return value && (JSON.parse(decoder.decode(value)) as StoredKey)
  }

  private async store(name: string): Promise<StoredKey> {
    const key = await generate()
    this.secrets.put(name, encoder.encode(JSON.stringify(key)))
    return key
  }
}

async function generate(): Promise<StoredKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true })
  const jwk = await exportJWK(publicKey)
  const kid = await calculateJwkThumbprint(jwk)
  return { kid, createdAt: new Date().toISOString(), pkcs8: await exportPKCS8(privateKey), publicJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } }
}
