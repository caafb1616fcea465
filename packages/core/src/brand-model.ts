import { parseResponse } from 'hono/client'
import type { TenantTheme } from '@hilink/protocol'
import type { SessionApi } from './api-client.ts'
import { CommandModel } from './command-model.ts'

/**
 * The tenant's brand for a classroom (`GET /api/v1/theme`): product name, logo, default locale and `--hl-*`
 * theme tokens. Loaded once per room; a failed load leaves the classroom in HiLink's own look (nothing to
 * show the person: the lesson works the same without a brand).
 */
export class BrandModel extends CommandModel {
  /** The tenant's brand, once loaded. */
  brand: TenantTheme | undefined
  private loading: Promise<void> | undefined

  constructor(private readonly server: Pick<SessionApi, 'client'>) {
    super()
  }

  load(): Promise<void> {
    this.loading ??= parseResponse(this.server.client.theme.$get())
      .then((brand) => {
        this.brand = brand
        this.notify()
      })
      .catch(() => {
        // Unbranded: the defaults stay.
      })
    return this.loading
  }

  /**
   * The token values for a theme: `name` (without `--hl-`) → value. A tenant may give a dark variant of a token
   * as `dark-<name>`; in the dark theme it replaces `<name>`, and it is never a token of its own.
   */
  tokensFor(theme: 'light' | 'dark'): Map<string, string> {
    const out = new Map<string, string>()
    const all = this.brand?.theme ?? {}
    for (const [name, value] of Object.entries(all)) if (!name.startsWith('dark-')) out.set(name, value)
    if (theme === 'dark') {
      for (const [name, value] of Object.entries(all)) if (name.startsWith('dark-')) out.set(name.slice('dark-'.length), value)
    }
    return out
  }
}
