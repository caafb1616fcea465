import { audioFormat } from '@hilink/protocol'

const shared = new WeakMap<object, SharedMicrophone>()

/**
 * One microphone per room: a single `getUserMedia` whose track serves every user at once (the AV stage publishes
 * it to LiveKit, captions send it for transcription). Each user acquires and releases it; the track stops when
 * the last one releases it. Switching device replaces the track for everyone.
 */
export class SharedMicrophone {
  private current: MediaStreamTrack | undefined
  private pending: Promise<MediaStreamTrack> | undefined
  private deviceId: string | undefined
  private readonly users = new Set<object>()
  private readonly listeners = new Set<(track: MediaStreamTrack | undefined) => void>()
  /** How many times this microphone called getUserMedia (one per device chosen). */
  acquisitions = 0

  /** The microphone of a room (keyed by its document or session object). */
  static for(key: object): SharedMicrophone {
    let mic = shared.get(key)
    if (!mic) shared.set(key, (mic = new SharedMicrophone()))
    return mic
  }

  get track(): MediaStreamTrack | undefined {
    return this.current?.readyState === 'live' ? this.current : undefined
  }

  /** The live microphone track, opening the microphone if nobody has it open yet. */
  async acquire(user: object, deviceId?: string): Promise<MediaStreamTrack> {
    if (deviceId && deviceId !== this.deviceId && this.track) {
      this.users.add(user)
      return this.switchDevice(deviceId)
    }
    const track = this.track ?? (await (this.pending ??= this.open(deviceId)))
    this.users.add(user)
    return track
  }

  release(user: object): void {
    if (!this.users.delete(user) || this.users.size > 0) return
    this.current?.stop()
    this.current = undefined
    this.emit()
  }

  /** Opens another microphone for everyone who uses this one. */
  async switchDevice(deviceId: string): Promise<MediaStreamTrack> {
    const old = this.current
    this.current = undefined
    const track = await (this.pending = this.open(deviceId))
    old?.stop()
    this.emit()
    return track
  }

  /** Calls `listener` with the new track when the device changes or the microphone closes. */
  onTrackChange(listener: (track: MediaStreamTrack | undefined) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private async open(deviceId: string | undefined): Promise<MediaStreamTrack> {
    try {
      this.acquisitions++
      const media = await navigator.mediaDevices.getUserMedia({
        audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) },
      })
      const track = media.getAudioTracks()[0]
      if (!track) throw new DOMException('No microphone track', 'NotFoundError')
      this.current = track
      this.deviceId = deviceId ?? track.getSettings().deviceId
      return track
    } finally {
      this.pending = undefined
    }
  }

  private emit(): void {
    for (const l of this.listeners) l(this.track)
  }
}

/**
 * Sends this participant's microphone to the server for transcription: an AudioWorklet in a 16 kHz
 * AudioContext (the browser resamples) hands over float frames, which leave as PCM16 messages of ~200 ms
 * on `WS /audio/:sessionId`. The server decides whether it transcribes them (role, session settings).
 */
export class MicrophoneStream {
  private context: AudioContext | undefined
  private source: MediaStreamAudioSourceNode | undefined
  private tap: AudioWorkletNode | undefined
  private stopFollowing: (() => void) | undefined
  private readonly microphone: SharedMicrophone
  private socket: WebSocket | undefined
  private pending: Int16Array[] = []
  private pendingSamples = 0
  onClose: ((code: number, reason: string) => void) | undefined

  /** `microphone`: the room's shared microphone (so the AV stage and captions open it once). */
  constructor(
    private readonly url: string,
    microphone?: SharedMicrophone,
  ) {
    this.microphone = microphone ?? new SharedMicrophone()
  }

  async start(): Promise<void> {
    const track = await this.microphone.acquire(this)
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
    this.tap = new AudioWorkletNode(this.context, 'hl-pcm-tap')
    this.tap.port.onmessage = (e: MessageEvent<Float32Array>) => this.onFrames(e.data)
    this.connectTrack(track)
    // Another device chosen on the AV stage: follow it; the microphone closed: stop.
    this.stopFollowing = this.microphone.onTrackChange((next) => (next ? this.connectTrack(next) : this.stop()))
  }

  private connectTrack(track: MediaStreamTrack): void {
    if (!this.context || !this.tap) return
    this.source?.disconnect()
    this.source = this.context.createMediaStreamSource(new MediaStream([track]))
    this.source.connect(this.tap)
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
    this.stopFollowing?.()
    this.stopFollowing = undefined
    this.source?.disconnect()
    void this.context?.close()
    this.source = undefined
    this.tap = undefined
    this.context = undefined
    this.microphone.release(this)
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
