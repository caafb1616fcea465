import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { maxAudioMessageBytes, syncCloseCodes, type ParticipantClaims } from '@hilink/protocol'
import { authenticateSocket } from '../auth/socket-auth.ts'
import type { TokenService } from '../auth/tokens.ts'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import { Segmenter, pcm16ToFloat } from '../ai/segmenter.ts'
import type { TranscriptionService } from './transcription-service.ts'

const audioPath = /^\/audio\/([0-9a-fA-F-]{36})$/
const closeCodeFor = { forbidden: syncCloseCodes.forbidden, conflict: syncCloseCodes.conflict, unavailable: syncCloseCodes.unavailable }

/**
 * `WS /audio/:sessionId?token=…`: one participant's microphone as binary 16 kHz mono PCM16 messages.
 * The audio is cut into utterances on the server and transcribed; nothing of it is stored but the text.
 */
export class AudioServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: maxAudioMessageBytes })

  constructor(
    private readonly tokens: TokenService,
    private readonly sessions: SessionsRepo,
    private readonly transcription: TranscriptionService,
  ) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const match = audioPath.exec(url.pathname)
    if (!match) return false
    const sessionId = (match[1] as string).toLowerCase()
    void authenticateSocket(this.tokens, this.sessions, sessionId, url.searchParams.get('token')).then(
      (auth) =>
        this.wss.handleUpgrade(req, socket, head, (ws) => {
          ws.on('error', () => {}) // protocol errors close the socket; 'close' does the cleanup
          if ('refuse' in auth) return ws.close(auth.refuse.code, auth.refuse.reason)
          const refusal = this.transcription.refusal(auth.claims)
          if (refusal) return ws.close(closeCodeFor[refusal.code], refusal.reason)
          this.stream(ws, auth.claims)
        }),
      () => socket.destroy(),
    )
    return true
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate()
    this.wss.close(() => {}) // may run twice on shutdown; the second is a no-op
  }

  private stream(ws: WebSocket, claims: ParticipantClaims): void {
    const segmenter = new Segmenter()
    // Segment times count audio samples from this offset, so they do not depend on how fast audio arrives.
    const startedAt = this.sessions.get(claims.tenant, claims.session)?.startedAt
    const offsetMs = startedAt ? Math.max(0, Date.now() - Date.parse(startedAt)) : 0
    const handle = (events: ReturnType<Segmenter['push']>) => {
      for (const e of events) {
        if (e.kind === 'partial') void this.transcription.partial(claims, offsetMs + e.startMs, e.samples)
        else void this.transcription.final(claims, offsetMs + e.startMs, offsetMs + e.endMs, e.samples)
      }
    }
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
      if (!isBinary || bytes.byteLength % 2 !== 0) {
        return ws.close(syncCloseCodes.badMessage, 'send binary 16 kHz mono PCM16 (an even number of bytes)')
      }
      const refusal = this.transcription.refusal(claims)
      if (refusal) return ws.close(closeCodeFor[refusal.code], refusal.reason)
      handle(segmenter.push(pcm16ToFloat(bytes)))
    })
    this.transcription.started(claims)
    ws.on('close', () => {
      handle(segmenter.flush())
      this.transcription.stopped(claims)
    })
  }
}
