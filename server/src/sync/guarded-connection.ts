import { EventEmitter } from 'node:events'
import type { WebSocket, RawData } from 'ws'
import { syncCloseCodes } from '@hilink/protocol'

/**
 * Stands between a WebSocket and @y/websocket-server's `setupWSConnection`, which reads every message it is
 * given. The guard sees each incoming message first and passes on only what it accepts; everything else of
 * the socket (send, ping/pong, close) goes straight through. This keeps the protocol in the library and the
 * authorisation in one place.
 *
 * It also applies backpressure: a client that stops reading (paused tab, stalled network, a hostile peer)
 * would make the server buffer every later update for it. Once more than `maxBufferedBytes` wait unsent,
 * the connection is closed with `syncCloseCodes.tooSlow`; the client reconnects and resyncs from its state.
 */
export class GuardedConnection extends EventEmitter {
  binaryType = 'arraybuffer'

  constructor(
    private readonly ws: WebSocket,
    private readonly maxBufferedBytes: number,
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
    if (this.ws.bufferedAmount + data.byteLength > this.maxBufferedBytes) {
      this.ws.close(syncCloseCodes.tooSlow, 'not reading fast enough')
      callback?.(new Error('connection closed: not reading fast enough'))
      return
    }
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
