import { AsyncLocalStorage } from 'node:async_hooks'
import { createMiddleware } from 'hono/factory'
import type { Session, SessionState } from '@hilink/protocol'
import type { PrincipalEnv } from '../auth/principal.ts'
import { SessionsRepo } from '../db/sessions-repo.ts'
import type { Db } from '../db/connection.ts'
import type { EventsRepo } from '../db/events-repo.ts'
import type { ParticipantsRepo } from '../db/participants-repo.ts'
import type { AttendanceService } from '../attendance/attendance-service.ts'
import { sessionActivity, statement, stableUuid, verbs } from './statements.ts'

/** What the end of a lesson sets off besides its statements (polls close, hands go down, AV ends, the summary drafts). */
export interface LifecycleEffects {
  publishSession(tenantId: string, session: Session): void
  closePolls(tenantId: string, session: Session): void
  clearHands(tenantId: string, sessionId: string): void
  endAv(tenantId: string, sessionId: string): Promise<void>
  draftSummary(tenantId: string, session: Session): Promise<void>
}

/** ISO 8601 duration of whole and tenth seconds (xAPI result.duration). */
export function isoDuration(ms: number): string {
  return `PT${(Math.max(0, Math.round(ms / 100)) / 10).toString()}S`
}

/**
 * The session lifecycle as domain events. `sessions` is a SessionsRepo whose transitions record the
 * `initialized` / `terminated` statement in the same transaction as the state change (ARCHITECTURE §6), so a
 * crash keeps both or neither; `changed` runs the side effects that follow (what app.ts's closure did).
 * Ending also announces each invited learner who never came as `participant.absent`.
 */
export class LifecycleService {
  readonly sessions: SessionsRepo
  /** Who is changing the session, from the request's token: the actor of its statement. */
  private readonly actor = new AsyncLocalStorage<{ id: string; name: string }>()

  /**
   * Middleware for the sessions routes: the caller's token names the actor of a start or end statement
   * (the transition itself, in a route file of its own, knows only the session).
   */
  readonly actorFromToken = createMiddleware<PrincipalEnv>((c, next) => {
    const p = c.get('principal')
    if (p.kind !== 'participant') return next()
    return this.actor.run({ id: p.claims.sub, name: p.claims.name }, next)
  })

  constructor(
    db: Db,
    private readonly events: EventsRepo,
    private readonly participants: ParticipantsRepo,
    private readonly attendance: AttendanceService,
    private readonly effects: LifecycleEffects,
  ) {
    const onTransition = (tenantId: string, s: Session) => this.recordTransition(tenantId, s)
    this.sessions = new (class extends SessionsRepo {
      override transition(tenantId: string, id: string, from: SessionState, to: SessionState): Session | undefined {
        return db.transaction(() => {
          const changed = super.transition(tenantId, id, from, to)
          if (changed) onTransition(tenantId, changed)
          return changed
        })()
      }
    })(db)
  }

  /** After creation and each lifecycle change (the sessions sub-app's onStateChange). */
  readonly changed = (tenantId: string, session: Session): void => {
    this.effects.publishSession(tenantId, session)
    if (session.state !== 'ended') return
    // Results are final when the lesson ends: open polls close and hands go down before drafting.
    this.effects.closePolls(tenantId, session)
    this.effects.clearHands(tenantId, session.id)
    void this.effects.endAv(tenantId, session.id)
    this.effects.draftSummary(tenantId, session).catch((err: unknown) => {
      console.error(`hilink: drafting the summary of ${session.id} failed`, err)
    })
  }

  private scheduledInstructor(tenantId: string, s: Session): { id: string; name: string } {
    const instructor = this.participants.list(tenantId, s.id).find((p) => p.userId === s.instructorId)
    return { id: s.instructorId, name: instructor?.name ?? s.instructorId }
  }

  private recordTransition(tenantId: string, s: Session): void {
    // Without a request (a transition made by the server itself) the session's instructor is the actor.
    const actor = this.actor.getStore() ?? this.scheduledInstructor(tenantId, s)
    const object = sessionActivity(s.id, s.title)
    if (s.state === 'live') {
      this.events.record(tenantId, s.id, statement({
        tenantId, sessionId: s.id, actor, verb: verbs.initialized, object, key: `session-started:${s.id}`,
        timestamp: s.startedAt ?? undefined,
        extensions: { 'urn:hilink:xapi:scheduled-start': s.scheduledStart },
      }))
      return
    }
    if (s.state !== 'ended') return
    const ran = s.startedAt && s.endedAt ? Date.parse(s.endedAt) - Date.parse(s.startedAt) : 0
    this.events.record(tenantId, s.id, statement({
      tenantId, sessionId: s.id, actor, verb: verbs.terminated, object, key: `session-ended:${s.id}`,
      timestamp: s.endedAt ?? undefined,
      result: { completion: true, duration: isoDuration(ran) },
      extensions: { 'urn:hilink:xapi:scheduled-end': s.scheduledEnd },
    }))
    for (const a of this.attendance.report(tenantId, s)) {
      if (!a.absent || a.role !== 'learner') continue
      this.events.outbox.add({
        id: stableUuid(`${tenantId}:participant-absent:${s.id}:${a.userId}`),
        tenantId,
        sessionId: s.id,
        kind: 'event',
        type: 'participant.absent',
        payload: { sessionId: s.id, courseId: s.courseId, title: s.title, userId: a.userId, name: a.name, scheduledStart: s.scheduledStart },
      })
    }
  }
}
