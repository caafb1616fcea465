import type * as Y from 'yjs'
import type { LocalTrackPublication, Participant, RemoteParticipant, Room, Track, TrackPublication } from 'livekit-client'
import { parseResponse } from 'hono/client'
import { avSessionKeys, can, rootNames, sessionKeys, type AvToken, type ParticipantRole } from '@hilink/protocol'
import type { SessionApi } from './api-client.ts'
import { SharedMicrophone } from './microphone-stream.ts'

/**
 * - idle: not joined (yet)
 * - connecting / connected / reconnecting: the LiveKit room's connection
 * - unavailable: the server has no AV (404 av_not_configured), or the token was refused
 * - unreachable: the SFU could not be reached (the classroom keeps working)
 * - ended: the lesson ended; the room is closed
 */
export type AvStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'unavailable' | 'unreachable' | 'ended'

/** Why a camera, microphone or screen could not be used. */
export type AvProblem = 'permission-denied' | 'no-device' | 'device-busy' | 'not-allowed' | 'failed'

/** A track an element can show: `attach` an audio or video element, `detach` it again. */
export interface AvTrackRef {
  readonly sid: string
  attach(element: HTMLMediaElement): void
  detach(element: HTMLMediaElement): void
}

export interface AvParticipant {
  identity: string
  name: string
  role: ParticipantRole | undefined
  local: boolean
  speaking: boolean
  camera: AvTrackRef | undefined
  screen: AvTrackRef | undefined
  /** Remote microphones only: the local one is never played back. */
  audio: AvTrackRef | undefined
  microphoneOn: boolean
}

export interface AvDevices {
  audioinput: MediaDeviceInfo[]
  videoinput: MediaDeviceInfo[]
}

/** The livekit-client module, loaded lazily so that the SDK's main chunk does not carry it. */
type LivekitModule = typeof import('livekit-client')

let livekitModule: Promise<LivekitModule> | undefined
/** Loads livekit-client (a separate chunk) once. */
export function loadLivekit(): Promise<LivekitModule> {
  return (livekitModule ??= import('livekit-client'))
}

const roles = ['instructor', 'ta', 'learner', 'observer'] as const

/**
 * Audio and video of a session through LiveKit: who is in the room with which tracks, this participant's
 * camera, microphone and screen, the instructor's switch for learners, and why something does not work. The
 * element only renders this. The microphone is the room's `SharedMicrophone`, which captions use too.
 */
export class AvModel {
  status: AvStatus = 'idle'
  /** The last problem with a device or a command; cleared by the next attempt. */
  problem: AvProblem | undefined
  busy = false
  cameraOn = false
  microphoneOn = false
  screenOn = false
  devices: AvDevices = { audioinput: [], videoinput: [] }
  cameraDevice: string | undefined
  microphoneDevice: string | undefined
  /** The LiveKit room while joined (tests read WebRTC stats through it). */
  room: Room | undefined
  /** The AV token this participant joined with (its grants at that time). */
  token: AvToken | undefined
  private readonly session: Y.Map<unknown>
  private readonly listeners = new Set<() => void>()
  private readonly microphone: SharedMicrophone
  private microphoneTrack: MediaStreamTrack | undefined
  private stopFollowingMic: (() => void) | undefined
  private joinAttempt = 0

  constructor(
    doc: Y.Doc,
    private readonly server: SessionApi,
    microphone?: SharedMicrophone,
  ) {
    this.session = doc.getMap(rootNames.session)
    this.microphone = microphone ?? SharedMicrophone.for(doc)
    this.session.observe(this.onSession)
  }

  get role(): ParticipantRole {
    return this.server.identity.role
  }

  /** Whether the lesson is live (AV joins only then). */
  get lessonLive(): boolean {
    return this.session.get(sessionKeys.state) === 'live'
  }

  get lessonEnded(): boolean {
    return this.session.get(sessionKeys.state) === 'ended'
  }

  /** The instructor's switch: learners may use their camera and microphone. */
  get learnersPublish(): boolean {
    return this.session.get(avSessionKeys.learnersPublish) === true
  }

  /** Whether this participant may publish camera and microphone now (LiveKit's permission when joined). */
  get canPublish(): boolean {
    const live = this.room?.localParticipant.permissions
    if (live) return live.canPublish
    return can(this.role, 'av.publish') || (this.role === 'learner' && this.learnersPublish)
  }

  get canShareScreen(): boolean {
    return can(this.role, 'av.publishScreen') && this.canPublish
  }

  get canAllowLearners(): boolean {
    return can(this.role, 'av.allowLearners')
  }

  /** Everyone visible in the room (observers are hidden), this participant first unless an observer. */
  get participants(): AvParticipant[] {
    const room = this.room
    if (!room || this.status === 'ended') return []
    const all: Participant[] = [...(this.role === 'observer' ? [] : [room.localParticipant]), ...room.remoteParticipants.values()]
    return all.map((p) => this.describe(p, p === room.localParticipant))
  }

  /** The spotlight: a shared screen, else the instructor, else whoever speaks or the first with a camera. */
  get spotlight(): AvParticipant | undefined {
    const people = this.participants
    return (
      people.find((p) => p.screen) ??
      people.find((p) => p.role === 'instructor') ??
      people.find((p) => p.speaking && p.camera) ??
      people.find((p) => p.camera)
    )
  }

  /** The browser refused to play audio before a user gesture: `startAudio()` from a click. */
  get audioBlocked(): boolean {
    return !!this.room && this.status === 'connected' && !this.room.canPlaybackAudio
  }

  async startAudio(): Promise<void> {
    await this.room?.startAudio()
    this.notify()
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Joins the session's AV room: an AV token from HiLink, then LiveKit (livekit-client loaded now). Nothing is
   * published on joining; the camera and microphone wait for the participant.
   */
  async join(): Promise<void> {
    if (this.room || this.status === 'connecting' || this.lessonEnded) return
    const attempt = ++this.joinAttempt
    this.setStatus('connecting')
    let token: AvToken
    try {
      token = await parseResponse(this.server.client.sessions[':id']['av-token'].$post({ param: { id: this.server.sessionId } }))
    } catch (err) {
      if (attempt !== this.joinAttempt) return
      const status = (err as { status?: number }).status
      this.setStatus(status === 404 || status === 409 || status === 403 ? 'unavailable' : 'unreachable')
      return
    }
    const lk = await loadLivekit()
    if (attempt !== this.joinAttempt) return
    this.token = token
    const room = new lk.Room({
      adaptiveStream: true,
      dynacast: true,
      publishDefaults: { simulcast: true, videoSimulcastLayers: [lk.VideoPresets.h180, lk.VideoPresets.h360] },
      videoCaptureDefaults: { resolution: lk.VideoPresets.h720.resolution },
    })
    this.room = room
    this.listen(room, lk)
    try {
      await room.connect(token.url, token.token)
    } catch {
      if (this.room === room) {
        this.room = undefined
        this.setStatus('unreachable')
      }
      return
    }
    if (this.room !== room) return
    this.setStatus('connected')
    void this.refreshDevices()
  }

  /** Leaves the room and lets go of the camera, microphone and screen. */
  async leave(status: AvStatus = 'idle'): Promise<void> {
    this.joinAttempt++
    const room = this.room
    this.room = undefined
    this.releaseMicrophone()
    this.cameraOn = this.microphoneOn = this.screenOn = false
    this.setStatus(status)
    await room?.disconnect(true)
  }

  async setCamera(on: boolean): Promise<void> {
    const room = this.room
    if (!room) return
    await this.command(async () => {
      if (on && !this.canPublish) throw new AvError('not-allowed')
      await room.localParticipant.setCameraEnabled(on, this.cameraDevice ? { deviceId: this.cameraDevice } : undefined)
      this.cameraOn = on
    })
  }

  /** Publishes the room's shared microphone (the same track captions use), or stops publishing it. */
  async setMicrophone(on: boolean): Promise<void> {
    const room = this.room
    if (!room) return
    await this.command(async () => {
      if (!on) {
        this.releaseMicrophone()
        return
      }
      if (!this.canPublish) throw new AvError('not-allowed')
      const lk = await loadLivekit()
      const track = await this.microphone.acquire(this, this.microphoneDevice)
      this.microphoneTrack = track
      this.stopFollowingMic ??= this.microphone.onTrackChange((next) => void this.republishMicrophone(next))
      await room.localParticipant.publishTrack(track, { source: lk.Track.Source.Microphone, dtx: true, red: true })
      this.microphoneOn = true
    })
  }

  async setScreenShare(on: boolean): Promise<void> {
    const room = this.room
    if (!room) return
    await this.command(async () => {
      if (on && !this.canShareScreen) throw new AvError('not-allowed')
      await room.localParticipant.setScreenShareEnabled(on)
      this.screenOn = on
    })
  }

  async selectDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    await this.command(async () => {
      if (kind === 'videoinput') {
        this.cameraDevice = deviceId
        if (this.cameraOn) await this.room?.switchActiveDevice('videoinput', deviceId)
      } else {
        this.microphoneDevice = deviceId
        // Captions follow the new device through the shared microphone.
        if (this.microphoneOn) await this.microphone.switchDevice(deviceId)
      }
    })
  }

  /** The instructor allows or stops learners' cameras and microphones (the server enforces it in LiveKit). */
  async setLearnersPublish(publish: boolean): Promise<void> {
    await this.command(async () => {
      await parseResponse(this.server.client.sessions[':id'].av.learners.$put({ param: { id: this.server.sessionId }, json: { publish } }))
    })
  }

  async refreshDevices(): Promise<void> {
    const lk = await loadLivekit()
    try {
      const [audioinput, videoinput] = await Promise.all([lk.Room.getLocalDevices('audioinput', false), lk.Room.getLocalDevices('videoinput', false)])
      this.devices = { audioinput: audioinput.filter((d) => d.deviceId), videoinput: videoinput.filter((d) => d.deviceId) }
    } catch {
      this.devices = { audioinput: [], videoinput: [] }
    }
    this.notify()
  }

  destroy(): void {
    this.session.unobserve(this.onSession)
    void this.leave()
    this.listeners.clear()
  }

  private readonly onSession = () => {
    // The lesson ended: everyone leaves the AV room (the server closes it too).
    if (this.lessonEnded && this.status !== 'ended') void this.leave('ended')
    else this.notify()
  }

  private listen(room: Room, lk: LivekitModule): void {
    const E = lk.RoomEvent
    const changed = () => {
      if (this.room === room) this.notify()
    }
    for (const event of [
      E.ParticipantConnected,
      E.ParticipantDisconnected,
      E.TrackSubscribed,
      E.TrackUnsubscribed,
      E.TrackMuted,
      E.TrackUnmuted,
      E.ActiveSpeakersChanged,
      E.LocalTrackPublished,
      E.ParticipantAttributesChanged,
      E.TrackStreamStateChanged,
      E.AudioPlaybackStatusChanged,
    ] as const) {
      room.on(event, changed)
    }
    room.on(E.LocalTrackUnpublished, (publication: LocalTrackPublication) => {
      if (this.room !== room) return
      // The server stopped our publishing (the instructor's switch), or the browser ended a screen share.
      if (publication.source === lk.Track.Source.Camera) this.cameraOn = false
      if (publication.source === lk.Track.Source.ScreenShare) this.screenOn = false
      if (publication.source === lk.Track.Source.Microphone && this.microphoneOn) this.releaseMicrophone()
      this.notify()
    })
    room.on(E.ParticipantPermissionsChanged, () => {
      if (this.room !== room) return
      if (!room.localParticipant.permissions?.canPublish) {
        this.cameraOn = this.screenOn = false
        this.releaseMicrophone()
      }
      this.notify()
    })
    room.on(E.MediaDevicesChanged, () => void this.refreshDevices())
    room.on(E.Reconnecting, () => this.room === room && this.setStatus('reconnecting'))
    room.on(E.Reconnected, () => this.room === room && this.setStatus('connected'))
    room.on(E.Disconnected, (reason) => {
      if (this.room !== room) return
      this.room = undefined
      this.releaseMicrophone()
      this.cameraOn = this.microphoneOn = this.screenOn = false
      const ended = reason === lk.DisconnectReason.ROOM_DELETED || this.lessonEnded
      this.setStatus(ended ? 'ended' : reason === lk.DisconnectReason.CLIENT_INITIATED ? 'idle' : 'unreachable')
    })
  }

  private describe(p: Participant, local: boolean): AvParticipant {
    const camera = this.publication(p, 'camera')
    const screen = this.publication(p, 'screen_share')
    const mic = this.publication(p, 'microphone')
    const role = roles.find((r) => r === p.attributes?.role)
    return {
      identity: p.identity,
      name: p.name || p.identity,
      role,
      local,
      speaking: p.isSpeaking,
      camera: camera && !camera.isMuted ? trackRef(camera.track) : undefined,
      screen: screen && !screen.isMuted ? trackRef(screen.track) : undefined,
      audio: !local && mic && !mic.isMuted ? trackRef(mic.track) : undefined,
      microphoneOn: local ? this.microphoneOn : !!mic && !mic.isMuted,
    }
  }

  private publication(p: Participant, source: 'camera' | 'microphone' | 'screen_share'): TrackPublication | undefined {
    for (const pub of p.trackPublications.values()) if (pub.source === source && pub.track) return pub
    return undefined
  }

  private async republishMicrophone(next: MediaStreamTrack | undefined): Promise<void> {
    const room = this.room
    const old = this.microphoneTrack
    if (!room || !this.microphoneOn || next === old) return
    const lk = await loadLivekit()
    if (old) await room.localParticipant.unpublishTrack(old, false).catch(() => undefined)
    this.microphoneTrack = next
    if (next) await room.localParticipant.publishTrack(next, { source: lk.Track.Source.Microphone, dtx: true, red: true })
    else this.microphoneOn = false
    this.notify()
  }

  private releaseMicrophone(): void {
    const track = this.microphoneTrack
    this.stopFollowingMic?.()
    this.stopFollowingMic = undefined
    this.microphoneTrack = undefined
    this.microphoneOn = false
    if (track) void this.room?.localParticipant.unpublishTrack(track, false).catch(() => undefined)
    this.microphone.release(this)
  }

  private async command(work: () => Promise<void>): Promise<void> {
    this.busy = true
    this.problem = undefined
    this.notify()
    try {
      await work()
    } catch (err) {
      this.problem = problemOf(err)
    } finally {
      this.busy = false
      this.notify()
    }
  }

  private setStatus(status: AvStatus): void {
    this.status = status
    this.notify()
  }

  private notify(): void {
    for (const l of [...this.listeners]) l()
  }
}

class AvError extends Error {
  constructor(readonly problem: AvProblem) {
    super(problem)
  }
}

/** Sorts getUserMedia and LiveKit failures into what the participant can act on. */
export function problemOf(err: unknown): AvProblem {
  if (err instanceof AvError) return err.problem
  const name = (err as { name?: string } | undefined)?.name ?? ''
  const message = String((err as { message?: string } | undefined)?.message ?? '')
  if (name === 'NotAllowedError' || name === 'SecurityError' || /permission denied/i.test(message)) return 'permission-denied'
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || /requested device not found/i.test(message)) return 'no-device'
  if (name === 'NotReadableError' || name === 'AbortError') return 'device-busy'
  if (/insufficient permissions|not allowed to publish|permission/i.test(message)) return 'not-allowed'
  return 'failed'
}

function trackRef(track: Track | undefined): AvTrackRef | undefined {
  if (!track) return undefined
  return {
    sid: track.sid ?? track.mediaStreamTrack.id,
    attach: (el) => void track.attach(el),
    detach: (el) => void track.detach(el),
  }
}

/** Remote participants' identities, for tests and hosts. */
export function remoteIdentities(room: Room): string[] {
  return [...room.remoteParticipants.values()].map((p: RemoteParticipant) => p.identity)
}
