import { audioFormat } from '@hilink/protocol'

/**
 * Sends this participant's microphone to the server for transcription: an AudioWorklet in a 16 kHz
 * AudioContext (the browser resamples) hands over float frames, which leave as PCM16 messages of ~200 ms
 * on `WS /audio/:sessionId`. The server decides whether it transcribes them (role, session settings).
 */
export class MicrophoneStream {
  private context: AudioContext | undefined
  private media: MediaStream | undefined
  private socket: WebSocket | undefined
  private pending: Int16Array[] = []
  private pendingSamples = 0
  onClose: ((code: number, reason: string) => void) | undefined

  constructor(private readonly url: string) {}

  async start(): Promise<void> {
    this.media = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true },
    })
    this.socket = new WebSocket(this.url)
    this.socket.binaryType = 'arraybuffer'
    this.socket.addEventListener('close', (e) => {
      this.stopAudio()
      this.onClose?.(e.code, e.reason)
    })
    await new Promise<void>((resolve, reject) => {
      this.socket!.addEventListener('open', () => resolve(), { once: true })
      this.socket!.addEventListener('close', (e) => reject(new Error(e.reason || 'refused')), { once: true })
    })
    this.context = new AudioContext({ sampleRate: audioFormat.sampleRate })
    const moduleUrl = URL.createObjectURL(new Blob([workletSource], { type: 'text/javascript' }))
    await this.context.audioWorklet.addModule(moduleUrl)
    URL.revokeObjectURL(moduleUrl)
    const source = this.context.createMediaStreamSource(this.media)
    const node = new AudioWorkletNode(this.context, 'hl-pcm-tap')
    node.port.onmessage = (e: MessageEvent<Float32Array>) => this.onFrames(e.data)
    source.connect(node)
  }

  stop(): void {
    this.socket?.close(1000, 'stopped')
    this.stopAudio()
  }

  get active(): boolean {
    return this.socket?.readyState === WebSocket.OPEN
  }

  private onFrames(frames: Float32Array): void {
    const pcm = new Int16Array(frames.length)
    for (let i = 0; i < frames.length; i++) pcm[i] = Math.max(-1, Math.min(1, frames[i] as number)) * 0x7fff
    this.pending.push(pcm)
    this.pendingSamples += pcm.length
    if (this.pendingSamples < audioFormat.sampleRate / 5) return
    const message = new Int16Array(this.pendingSamples)
    let at = 0
    for (const p of this.pending) {
      message.set(p, at)
      at += p.length
    }
    this.pending = []
    this.pendingSamples = 0
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(message.buffer)
  }

  private stopAudio(): void {
    this.media?.getTracks().forEach((t) => t.stop())
    void this.context?.close()
    this.media = undefined
    this.context = undefined
  }
}

/** The worklet only copies each 128-sample render quantum out of the audio thread. */
const workletSource = `
class HlPcmTap extends AudioWorkletProcessor {
  process(inputs) {
    const channel = inputs[0] && inputs[0][0]
    if (channel) this.port.postMessage(channel.slice(0))
    return true
  }
}
registerProcessor('hl-pcm-tap', HlPcmTap)
`
