import WebSocket from 'ws'
import { RoomSession, type RoomSessionOptions } from '../room-session.ts'

/**
 * RoomSessions for the core's unit tests: real ones against a real server, over the `ws` package (Node has no
 * browser WebSocket the y-websocket provider can use). `destroyAll()` in the test file's `after` ends them all.
 */
export function testRooms(serverUrl: () => string) {
  const rooms: RoomSession[] = []
  return {
    join(token: string, extra: Partial<RoomSessionOptions> = {}): RoomSession {
      // ws's WebSocket is the browser's in all the provider uses; the types differ only in what it does not touch.
      const room = new RoomSession({ server: serverUrl(), token, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, ...extra })
      rooms.push(room)
      return room
    },
    destroyAll(): void {
      for (const room of rooms.splice(0)) room.destroy()
    },
  }
}
