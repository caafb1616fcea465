import { createRoute } from '@hono/zod-openapi'
import { createMiddleware } from 'hono/factory'
import { statementResult, statementsQuery, xapiStatement, type StatementsQuery } from '@hilink/protocol'
import type { EventsRepo, StatementQuery } from '../db/events-repo.ts'
import type { PrincipalEnv } from '../auth/principal.ts'
import { authorize } from '../auth/authorize.ts'
import { apiError } from '../http/errors.ts'
import { bearerSecurity, createSubApp, errorResponses, jsonResponse } from '../http/openapi.ts'

export interface XapiDeps {
  events: EventsRepo
}

const getStatements = createRoute({
  method: 'get',
  path: '/statements',
  summary: 'xAPI 1.0.3 GET Statements: a StatementResult with `more` paging, or one statement by statementId (admin key)',
  security: bearerSecurity,
  request: { query: statementsQuery },
  responses: { 200: jsonResponse(statementResult.or(xapiStatement), 'A StatementResult, or the statement asked for'), ...errorResponses },
})

const defaultLimit = 100

/** The `agent` filter: only an account agent of the caller's tenant can match anything. */
function agentFilter(events: EventsRepo, tenantId: string, raw: string): string | null {
  let agent: unknown
  try {
    agent = JSON.parse(raw)
  } catch {
    throw apiError(400, 'invalid_request', 'agent: must be a JSON Agent object.')
  }
  if (typeof agent !== 'object' || agent === null) throw apiError(400, 'invalid_request', 'agent: must be a JSON Agent object.')
  const account = (agent as { account?: { homePage?: unknown; name?: unknown } }).account
  if (!account) return null // mbox, openid…: HiLink's agents have none, so nothing matches
  if (typeof account.homePage !== 'string' || typeof account.name !== 'string') {
    throw apiError(400, 'invalid_request', 'agent.account: needs homePage and name.')
  }
  return account.homePage === events.homePage(tenantId) ? account.name : null
}

const encodeCursor = (s: { stored?: string; id: string }) => Buffer.from(JSON.stringify([s.stored, s.id])).toString('base64url')
function decodeCursor(cursor: string): { stored: string; id: string } {
  try {
    const [stored, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[]
    if (typeof stored === 'string' && typeof id === 'string') return { stored, id }
  } catch {
    // answered below
  }
  throw apiError(400, 'invalid_request', 'cursor: not a cursor this server gave out.')
}

/** Every answer of `/xapi` names the version, errors included (xAPI §6.2): mount it before authentication. */
export const xapiVersionHeader = createMiddleware(async (c, next) => {
  await next()
  c.res.headers.set('X-Experience-API-Version', '1.0.3')
})

/** `/xapi`: the tenant's learning record as an LRS would serve it (read only). */
export function xapiApp({ events }: XapiDeps) {
  return createSubApp<PrincipalEnv>().openapi(getStatements, (c) => {
    const principal = c.get('principal')
    authorize(principal, 'xapi.read')
    const q: StatementsQuery = c.req.valid('query')
    const tenantId = principal.tenantId
    if (q.statementId !== undefined) {
      const [one] = events.query(tenantId, { statementId: q.statementId, ascending: true, limit: 1 })
      if (!one) throw apiError(404, 'not_found', 'No such statement.')
      return c.json(one, 200)
    }
    const limit = q.limit === undefined || q.limit === 0 ? defaultLimit : q.limit
    const actorId = q.agent === undefined ? undefined : agentFilter(events, tenantId, q.agent)
    if (actorId === null) return c.json({ statements: [], more: '' }, 200)
    const filters: StatementQuery = {
      ...(actorId !== undefined ? { actorId } : {}),
      ...(q.verb !== undefined ? { verb: q.verb } : {}),
      ...(q.activity !== undefined ? { activity: q.activity } : {}),
      ...(q.registration !== undefined ? { registration: q.registration } : {}),
      // stored times are written as UTC ISO strings: compare like with like.
      ...(q.since !== undefined ? { since: new Date(q.since).toISOString() } : {}),
      ...(q.until !== undefined ? { until: new Date(q.until).toISOString() } : {}),
      ascending: q.ascending === 'true',
      limit: limit + 1,
      ...(q.cursor !== undefined ? { after: decodeCursor(q.cursor) } : {}),
    }
    const page = events.query(tenantId, filters)
    const shown = page.slice(0, limit)
    const last = shown.at(-1)
    let more = ''
    if (page.length > limit && last) {
      const params = new URLSearchParams()
      for (const [k, v] of Object.entries(q)) if (v !== undefined && k !== 'cursor') params.set(k, String(v))
      params.set('cursor', encodeCursor(last))
      more = `/xapi/statements?${params.toString()}`
    }
    return c.json({ statements: shown, more }, 200)
  })
}
