import type { Awareness } from 'y-protocols/awareness'
import { awarenessUser, type AwarenessUser } from '@hilink/protocol'

export interface Participant extends AwarenessUser {
  clientId: number
  isSelf: boolean
}

/**
 * Who is in the room right now, from awareness. One entry per person (a person with two tabs is listed
 * once), instructors first, then by name.
 */
export class PresenceModel {
  constructor(private readonly awareness: Awareness) {}

  get participants(): Participant[] {
    const byUser = new Map<string, Participant>()
    for (const [clientId, state] of this.awareness.getStates()) {
      const user = awarenessUser.safeParse((state as { user?: unknown }).user)
      if (!user.success) continue
      const isSelf = clientId === this.awareness.clientID
      const existing = byUser.get(user.data.id)
      if (!existing || isSelf) byUser.set(user.data.id, { ...user.data, clientId, isSelf: isSelf || !!existing?.isSelf })
    }
    const rank = (p: Participant) => ['instructor', 'ta', 'learner', 'observer'].indexOf(p.role)
    return [...byUser.values()].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
  }

  /** Calls `listener` whenever someone joins, leaves or changes presence; answers the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.awareness.on('change', listener)
    return () => this.awareness.off('change', listener)
  }
}
