import type { LiveMessage, LiveTopic } from '@hilink/protocol'
import { isLiveMessage } from './readers.ts'

type Listener<T extends LiveTopic> = (message: Extract<LiveMessage, { topic: T }>) => void

/**
 * Staff-only live figures that the server sends on this participant's sync connection (a custom y-websocket
 * message type, see `liveMessageType`): open polls' results, engagement. Only instructors and TAs receive
 * any; for everyone else the channel stays silent. Models subscribe by topic; the latest message per poll is
 * kept, so a model created after the figures arrived still starts from them.
 */
export class LiveChannel {
  private readonly listeners = new Map<LiveTopic, Set<Listener<LiveTopic>>>()
  private readonly latest = new Map<string, LiveMessage>()

  /** Takes one message's JSON as it arrived; answers false for anything that is not a known live message. */
  receive(json: string): boolean {
    let message: unknown
    try {
      message = JSON.parse(json)
    } catch {
      return false
    }
    if (!isLiveMessage(message)) return false
    this.latest.set(keyOf(message), message)
    for (const listener of this.listeners.get(message.topic) ?? []) listener(message)
    return true
  }

  /** Calls `listener` with every message of `topic`, starting with the latest ones already received. */
  subscribe<T extends LiveTopic>(topic: T, listener: Listener<T>): () => void {
    let set = this.listeners.get(topic)
    if (!set) this.listeners.set(topic, (set = new Set()))
    // Messages are dispatched by topic, so this listener only ever receives its own topic's shape.
    const general = listener as unknown as Listener<LiveTopic>
    set.add(general)
    for (const message of this.latest.values()) if (message.topic === topic) general(message)
    return () => set.delete(general)
  }
}

function keyOf(message: LiveMessage): string {
  return 'pollId' in message ? `${message.topic}:${message.pollId}` : message.topic
}
