import * as Y from 'yjs'
import { rootNames, type PartialCaption, type ParticipantClaims, type TranscriptSegment } from '@hilink/protocol'
import type { TranscriptRepo } from '../db/transcript-repo.ts'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { SyncServer } from '../sync/sync-server.ts'
import type { Transcriber } from '../ai/transcriber.ts'

/** How many final captions the live document keeps; the whole transcript is in SQLite. */
const captionsKeptInDoc = 50

/**
 * Turns utterances into captions and transcript: transcribes them (worker thread), stores final segments,
 * and shows partial and final captions to everyone through the session document.
 */
export class TranscriptionService {
  /** Final utterances being transcribed, per session: the summary waits for them. */
  private readonly inFlight = new Map<string, number>()

  constructor(
    private readonly transcriber: Transcriber | undefined,
    private readonly transcripts: TranscriptRepo,
    private readonly sessions: SessionsRepo,
    private readonly sync: SyncServer,
  ) {}

  get available(): boolean {
    return this.transcriber !== undefined
  }

  /** Whether this participant's audio may be transcribed now; answers the refusal otherwise. */
  refusal(claims: ParticipantClaims): { code: 'forbidden' | 'conflict' | 'unavailable'; reason: string } | undefined {
    if (!this.transcriber) return { code: 'unavailable', reason: 'no speech model is installed on this server' }
    const session = this.sessions.get(claims.tenant, claims.session)
    if (!session) return { code: 'conflict', reason: 'no such session' }
    if (claims.role === 'observer') return { code: 'forbidden', reason: 'observers do not send audio' }
    if (claims.role === 'learner' && !session.transcription.learners) {
      return { code: 'forbidden', reason: 'learners are not transcribed in this session' }
    }
    if (!session.transcription.enabled) return { code: 'conflict', reason: 'transcription is off for this session' }
    if (session.state !== 'live') return { code: 'conflict', reason: 'the session is not live' }
    return undefined
  }

  /**
   * Per speaker, the utterance start up to which partials are stale: a partial's transcription can finish after
   * the final of the same utterance (or after the speaker stopped) and would then stay on screen for good.
   */
  private readonly partialCutoff = new Map<string, number>()

  /** A speaker's audio socket opened: their partials count again. */
  started(claims: ParticipantClaims): void {
    this.partialCutoff.delete(speakerKey(claims))
  }

  /** A speaker stopped (their audio socket closed): their partial caption goes, and late ones are dropped. */
  stopped(claims: ParticipantClaims): void {
    this.partialCutoff.set(speakerKey(claims), Number.POSITIVE_INFINITY)
    try {
      this.sync.changeDoc(claims.tenant, claims.session, (doc) => {
        const partials = doc.getMap(rootNames.captionsPartial)
        if (partials.has(claims.sub)) partials.delete(claims.sub)
      })
    } catch {
      // Sockets also close while the server shuts down, after the database: nothing left to clear then.
    }
  }

  async partial(claims: ParticipantClaims, startMs: number, samples: Float32Array): Promise<void> {
    const text = await this.transcriber?.transcribe(samples, 'partial')
    if (!text || !isSpeech(text) || this.refusal(claims)) return
    if (startMs <= (this.partialCutoff.get(speakerKey(claims)) ?? -1)) return
    const caption: PartialCaption = { speakerId: claims.sub, speakerName: claims.name, text, startMs }
    this.sync.changeDoc(claims.tenant, claims.session, (doc) => doc.getMap(rootNames.captionsPartial).set(claims.sub, caption))
  }

  /** Resolves once no final utterance of the session is being transcribed (or after `timeoutMs`). */
  async whenIdle(tenantId: string, sessionId: string, timeoutMs = 60_000): Promise<void> {
    const key = `${tenantId}/${sessionId}`
    const deadline = Date.now() + timeoutMs
    while ((this.inFlight.get(key) ?? 0) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
  }

  async final(claims: ParticipantClaims, startMs: number, endMs: number, samples: Float32Array): Promise<TranscriptSegment | undefined> {
    const key = `${claims.tenant}/${claims.session}`
    const speaker = speakerKey(claims)
    this.partialCutoff.set(speaker, Math.max(this.partialCutoff.get(speaker) ?? -1, startMs))
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1)
    try {
      return await this.finalize(claims, startMs, endMs, samples)
    } finally {
      const left = (this.inFlight.get(key) ?? 1) - 1
      if (left > 0) this.inFlight.set(key, left)
      else this.inFlight.delete(key)
    }
  }

  private async finalize(claims: ParticipantClaims, startMs: number, endMs: number, samples: Float32Array): Promise<TranscriptSegment | undefined> {
    const text = await this.transcriber?.transcribe(samples, 'final')
    const clearPartial = (doc: Y.Doc) => doc.getMap(rootNames.captionsPartial).delete(claims.sub)
    // Checked again after transcription: the instructor may have switched it off meanwhile. Speech that
    // arrived while the session was live still counts when the session ended during its transcription.
    if (!text || !isSpeech(text) || !this.sessions.get(claims.tenant, claims.session)?.transcription.enabled) {
      this.sync.changeDoc(claims.tenant, claims.session, clearPartial)
      return undefined
    }
    const segment = this.transcripts.add(claims.tenant, claims.session, {
      speakerId: claims.sub,
      speakerName: claims.name,
      startMs,
      endMs,
      text,
    })
    this.sync.changeDoc(claims.tenant, claims.session, (doc) => {
      clearPartial(doc)
      const captions = doc.getArray<TranscriptSegment>(rootNames.captions)
      captions.push([segment])
      if (captions.length > captionsKeptInDoc) captions.delete(0, captions.length - captionsKeptInDoc)
    })
    return segment
  }
}

function speakerKey(claims: ParticipantClaims): string {
  return `${claims.tenant}/${claims.session}/${claims.sub}`
}

/**
 * Whisper writes non-speech as bracketed tags ("[BLANK_AUDIO]", "(music)") or lone punctuation; those are
 * not captions.
 */
export function isSpeech(text: string): boolean {
  const withoutTags = text.replace(/\[[^\]]*\]|\([^)]*\)|\*[^*]*\*/g, '').trim()
  return /\p{L}/u.test(withoutTags)
}
