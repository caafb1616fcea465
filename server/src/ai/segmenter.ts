/**
 * Cuts one speaker's continuous 16 kHz audio into utterances by energy: an utterance starts at the first
 * loud frame (with a little audio before it) and ends after a pause or at a maximum length, so Whisper gets
 * whole phrases and silence never reaches the model. Pure and synchronous: fed chunks, it answers events.
 */
export interface SegmenterOptions {
  sampleRate: number
  /** RMS above which a 30 ms frame counts as speech (full scale = 1). */
  speechRms: number
  /** Silence that ends an utterance. */
  endSilenceMs: number
  /** Longest utterance; longer speech is cut here (Whisper reads 30 s windows). */
  maxUtteranceMs: number
  /** Utterances shorter than this are noise (a cough, a click). */
  minSpeechMs: number
  /** Audio kept from before the first loud frame, so soft onsets are not clipped. */
  preRollMs: number
  /** While speech goes on, offer a partial every this much new audio. */
  partialEveryMs: number
}

export const defaultSegmenterOptions: SegmenterOptions = {
  sampleRate: 16_000,
  speechRms: 0.012,
  endSilenceMs: 700,
  maxUtteranceMs: 15_000,
  minSpeechMs: 250,
  preRollMs: 200,
  partialEveryMs: 2_000,
}

export type SegmenterEvent =
  | { kind: 'partial'; startMs: number; samples: Float32Array }
  | { kind: 'final'; startMs: number; endMs: number; samples: Float32Array }

export class Segmenter {
  private readonly frame: number
  private pending = new Float32Array(0) // less than one frame, waiting for more
  private position = 0 // samples consumed so far (frames)
  private preRoll: Float32Array[] = []
  private utterance: Float32Array[] | undefined
  private utteranceStart = 0
  private utteranceLength = 0
  private speechLength = 0
  private silentRun = 0
  private lastPartialAt = 0

  constructor(private readonly opts: SegmenterOptions = defaultSegmenterOptions) {
    this.frame = Math.round(opts.sampleRate * 0.03)
  }

  /** Feeds more audio; answers the utterances (and partials) it completes. */
  push(samples: Float32Array): SegmenterEvent[] {
    const joined = new Float32Array(this.pending.length + samples.length)
    joined.set(this.pending)
    joined.set(samples, this.pending.length)
    const events: SegmenterEvent[] = []
    let offset = 0
    for (; offset + this.frame <= joined.length; offset += this.frame) {
      const event = this.onFrame(joined.subarray(offset, offset + this.frame).slice())
      if (event) events.push(event)
    }
    this.pending = joined.slice(offset)
    return events
  }

  /** Ends the stream: answers the utterance in progress, if it is long enough. */
  flush(): SegmenterEvent[] {
    const final = this.finish()
    return final ? [final] : []
  }

  private ms(samples: number): number {
    return Math.round((samples / this.opts.sampleRate) * 1000)
  }

  private onFrame(frame: Float32Array): SegmenterEvent | undefined {
    const loud = rms(frame) >= this.opts.speechRms
    const frameStart = this.position
    this.position += frame.length
    if (!this.utterance) {
      if (!loud) {
        this.preRoll.push(frame)
        const keep = Math.ceil((this.opts.preRollMs / 1000) * this.opts.sampleRate / this.frame)
        if (this.preRoll.length > keep) this.preRoll.shift()
        return undefined
      }
      const preRollSamples = this.preRoll.reduce((n, f) => n + f.length, 0)
      this.utterance = [...this.preRoll, frame]
      this.utteranceStart = frameStart - preRollSamples
      this.utteranceLength = preRollSamples + frame.length
      this.preRoll = []
      this.speechLength = frame.length
      this.silentRun = 0
      this.lastPartialAt = 0
      return undefined
    }
    this.utterance.push(frame)
    this.utteranceLength += frame.length
    if (loud) {
      this.speechLength += frame.length
      this.silentRun = 0
    } else this.silentRun += frame.length
    if (this.ms(this.silentRun) >= this.opts.endSilenceMs || this.ms(this.utteranceLength) >= this.opts.maxUtteranceMs) {
      return this.finish()
    }
    if (this.ms(this.utteranceLength - this.lastPartialAt) >= this.opts.partialEveryMs) {
      this.lastPartialAt = this.utteranceLength
      return { kind: 'partial', startMs: this.ms(this.utteranceStart), samples: concat(this.utterance, this.utteranceLength) }
    }
    return undefined
  }

  private finish(): SegmenterEvent | undefined {
    const utterance = this.utterance
    this.utterance = undefined
    if (!utterance || this.ms(this.speechLength) < this.opts.minSpeechMs) return undefined
    // Trim the trailing silence, keeping a little of it.
    const keep = this.utteranceLength - Math.max(0, this.silentRun - Math.round(this.opts.sampleRate * 0.2))
    const samples = concat(utterance, this.utteranceLength).subarray(0, keep)
    return { kind: 'final', startMs: this.ms(this.utteranceStart), endMs: this.ms(this.utteranceStart + keep), samples }
  }
}

function rms(frame: Float32Array): number {
  let sum = 0
  for (const s of frame) sum += s * s
  return Math.sqrt(sum / frame.length)
}

function concat(parts: Float32Array[], length: number): Float32Array {
  const out = new Float32Array(length)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** 16-bit little-endian PCM bytes to float samples in [-1, 1]. */
export function pcm16ToFloat(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out = new Float32Array(bytes.byteLength >> 1)
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true) / 32768
  return out
}
