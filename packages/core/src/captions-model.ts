import type * as Y from 'yjs'
import { rootNames, sessionKeys, type PartialCaption, type TranscriptSegment } from '@hilink/protocol'

export type TranscriptionState = 'on' | 'off' | 'unavailable'

/** Live captions: the latest final segments and what is being said right now, as the server writes them. */
export class CaptionsModel {
  private readonly finals: Y.Array<TranscriptSegment>
  private readonly partials: Y.Map<PartialCaption>
  private readonly session: Y.Map<unknown>

  constructor(doc: Y.Doc) {
    this.finals = doc.getArray(rootNames.captions)
    this.partials = doc.getMap(rootNames.captionsPartial)
    this.session = doc.getMap(rootNames.session)
  }

  /** The last `count` final captions, oldest first. */
  recent(count = 5): TranscriptSegment[] {
    const all = this.finals.toArray()
    return all.slice(Math.max(0, all.length - count))
  }

  /** What is being said now; nothing once the lesson is not live (a partial left behind is never shown). */
  get speaking(): PartialCaption[] {
    if (!this.lessonLive) return []
    return [...this.partials.values()].sort((a, b) => a.startMs - b.startMs)
  }

  get transcription(): TranscriptionState | undefined {
    const state = this.session.get(sessionKeys.transcription)
    return state === 'on' || state === 'off' || state === 'unavailable' ? state : undefined
  }

  /** Audio is transcribed only while the lesson is live. */
  get lessonLive(): boolean {
    return this.session.get(sessionKeys.state) === 'live'
  }

  get learnersTranscribed(): boolean {
    return this.session.get(sessionKeys.transcribeLearners) === true
  }

  subscribe(listener: () => void): () => void {
    this.finals.observe(listener)
    this.partials.observe(listener)
    this.session.observe(listener)
    return () => {
      this.finals.unobserve(listener)
      this.partials.unobserve(listener)
      this.session.unobserve(listener)
    }
  }
}
