import { hc } from 'hono/client'
import type { ParticipantClaims } from '@hilink/protocol'
// Type-only: the server's route types give every call its path, body and answer; nothing of the server (nor
// its zod schemas) reaches the bundle. The server validates every request, so the client does not re-validate
// its answers at run time.
import type { AppType } from '@hilink/server'
import type { LiveChannel } from './live-channel.ts'

/**
 * The HiLink API below /api/v1 as Hono's typed RPC client (`hc<AppType>`): e.g.
 * `client.sessions[':id'].chat.$post({ param: { id }, json: { text } })`, read with `parseResponse` from
 * `hono/client`. `fetch` is the caller's (a RoomSession's adds the token, idempotency keys, retries and
 * refusals as `ApiError`).
 */
export function apiClient(server: string, fetch: typeof globalThis.fetch) {
  return hc<AppType>(server, { fetch }).api.v1
}
export type ApiClient = ReturnType<typeof apiClient>

/**
 * What a model needs to send commands to the server: the session, who we are, and the API client. A
 * `RoomSession` is one; models take this (and a `Y.Doc`), never a provider.
 */
export interface SessionApi {
  readonly sessionId: string
  readonly identity: Pick<ParticipantClaims, 'sub' | 'role'>
  /** @internal The typed API client (its types come from the server's routes, so they are not published). */
  readonly client: ApiClient
  /** Staff-only live figures from the sync connection, when there is one (a RoomSession). */
  readonly live?: LiveChannel
  /** Commands waiting for an unreachable server (a RoomSession queues them and resends them on return). */
  readonly pendingCommands?: number
}
