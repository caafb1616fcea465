import { z } from 'zod'
import { pollResults } from './polls.ts'
import { engagementLive } from './engagement.ts'
export { liveMessageType } from './values.ts'


export const liveMessage = z.discriminatedUnion('topic', [
  /** A poll's results while it is open (they reach the room only when it closes). */
  z.object({ topic: z.literal('poll.results'), pollId: z.string(), results: pollResults }),
  /** Per-learner engagement of the session (the instructor's panel), sent as learning events are recorded. */
  engagementLive,
])
export type LiveMessage = z.infer<typeof liveMessage>
export type LiveTopic = LiveMessage['topic']
