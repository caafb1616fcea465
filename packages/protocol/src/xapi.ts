import { z } from 'zod'

/** Query of `GET /xapi/statements` (xAPI 1.0.3 §2.1.3 GET Statements; the filters HiLink supports). */
export const statementsQuery = z.object({
  statementId: z.uuid().optional(),
  /** A JSON Agent; only account agents of the caller's tenant can match. */
  agent: z.string().max(2000).optional(),
  verb: z.string().max(2000).optional(),
  activity: z.string().max(2000).optional(),
  registration: z.uuid().optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(0).max(500).optional(),
  ascending: z.enum(['true', 'false']).optional(),
  /** Paging: opaque, from a previous page's `more`. */
  cursor: z.string().max(500).optional(),
})
export type StatementsQuery = z.infer<typeof statementsQuery>

/** A statement as the API returns it (validated in full by the server's tests, not re-declared here). */
export const xapiStatement = z.looseObject({ id: z.string(), actor: z.unknown(), verb: z.unknown(), object: z.unknown() })

export const statementResult = z.object({
  statements: z.array(xapiStatement),
  /** A relative URL of the next page, or "" when there is none. */
  more: z.string(),
})

/** A tenant's external LRS: statements are forwarded there from the outbox (Basic authentication). */
export const lrsConfigBody = z.strictObject({
  /** The LRS's xAPI endpoint (the base: `/statements` is appended). */
  endpoint: z.url({ protocol: /^https?$/ }).max(2000),
  username: z.string().min(1).max(500),
  password: z.string().min(1).max(500),
})
export type LrsConfigBody = z.infer<typeof lrsConfigBody>

export const lrsConfig = z.object({
  endpoint: z.string(),
  username: z.string(),
  /** Statements waiting to be forwarded, and ones that failed for good. */
  pending: z.number().int(),
  failed: z.number().int(),
  lastError: z.string().nullable(),
})

/**
 * `POST /api/v1/events` with many client signals at once (an offline queue flushing, or a busy classroom
 * batching): each is judged on its own, the batch is stored in one transaction.
 */
export const clientSignalBatchMax = 500
export const clientSignalBatch = z.strictObject({
  signals: z.array(z.strictObject({ id: z.uuid(), type: z.enum(['tab-hidden', 'tab-visible']), at: z.iso.datetime({ offset: true }) })).min(1).max(clientSignalBatchMax),
})
export const clientSignalBatchAccepted = z.object({
  results: z.array(z.object({ id: z.string(), recorded: z.boolean(), error: z.string().optional() })),
})
