import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as authProtocol from 'y-protocols/auth'
import { waitFor } from './sync-client.ts'

/**
 * A hand-driven sync socket: sends exactly the bytes a test (or an attacker) chooses, and records what the
 * server answers. It uses y-protocols to encode, as any client would.
 */
const openSockets = new Set<RawSyncSocket>()
export function closeAllRawSockets(): void {
  for (const s of openSockets) s.close()
}

export class RawSyncSocket {
  readonly received: Uint8Array[] = []
  readonly denied: string[] = []
  closeCode: number | undefined
  private readonly ws: WebSocket

  /** `headers`: sent with the upgrade request (e.g. the X-Forwarded-For a reverse proxy adds). */
  constructor(serverUrl: string, sessionId: string, token: string, headers: Record<string, string> = {}) {
    this.ws = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}/sync/${sessionId}?token=${encodeURIComponent(token)}`, { headers })
    this.ws.binaryType = 'arraybuffer'
    openSockets.add(this)
    this.ws.on('message', (data: ArrayBuffer) => {
      const bytes = new Uint8Array(data)
      this.received.push(bytes)
      const decoder = decoding.createDecoder(bytes)
      if (decoding.readVarUint(decoder) === 2) {
        authProtocol.readAuthMessage(decoder, new Y.Doc(), (_doc, reason) => this.denied.push(reason))
      }
    })
    this.ws.on('close', (code) => {
      this.closeCode = code
    })
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.ws.readyState === WebSocket.OPEN) resolve()
      this.ws.once('open', () => resolve())
      this.ws.once('error', reject)
    })
  }

  async closed(timeoutMs = 3000): Promise<number> {
    await waitFor(() => this.closeCode !== undefined, timeoutMs, 'socket close')
    return this.closeCode as number
  }

  send(bytes: Uint8Array): void {
    this.ws.send(bytes)
  }

  sendUpdate(update: Uint8Array): void {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0)
    syncProtocol.writeUpdate(encoder, update)
    this.send(encoding.toUint8Array(encoder))
  }

  sendAwareness(awareness: awarenessProtocol.Awareness): void {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 1)
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]))
    this.send(encoding.toUint8Array(encoder))
  }

  /** Stops reading from the TCP socket, as a stalled client would: the server's unsent bytes pile up. */
  pauseReading(): void {
    ;(this.ws as unknown as { _socket: { pause(): void } })._socket.pause()
  }

  resumeReading(): void {
    ;(this.ws as unknown as { _socket: { resume(): void } })._socket.resume()
  }

  /** Applies every sync message received so far to `doc`: what this socket has learnt of the document. */
  applyReceived(doc: Y.Doc): void {
    for (const bytes of this.received) {
      const decoder = decoding.createDecoder(bytes)
      if (decoding.readVarUint(decoder) !== 0) continue
      syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'server')
    }
  }

  close(): void {
    openSockets.delete(this)
    this.ws.terminate()
  }
}
