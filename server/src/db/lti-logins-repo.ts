import type { Db } from './connection.ts'

/** OIDC login states (each used once, by the launch that follows) and the nonces of accepted launches. */
export class LtiLoginsRepo {
  constructor(private readonly db: Db) {}

  start(state: string, platformId: string, nonce: string, expiresAt: number): void {
    this.db.prepare('DELETE FROM lti_logins WHERE expires_at < ?').run(Date.now())
    this.db.prepare('INSERT INTO lti_logins (state, platform_id, nonce, expires_at) VALUES (?, ?, ?, ?)').run(state, platformId, nonce, expiresAt)
  }

  /** Takes a state out (it is good for one launch): its platform and nonce, or undefined when unknown or expired. */
  take(state: string): { platformId: string; nonce: string } | undefined {
    const row = this.db
      .prepare<[string], { platform_id: string; nonce: string; expires_at: number }>('DELETE FROM lti_logins WHERE state = ? RETURNING platform_id, nonce, expires_at')
      .get(state)
    return row && row.expires_at >= Date.now() ? { platformId: row.platform_id, nonce: row.nonce } : undefined
  }

  /** Notes a launch's nonce; answers false when it was seen before (a replayed id_token). */
  useNonce(platformId: string, nonce: string, expiresAt: number): boolean {
    this.db.prepare('DELETE FROM lti_nonces WHERE expires_at < ?').run(Date.now())
    return this.db.prepare('INSERT INTO lti_nonces (platform_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(platformId, nonce, expiresAt).changes === 1
  }
}
