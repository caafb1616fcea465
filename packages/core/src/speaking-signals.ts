import type { ClientSignalType } from '@hilink/protocol'

/** What the reporter reads: the AV model's participants (this one is `local`) and its change notifications. */
export interface SpeakingSource {
  readonly participants: ReadonlyArray<{ local: boolean; speaking: boolean }>
  subscribe(listener: () => void): () => void
}

/**
 * Reports this participant's own speaking to the server as `speaking-started` / `speaking-stopped` client signals
 * (through the room's signal queue: ids, times, retries), from LiveKit's speaker detection: the SFU tells each
 * publisher when it is an active speaker, and the AV model notifies on every change. Only transitions are sent;
 * leaving the AV room (no local participant any more) or stopping the reporter ends a stretch under way.
 * The server sums the stretches per learner for the engagement panel. Answers the stop function.
 */
export function reportSpeaking(av: SpeakingSource, signals: { record(type: ClientSignalType): unknown }): () => void {
  let speaking = false
  const check = () => {
    const now = av.participants.find((p) => p.local)?.speaking === true
    if (now === speaking) return
    speaking = now
    signals.record(now ? 'speaking-started' : 'speaking-stopped')
  }
  const unsubscribe = av.subscribe(check)
  check()
  return () => {
    unsubscribe()
    if (speaking) signals.record('speaking-stopped')
    speaking = false
  }
}
