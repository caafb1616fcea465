/**
 * Plain values shared by server and client: names, keys, limits and codes. This module imports no zod, and the
 * package is `sideEffects: false`, so a client that needs only these never bundles a schema nor zod itself (issue
 * #13: zod was a quarter of the SDK). Each value is re-exported from its domain module; add client-side values
 * here, not in a module that builds schemas.
 */

// errors
/** WebSocket close codes of the sync socket (4000-4999 is the application range). */
export const syncCloseCodes = {
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
  badMessage: 4400,
  /** The client let too many bytes pile up unread (backpressure); reconnecting resyncs it. */
  tooSlow: 4408,
  /** Too many failed sign-ins from this address or with this credential prefix; try again later. */
  rateLimited: 4429,
  /** Not possible in the session's current state (e.g. audio while transcription is off). */
  conflict: 4409,
  /** The server cannot do this now (e.g. no speech model installed). */
  unavailable: 4503,
} as const

// sessions
export const sessionStates = ['scheduled', 'live', 'ended'] as const

// polls
/**
 * What a poll asks. `poll` is single choice; `check` (comprehension check) is scored, one correct option per
 * question, and may hold several questions; `multiple` takes several options; `truefalse` and `rating` bring
 * their own options; `text` takes a short free answer that staff see and share only after reading it.
 */
export const pollKinds = ['poll', 'check', 'multiple', 'truefalse', 'text', 'rating'] as const

export const pollStates = ['open', 'closed'] as const

export const maxPollOptions = 8

export const maxCheckQuestions = 10

export const maxTextAnswer = 500

// chat
/** The longest chat message, in characters (Unicode code points, so emoji count once). */
export const maxChatChars = 2000

// live
/**
 * Live figures only staff may see (ARCHITECTURE.md §6): sent by the server as per-connection messages on the
 * sync socket, never written into the shared document (every participant receives the document) and never
 * polled over HTTP. A custom message type of the y-websocket protocol (Hocuspocus calls these "stateless"),
 * whose payload is one JSON `LiveMessage`. Clients never send it; the server closes a socket that does.
 */
export const liveMessageType = 100

// av
/**
 * Keys of audio/video settings in the document's server-authored `session` map (written only by the server,
 * read live by every client).
 */
export const avSessionKeys = {
  /** Whether learners may publish their camera and microphone (the instructor's switch); false by default. */
  learnersPublish: 'avLearnersPublish',
} as const

// transcription
/** Audio the server accepts on `WS /audio/:sessionId`: binary messages of 16 kHz mono signed 16-bit LE PCM. */
export const audioFormat = { sampleRate: 16_000, channels: 1, bytesPerSample: 2 } as const

