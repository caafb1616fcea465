import { EventEmitter } from 'node:events'
import type { WebSocket, RawData } from 'ws'

/**
 * Stands between a WebSocket and @y/websocket-server's `setupWSConnection`, which reads every message it is
 * given. The guard sees each incoming message first and passes on only what it accepts; everything else of
 * the socket (send, ping/pong, close) goes straight through. This keeps the protocol in the library and the
 * authorisation in one place.
 */
export class GuardedConnection extends EventEmitter {
  binaryType = 'arraybuffer'

  constructor(
    private readonly ws: WebSocket,
    guard: (message: Uint8Array) => Uint8Array | null,
  ) {
    super()
    ws.on('message', (data: RawData) => {
      const accepted = guard(toBytes(data))
      if (accepted) this.emit('message', accepted)
    })
    ws.on('close', () => this.emit('close'))
    ws.on('pong', () => this.emit('pong'))
  }

  get readyState(): number {
    return this.ws.readyState
  }

  send(data: Uint8Array, options: object, callback?: (err?: Error) => void): void {
    this.ws.send(data, options, callback)
  }

  ping(): void {
    this.ws.ping()
  }

  close(code?: number, reason?: string): void {
    this.ws.close(code, reason)
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
