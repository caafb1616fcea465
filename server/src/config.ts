import { z } from 'zod'
import path from 'node:path'

/** Server configuration, read from environment variables; every default works on a laptop. */
export interface Config {
  port: number
  host: string
  dataDir: string
  /** When unset, the server generates one on first start and stores it in the data dir. */
  adminKey: string | undefined
  livekit: { url: string; apiKey: string; apiSecret: string } | undefined
  /** Largest HTTP request body accepted, in bytes. */
  maxBodyBytes: number
  /** Largest sync WebSocket message accepted, in bytes. */
  maxSyncMessageBytes: number
  /** Recap e-mails to parents; off unless an SMTP URL is set. */
  smtp: { url: string; from: string } | undefined
  /** On-device speech recognition; off when disabled or when the model folder has no model. */
  speech: { enabled: boolean; modelDir: string; modelId: string; language: string | undefined }
}

const env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  HILINK_DATA_DIR: z.string().default('./data'),
  HILINK_ADMIN_KEY: z.string().min(24, 'HILINK_ADMIN_KEY must be at least 24 characters').optional(),
  LIVEKIT_URL: z.string().url().optional(),
  LIVEKIT_API_KEY: z.string().optional(),
  LIVEKIT_API_SECRET: z.string().optional(),
  HILINK_MAX_BODY_BYTES: z.coerce.number().int().positive().default(64 * 1024),
  HILINK_MAX_SYNC_MESSAGE_BYTES: z.coerce.number().int().positive().default(2 * 1024 * 1024),
  HILINK_TRANSCRIPTION: z.enum(['on', 'off']).default('on'),
  /** e.g. smtps://user:password@mail.example:465 */
  HILINK_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'HILINK_SMTP_URL must start with smtp:// or smtps://').optional(),
  HILINK_SMTP_FROM: z.string().default('HiLink <no-reply@localhost>'),
  HILINK_MODEL_DIR: z.string().default('./models'),
  HILINK_ASR_MODEL: z.string().regex(/^[\w.-]+$/).default('whisper-base'),
  /** Whisper language code; empty lets a multilingual model detect the language. */
  HILINK_ASR_LANGUAGE: z.string().default('en'),
})

export function configFromEnv(source: NodeJS.ProcessEnv = process.env): Config {
  const e = env.parse(source)
  const livekit =
    e.LIVEKIT_URL && e.LIVEKIT_API_KEY && e.LIVEKIT_API_SECRET
      ? { url: e.LIVEKIT_URL, apiKey: e.LIVEKIT_API_KEY, apiSecret: e.LIVEKIT_API_SECRET }
      : undefined
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.HILINK_DATA_DIR),
    adminKey: e.HILINK_ADMIN_KEY,
    livekit,
    maxBodyBytes: e.HILINK_MAX_BODY_BYTES,
    maxSyncMessageBytes: e.HILINK_MAX_SYNC_MESSAGE_BYTES,
    smtp: e.HILINK_SMTP_URL ? { url: e.HILINK_SMTP_URL, from: e.HILINK_SMTP_FROM } : undefined,
    speech: {
      enabled: e.HILINK_TRANSCRIPTION === 'on',
      modelDir: path.resolve(e.HILINK_MODEL_DIR),
      modelId: e.HILINK_ASR_MODEL,
      language: e.HILINK_ASR_LANGUAGE || undefined,
    },
  }
}
