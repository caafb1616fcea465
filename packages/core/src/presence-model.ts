import type { Awareness } from 'y-protocols/awareness'
import type { AwarenessUser } from '@hilink/protocol'
import { isAwarenessUser } from './readers.ts'

export interface Participant extends AwarenessUser {
  clientId: number
  isSelf: boolean
}

/** The room connection as far as the roster cares (a RoomSession is one). */
export interface PresenceConnection {
  readonly status: string
  subscribe(listener: () => void): () => void
}

/** After a reconnect, how long the roster keeps the people it knew while the others' presence arrives again. */
const settleMs = 3000

/**
 * Who is in the room right now, from awareness. One entry per person (a person with two tabs is listed
 * once), instructors first, then by name.
 *
 * On a drop the provider forgets everyone else's presence at once, so a server restart of a few seconds would
 * empty the roster. With the `connection`, the people last seen live are kept while it is down and for a
 * moment after it is back (until their presence is re-announced); anyone who really left is gone after that.
 */
export class PresenceModel {
  private known: Participant[] = []
  private settleUntil = 0

  constructor(
    private readonly awareness: Awareness,
    private readonly connection?: PresenceConnection,
  ) {}

  get participants(): Participant[] {
    const now = this.current()
    if (!this.connection) return now
    const live = this.connection.status === 'live'
    if (live && Date.now() >= this.settleUntil) {
      this.known = now
      return now
    }
    const ids = new Set(now.map((p) => p.id))
    return sortPeople([...now, ...this.known.filter((p) => !ids.has(p.id) && !p.isSelf)])
  }

  /** Calls `listener` whenever someone joins, leaves or changes presence; answers the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.awareness.on('change', listener)
    let wasLive = this.connection?.status === 'live'
    let timer: ReturnType<typeof setTimeout> | undefined
    const offConnection = this.connection?.subscribe(() => {
      const live = this.connection?.status === 'live'
      if (live && !wasLive) {
        this.settleUntil = Date.now() + settleMs
        clearTimeout(timer)
        timer = setTimeout(listener, settleMs + 10)
      }
      wasLive = live
      listener()
    })
    return () => {
      clearTimeout(timer)
      offConnection?.()
      this.awareness.off('change', listener)
    }
  }

  private current(): Participant[] {
    const byUser = new Map<string, Participant>()
    for (const [clientId, state] of this.awareness.getStates()) {
      const user: unknown = (state as { user?: unknown }).user
      if (!isAwarenessUser(user)) continue
      const isSelf = clientId === this.awareness.clientID
      const existing = byUser.get(user.id)
      if (!existing || isSelf) byUser.set(user.id, { ...user, clientId, isSelf: isSelf || !!existing?.isSelf })
    }
    return sortPeople([...byUser.values()])
  }
}

function sortPeople(people: Participant[]): Participant[] {
  const rank = (p: Participant) => ['instructor', 'ta', 'learner', 'observer'].indexOf(p.role)
  return people.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
}
