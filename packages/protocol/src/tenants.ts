import { z } from 'zod'

/**
 * Languages the elements are translated into (lit-localize.json: the source locale and its target locales).
 * A tenant's default locale must be one of these, or a regional variant of one (`es-MX`).
 */
export const supportedLocales = ['en', 'es'] as const

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]'])

/** `scheme://host[:port]`, exactly as a browser writes an origin (no path, no trailing slash, lower case). */
export const origin = z
  .string()
  .max(300)
  .refine((value) => {
    try {
      const url = new URL(value)
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value
    } catch {
      return false
    }
  }, 'must be an origin: scheme://host[:port], http or https, without a path or trailing slash')

/** The tenant's logo: https, or http on loopback only (a laptop's demo host). */
export const logoUrl = z
  .string()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value)
      return url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname))
    } catch {
      return false
    }
  }, 'must be an https URL (http only on localhost)')

/** A BCP-47 tag whose language we translate into; answered in its canonical form (`es-mx` → `es-MX`). */
export const locale = z
  .string()
  .max(35)
  .transform((value, ctx) => {
    let canonical: string | undefined
    try {
      canonical = Intl.getCanonicalLocales(value)[0]
    } catch {
      // not a well-formed BCP-47 tag: reported below
    }
    const language = canonical?.split('-')[0]
    if (!canonical || !(supportedLocales as readonly string[]).includes(language ?? '')) {
      ctx.addIssue({ code: 'custom', message: `must be a BCP-47 tag in one of the supported languages: ${supportedLocales.join(', ')}` })
      return z.NEVER
    }
    return canonical
  })

/**
 * Theme tokens: the name without `--hl-` (`accent` → `--hl-accent`), the value a CSS value. Values may not
 * hold `;{}<>` or backslashes, so a value cannot close the declaration, open a rule or escape into markup.
 */
export const themeTokens = z
  .record(
    z.string().regex(/^[a-z][a-z0-9-]*$/, 'token names are lower-case letters, digits and dashes (without --hl-)').max(64),
    z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^;{}<>\\\u0000-\u001f\u007f]*$/, 'token values may not contain ; { } < > \\ or control characters'),
  )
  .refine((theme) => Object.keys(theme).length <= 100, 'at most 100 theme tokens')

/** What a tenant configures about itself; `null` clears a field. */
export const tenantSettingsBody = z.strictObject({
  name: z.string().trim().min(1).max(120),
  productName: z.string().trim().min(1).max(80).nullable(),
  logoUrl: logoUrl.nullable(),
  defaultLocale: locale.nullable(),
  allowedOrigins: z.array(origin).max(50),
  theme: themeTokens,
})

/** `POST /api/v1/tenants` (operator key): a name, and any settings. */
export const createTenantBody = tenantSettingsBody.partial().required({ name: true })
export type CreateTenantBody = z.infer<typeof createTenantBody>

/** `PATCH /api/v1/tenants/:id` and `PATCH /api/v1/tenant`: fields left out stay as they are. */
export const patchTenantBody = tenantSettingsBody
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one field to change')
export type PatchTenantBody = z.infer<typeof patchTenantBody>

export const tenantView = z.object({
  id: z.string(),
  name: z.string(),
  productName: z.string().nullable(),
  logoUrl: z.string().nullable(),
  defaultLocale: z.string().nullable(),
  allowedOrigins: z.array(z.string()),
  theme: z.record(z.string(), z.string()),
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
})
export type TenantView = z.infer<typeof tenantView>

/** The creation and rotation answers are the only ones that carry the admin key. */
export const createdTenant = tenantView.extend({ adminKey: z.string() })
export const tenantList = z.object({ tenants: z.array(tenantView) })
export const rotatedAdminKey = z.object({ adminKey: z.string() })
export const tenantIdParam = z.object({ id: z.string().regex(/^[\w-]{1,100}$/) })

/** `GET /api/v1/theme`: what the classroom needs to look like the tenant's product (no secrets, no origins). */
export const tenantTheme = z.object({
  productName: z.string().nullable(),
  logoUrl: z.string().nullable(),
  defaultLocale: z.string().nullable(),
  theme: z.record(z.string(), z.string()),
})
export type TenantTheme = z.infer<typeof tenantTheme>
