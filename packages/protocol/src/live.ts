import { z } from 'zod'
import { pollResults } from './polls.ts'
import { engagementLive } from './engagement.ts'

/**
 * Live figures only staff may see (ARCHITECTURE.md §6): sent by the server as per-connection messages on the
 * sync socket, never written into the shared document (every participant receives the document) and never
 * polled over HTTP. A custom message type of the y-websocket protocol (Hocuspocus calls these "stateless"),
 * whose payload is one JSON `LiveMessage`. Clients never send it; the server closes a socket that does.
 */
export const liveMessageType = 100

export const liveMessage = z.discriminatedUnion('topic', [
  /** A poll's results while it is open (they reach the room only when it closes). */
  z.object({ topic: z.literal('poll.results'), pollId: z.string(), results: pollResults }),
  /** Per-learner engagement of the session (the instructor's panel), sent as learning events are recorded. */
  engagementLive,
])
export type LiveMessage = z.infer<typeof liveMessage>
export type LiveTopic = LiveMessage['topic']
