import { z } from 'zod'

/** The hand-raise queue in the `hands` map of the document (key: user id), server-authored. */
export const raisedHand = z.object({ userId: z.string(), name: z.string(), raisedAt: z.string() })
export type RaisedHand = z.infer<typeof raisedHand>

/** The queue from the `hands` map's values: first raised first; entries that are not hands are skipped. */
export function handQueue(values: Iterable<unknown>): RaisedHand[] {
  const hands: RaisedHand[] = []
  for (const value of values) {
    const parsed = raisedHand.safeParse(value)
    if (parsed.success) hands.push(parsed.data)
  }
  return hands.sort((a, b) => a.raisedAt.localeCompare(b.raisedAt) || a.userId.localeCompare(b.userId))
}

/** `PUT /sessions/:id/hand`: raise or lower one's own hand. */
export const handBody = z.strictObject({ raised: z.boolean() })
export const handParams = z.object({ id: z.uuid(), userId: z.string().min(1).max(200) })
export const handState = z.object({ raised: z.boolean(), queue: z.array(raisedHand) })

/**
 * Signals only a browser can see (ARCHITECTURE.md §5), sent to `POST /api/v1/events`. Actor and session come
 * from the token. `id` is the client's own id for the signal, so a queued signal sent twice counts once.
 */
export const clientSignalTypes = ['tab-hidden', 'tab-visible'] as const
export type ClientSignalType = (typeof clientSignalTypes)[number]
export const clientSignalBody = z.strictObject({
  id: z.uuid(),
  type: z.enum(clientSignalTypes),
  /** When it happened, by the client's clock; signals queued while offline keep their time. */
  at: z.iso.datetime({ offset: true }),
})
export type ClientSignal = z.infer<typeof clientSignalBody>
export const clientSignalAccepted = z.object({ id: z.string(), recorded: z.boolean() })
