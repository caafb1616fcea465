import { z } from 'zod'
import { audioFormat } from './values.ts'
export { audioFormat } from './values.ts'

/** One audio message carries at most 2 s of audio. */
export const maxAudioMessageBytes = audioFormat.sampleRate * audioFormat.bytesPerSample * 2

/** A transcribed stretch of one speaker's audio. Times are milliseconds from the session's start. */
export const transcriptSegment = z.object({
  id: z.string(),
  speakerId: z.string(),
  speakerName: z.string(),
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  text: z.string(),
})
export type TranscriptSegment = z.infer<typeof transcriptSegment>

export const transcript = z.object({ sessionId: z.string(), segments: z.array(transcriptSegment) })

export const transcriptQuery = z.object({ format: z.enum(['json', 'vtt']).default('json') })

/** Transcription settings of a session, changed by the instructor and announced in the room. */
export const transcriptionSettingsBody = z.strictObject({
  enabled: z.boolean(),
  /** Whether learners' microphones may be transcribed too (instructors and TAs always may, when enabled). */
  learners: z.boolean().optional(),
})
export type TranscriptionSettings = z.infer<typeof transcriptionSettingsBody>

/** A caption still being spoken, shown until its final segment replaces it. */
export interface PartialCaption {
  speakerId: string
  speakerName: string
  text: string
  startMs: number
}
