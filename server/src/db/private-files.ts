import fs from 'node:fs'

/**
 * The data dir holds the token-signing key (in SQLite) and the admin key: whoever reads them can sign an
 * instructor's token. It is created 0700 and its files 0600; an existing dir that others can read is
 * reported at start (changing an operator's own permissions silently would surprise them).
 */
export function ensurePrivateDir(dir: string): void {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
    fs.chmodSync(dir, 0o700) // mkdir's mode is filtered by the umask; say it exactly
    return
  }
  const mode = fs.statSync(dir).mode & 0o777
  if (mode & 0o077) {
    console.warn(
      `hilink: the data dir ${dir} is readable by other users (mode ${mode.toString(8)}); it holds signing keys. ` +
        `Restrict it: chmod 700 ${dir}`,
    )
  }
}

/** Makes each existing file readable and writable by the owner only. */
export function makePrivate(...files: string[]): void {
  for (const file of files) {
    if (fs.existsSync(file)) fs.chmodSync(file, 0o600)
  }
}
