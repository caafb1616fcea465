import type { ClientSignal, Session } from '@hilink/protocol'
import type { EventsRepo } from '../db/events-repo.ts'
import { sessionActivity, statement, verbs } from './statements.ts'

/** Project verbs for the window losing and regaining focus (another app or window in front of the lesson). */
const focusVerbs = {
  blurred: { id: 'urn:hilink:xapi:verbs:window-blurred', display: { 'en-US': 'left the lesson window of' } },
  focused: { id: 'urn:hilink:xapi:verbs:window-focused', display: { 'en-US': 'returned to the lesson window of' } },
} as const
const verbOf = {
  'tab-hidden': verbs.tabHidden,
  'tab-visible': verbs.tabVisible,
  'window-blurred': focusVerbs.blurred,
  'window-focused': focusVerbs.focused,
  'speaking-started': verbs.startedSpeaking,
  'speaking-stopped': verbs.stoppedSpeaking,
} as const

/** How far a signal's own time may lie from the server's: queued signals keep theirs, within a token's life. */
const maxAgeMs = 12 * 3600_000
const maxAheadMs = 60_000

export type SignalOutcome = { recorded: boolean } | { invalid: string }
export type BatchOutcome = Array<{ id: string; recorded: boolean; error?: string }>

/**
 * Client-side signals (tab hidden/visible, window blurred/focused, speaking started/stopped) become learning
 * events; the same signal id counts once. Each participant reports only about themselves (the actor is the
 * token's): speaking comes from LiveKit's speaker detection as the SFU tells the speaker's own client.
 */
export class SignalService {
  constructor(
    private readonly events: EventsRepo,
    private readonly transaction: <T>(work: () => T) => T = (work) => work(),
  ) {}

  /** Many signals of one participant in one transaction; each is judged (time, duplicate) on its own. */
  recordBatch(tenantId: string, session: Session, actor: { id: string; name: string }, signals: ClientSignal[]): BatchOutcome {
    return this.transaction(() =>
      signals.map((signal) => {
        const outcome = this.record(tenantId, session, actor, signal)
        return 'invalid' in outcome ? { id: signal.id, recorded: false, error: outcome.invalid } : { id: signal.id, recorded: outcome.recorded }
      }),
    )
  }

  record(tenantId: string, session: Session, actor: { id: string; name: string }, signal: ClientSignal): SignalOutcome {
    const at = Date.parse(signal.at)
    const now = Date.now()
    if (at > now + maxAheadMs) return { invalid: 'at: the signal’s time is in the future; check the device clock.' }
    if (at < now - maxAgeMs) return { invalid: 'at: the signal is older than 12 hours.' }
    const s = statement({
      tenantId,
      sessionId: session.id,
      actor,
      verb: verbOf[signal.type],
      object: sessionActivity(session.id, session.title),
      timestamp: new Date(at).toISOString(),
      extensions: { 'urn:hilink:xapi:client-signal-id': signal.id },
    })
    // The key is scoped to the actor: one participant's ids can never suppress another's signals.
    const key = `${tenantId}:${session.id}:${actor.id}:${signal.id}`
    return { recorded: this.events.recordOnce(tenantId, session.id, key, s) }
  }
}
