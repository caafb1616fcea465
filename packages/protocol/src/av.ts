import { z } from 'zod'
export { avSessionKeys } from './values.ts'

/** How the server provides audio/video: its own LiveKit SFU, an external LiveKit (Cloud, a cluster), or none. */
export const avModes = ['embedded', 'external', 'off'] as const
export type AvMode = (typeof avModes)[number]


/** `POST /api/v1/sessions/:id/av-token`: a short-lived LiveKit participant token for this session's room. */
export const avToken = z.object({
  /** The LiveKit signalling URL (ws:// or wss://). */
  url: z.string(),
  token: z.string(),
  room: z.string(),
  identity: z.string(),
  /** What the token allows at the time it was issued (the server updates a connected participant live). */
  canPublish: z.boolean(),
  canPublishScreen: z.boolean(),
  expiresAt: z.string(),
})
export type AvToken = z.infer<typeof avToken>

/** `PUT /api/v1/sessions/:id/av/learners`: allow or stop learners' cameras and microphones. */
export const avLearnersBody = z.strictObject({ publish: z.boolean() })
export type AvLearnersBody = z.infer<typeof avLearnersBody>
export const avLearnersState = z.object({ publish: z.boolean() })
