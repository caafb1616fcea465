import { oneLine, type TranscriptSegment } from '@hilink/protocol'

/** A transcript as WebVTT (https://www.w3.org/TR/webvtt1/), one cue per segment with the speaker as a voice. */
export function toWebVtt(segments: TranscriptSegment[]): string {
  const cues = segments.map(
    (s, i) => `${i + 1}\n${timestamp(s.startMs)} --> ${timestamp(Math.max(s.endMs, s.startMs + 1))}\n<v ${escape(s.speakerName)}>${escape(s.text)}`,
  )
  return ['WEBVTT', ...cues].join('\n\n') + '\n'
}

function timestamp(ms: number): string {
  const h = Math.floor(ms / 3_600_000)
  const m = Math.floor((ms % 3_600_000) / 60_000)
  const s = Math.floor((ms % 60_000) / 1000)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`
}

/**
 * Cue text may not hold markup or "-->", and a line break (CR or LF) would end the cue early; user speech and
 * names are text, never markup.
 */
function escape(text: string): string {
  return oneLine(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
