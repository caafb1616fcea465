import { z } from 'zod'
import path from 'node:path'
import { defaultSfuBinary } from './av/sfu-process.ts'
import { parseTrustedProxies } from './http/client-address.ts'

/** Server configuration, read from environment variables; every default works on a laptop. */
export interface Config {
  port: number
  host: string
  dataDir: string
  /** When unset, the server generates one on first start and stores it in the data dir. */
  adminKey: string | undefined
  /** Manages tenants (`/api/v1/tenants`); generated and stored in the data dir like the admin key when unset. */
  operatorKey: string | undefined
  livekit: { url: string; apiKey: string; apiSecret: string } | undefined
  /**
   * Audio/video: `external` when LIVEKIT_URL + key + secret are set, else the embedded SFU (a child process)
   * unless HILINK_AV=off; `embedded` falls back to off when the binary `npm run setup` builds is missing.
   */
  av: { mode: 'embedded' | 'external' | 'off'; livekitBinary: string }
  /** Largest HTTP request body accepted, in bytes. */
  maxBodyBytes: number
  /** Largest sync WebSocket message accepted, in bytes. */
  maxSyncMessageBytes: number
  /** Largest stored size of one session's document; client writes beyond it are refused. */
  maxDocBytes: number
  /** Unsent bytes a sync connection may let pile up before it is closed (backpressure). */
  maxBufferedBytes: number
  /** Rate limits, per minute: failed authentications per client address, and writes per participant. */
  rateLimits: { authFailuresPerMinute: number; writesPerMinute: number }
  /**
   * Reverse proxies whose X-Forwarded-For is believed (addresses, CIDR ranges, `loopback`, `linklocal`,
   * `uniquelocal`); empty: none, the client's address is the socket's peer (http/client-address.ts).
   */
  trustedProxies: string[]
  /** Recap e-mails to parents; off unless an SMTP URL is set. */
  smtp: { url: string; from: string } | undefined
  /** On-device speech recognition; off when disabled or when the model folder has no model. */
  speech: { enabled: boolean; modelDir: string; modelId: string; language: string | undefined }
  /** The server's public URL (HILINK_PUBLIC_URL): tenants' home pages in xAPI statements, `more` links. */
  publicUrl: string
  /** Webhook and LRS deliveries: private targets only when allowed (tests); the first retry delay. */
  delivery: { allowPrivate: boolean; retryBaseMs: number; pollMs: number; scanMs: number }
}

const env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  HILINK_DATA_DIR: z.string().default('./data'),
  HILINK_ADMIN_KEY: z.string().min(24, 'HILINK_ADMIN_KEY must be at least 24 characters').optional(),
  HILINK_OPERATOR_KEY: z.string().min(24, 'HILINK_OPERATOR_KEY must be at least 24 characters').optional(),
  LIVEKIT_URL: z.string().url().optional(),
  LIVEKIT_API_KEY: z.string().optional(),
  LIVEKIT_API_SECRET: z.string().optional(),
  /** Empty counts as unset. */
  HILINK_AV: z.enum(['embedded', 'off', '']).optional(),
  /** The LiveKit server binary for the embedded SFU; default: where `npm run setup` builds it. */
  HILINK_LIVEKIT_BIN: z.string().optional(),
  HILINK_MAX_BODY_BYTES: z.coerce.number().int().positive().default(64 * 1024),
  HILINK_MAX_SYNC_MESSAGE_BYTES: z.coerce.number().int().positive().default(2 * 1024 * 1024),
  HILINK_MAX_DOC_BYTES: z.coerce.number().int().positive().default(16 * 1024 * 1024),
  HILINK_MAX_BUFFERED_BYTES: z.coerce.number().int().positive().optional(),
  HILINK_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().positive().default(30),
  HILINK_WRITES_PER_MINUTE: z.coerce.number().int().positive().default(300),
  /** e.g. `10.0.0.0/8,loopback`; unset or empty trusts no proxy, so nobody can claim an address by a header. */
  HILINK_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((value, ctx) => {
      try {
        return parseTrustedProxies(value)
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) })
        return z.NEVER
      }
    }),
  HILINK_TRANSCRIPTION: z.enum(['on', 'off']).default('on'),
  /** e.g. smtps://user:password@mail.example:465 */
  HILINK_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'HILINK_SMTP_URL must start with smtp:// or smtps://').optional(),
  HILINK_SMTP_FROM: z.string().default('HiLink <no-reply@localhost>'),
  HILINK_MODEL_DIR: z.string().default('./models'),
  HILINK_ASR_MODEL: z.string().regex(/^[\w.-]+$/).default('whisper-base'),
  /** Whisper language code; empty lets a multilingual model detect the language. */
  HILINK_ASR_LANGUAGE: z.string().default('en'),
  HILINK_PUBLIC_URL: z.string().url().optional(),
  /** 1 lets webhooks and LRS forwarding reach loopback/private addresses (tests, a LAN LRS); SSRF guard otherwise. */
  HILINK_WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1', '']).optional(),
  HILINK_DELIVERY_RETRY_BASE_MS: z.coerce.number().int().positive().default(5000),
  HILINK_DELIVERY_POLL_MS: z.coerce.number().int().positive().default(500),
  /** How often the exception scheduler looks for no-shows, early ends and returns. */
  HILINK_EXCEPTION_SCAN_MS: z.coerce.number().int().positive().default(60_000),
})

/** Reads the configuration; an invalid setting throws one line per setting, naming it (main.ts prints it and exits). */
export function configFromEnv(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = env.safeParse(source)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  const livekit =
    e.LIVEKIT_URL && e.LIVEKIT_API_KEY && e.LIVEKIT_API_SECRET
      ? { url: e.LIVEKIT_URL, apiKey: e.LIVEKIT_API_KEY, apiSecret: e.LIVEKIT_API_SECRET }
      : undefined
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.HILINK_DATA_DIR),
    adminKey: e.HILINK_ADMIN_KEY,
    operatorKey: e.HILINK_OPERATOR_KEY,
    livekit,
    av: {
      mode: e.HILINK_AV === 'off' ? 'off' : livekit ? 'external' : 'embedded',
      livekitBinary: e.HILINK_LIVEKIT_BIN ? path.resolve(e.HILINK_LIVEKIT_BIN) : defaultSfuBinary(source),
    },
    maxBodyBytes: e.HILINK_MAX_BODY_BYTES,
    maxSyncMessageBytes: e.HILINK_MAX_SYNC_MESSAGE_BYTES,
    maxDocBytes: e.HILINK_MAX_DOC_BYTES,
    // A joiner receives the whole document in one message: the buffer must hold at least that, with room to spare.
    maxBufferedBytes: e.HILINK_MAX_BUFFERED_BYTES ?? 2 * e.HILINK_MAX_DOC_BYTES,
    rateLimits: {
      authFailuresPerMinute: e.HILINK_AUTH_FAILURES_PER_MINUTE,
      writesPerMinute: e.HILINK_WRITES_PER_MINUTE,
    },
    trustedProxies: e.HILINK_TRUSTED_PROXIES,
    smtp: e.HILINK_SMTP_URL ? { url: e.HILINK_SMTP_URL, from: e.HILINK_SMTP_FROM } : undefined,
    speech: {
      enabled: e.HILINK_TRANSCRIPTION === 'on',
      modelDir: path.resolve(e.HILINK_MODEL_DIR),
      modelId: e.HILINK_ASR_MODEL,
      language: e.HILINK_ASR_LANGUAGE || undefined,
    },
    publicUrl: e.HILINK_PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`,
    delivery: {
      allowPrivate: e.HILINK_WEBHOOK_ALLOW_PRIVATE === '1',
      retryBaseMs: e.HILINK_DELIVERY_RETRY_BASE_MS,
      pollMs: e.HILINK_DELIVERY_POLL_MS,
      scanMs: e.HILINK_EXCEPTION_SCAN_MS,
    },
  }
}
