import { z } from 'zod'

/**
 * The `user` field every client puts in its awareness state. The server checks it against the token, so
 * presence cannot be spoofed.
 */
export const awarenessUser = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  color: z.string().max(32).optional(),
})
export type AwarenessUser = z.infer<typeof awarenessUser>
