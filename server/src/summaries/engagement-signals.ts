import type { XapiStatement } from '../events/statements.ts'
import { verbs } from '../events/statements.ts'
import { contributedVerb } from '../whiteboard/contributions.ts'

/** One learner's engagement signals in a session, with the ids of the events they come from. */
export interface LearnerSignals {
  handRaiseIds: string[]
  /** Time away from the lesson tab within the session, and the hide/return events it was measured from. */
  awayMs: number
  awayTimes: number
  awayEventIds: string[]
  /** Whiteboard shapes created, changed or deleted, summed from the per-minute contribution events. */
  boardShapes: number
  boardEventIds: string[]
}

const empty = (): LearnerSignals => ({ handRaiseIds: [], awayMs: 0, awayTimes: 0, awayEventIds: [], boardShapes: 0, boardEventIds: [] })

/** The verb of the whiteboard's per-minute contribution statements (server/src/whiteboard/contributions.ts). */
const contributedVerbId = contributedVerb.id
const shapeCountKeys = ['urn:hilink:xapi:shapes-created', 'urn:hilink:xapi:shapes-changed', 'urn:hilink:xapi:shapes-deleted']

/**
 * Reads hand raises, whiteboard contributions and time away from the tab out of a session's learning events. Away time is counted
 * from each `tab-hidden` to the next `tab-visible` of the same person, clipped to the session's live window;
 * a tab still hidden at the end counts until the end.
 */
export function engagementSignals(events: XapiStatement[], window: { startMs: number; endMs: number }): Map<string, LearnerSignals> {
  const byLearner = new Map<string, LearnerSignals>()
  const of = (id: string) => byLearner.get(id) ?? byLearner.set(id, empty()).get(id)!
  const hiddenSince = new Map<string, { at: number; eventId: string }>()
  const clip = (t: number) => Math.min(Math.max(t, window.startMs), window.endMs)
  const away = (userId: string, from: { at: number; eventId: string }, to: number, endId: string | null) => {
    const ms = clip(to) - clip(from.at)
    if (ms <= 0) return
    const s = of(userId)
    s.awayMs += ms
    s.awayTimes += 1
    s.awayEventIds.push(from.eventId, ...(endId ? [endId] : []))
  }
  const ordered = [...events].sort((a, b) => a.timestamp.localeCompare(b.timestamp))
  for (const e of ordered) {
    const actor = e.actor.account.name
    if (e.verb.id === verbs.raisedHand.id) of(actor).handRaiseIds.push(e.id)
    else if (e.verb.id === contributedVerbId) {
      const counts = (e.result?.extensions ?? {}) as Record<string, unknown>
      const shapes = shapeCountKeys.reduce((sum, k) => sum + (typeof counts[k] === 'number' ? (counts[k] as number) : 0), 0)
      if (shapes > 0) {
        of(actor).boardShapes += shapes
        of(actor).boardEventIds.push(e.id)
      }
    }
    else if (e.verb.id === verbs.tabHidden.id) {
      if (!hiddenSince.has(actor)) hiddenSince.set(actor, { at: Date.parse(e.timestamp), eventId: e.id })
    } else if (e.verb.id === verbs.tabVisible.id) {
      const since = hiddenSince.get(actor)
      if (since) away(actor, since, Date.parse(e.timestamp), e.id)
      hiddenSince.delete(actor)
    }
  }
  for (const [actor, since] of hiddenSince) away(actor, since, window.endMs, null)
  return byLearner
}
