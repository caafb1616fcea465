import { html, nothing, type PropertyValues } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import { msg, str, updateWhenLocaleChanges } from '@lit/localize'
import { AvModel, reportSpeaking, type AvParticipant, type AvProblem, type AvTrackRef, type RoomSession } from '@hilink/core'
import { HlElement } from '../../internal/hl-element.ts'
import { RoomModelController } from '../../internal/room-model-controller.ts'
import { tokens } from '../../themes/tokens.styles.ts'
import { controls } from '../../themes/controls.styles.ts'
import { avStageStyles } from './av-stage.styles.ts'

/**
 * @tagname hl-av-stage
 * @summary Audio and video of the lesson: the instructor (or a shared screen) in the spotlight, everyone else
 * in a grid, with camera, microphone and screen-share toggles, device pickers and a speaking indicator.
 *
 * Joins the session's LiveKit room while the lesson is live (livekit-client is loaded only then) and leaves it
 * when the lesson ends. Learners publish only while the instructor allows it; observers watch and listen,
 * unseen. When the camera or microphone cannot be used, or the video server cannot be reached, it says so
 * politely and the rest of the classroom keeps working. The microphone is the one captions use.
 *
 * @csspart base - The wrapper.
 * @csspart message - The status or problem message.
 * @csspart stage - The spotlight and the grid.
 * @csspart spotlight - The large tile.
 * @csspart grid - The other tiles.
 * @csspart tile - One participant's tile.
 * @csspart controls - The toolbar.
 * @csspart camera - The camera toggle.
 * @csspart microphone - The microphone toggle.
 * @csspart screen - The screen-share toggle.
 * @csspart learners - The instructor's switch for learners' cameras and microphones.
 */
export class HlAvStage extends HlElement {
  static override styles = [tokens, controls, avStageStyles]

  private readonly av = new RoomModelController(this, (room) => this.build(room), () => this.retire())
  private current: AvModel | undefined
  /** The report of this participant's speaking (engagement panel), per model. */
  private speakingReport: { model: AvModel; stop: () => void } | undefined
  /** Which track each media element shows. */
  private readonly attached = new Map<HTMLMediaElement, AvTrackRef>()

  constructor() {
    super()
    updateWhenLocaleChanges(this)
  }

  /** The model (tests and hosts read the LiveKit room through it). */
  get model(): AvModel | undefined {
    return this.av.model
  }

  /** Off the page: leave the AV room (connected again, the stage joins again while the lesson is live). */
  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.detachAll()
    void this.current?.leave()
  }

  /** The model of a room; a participant who sends signals also reports their speaking (the server sums it). */
  private build(room: RoomSession): AvModel {
    this.speakingReport?.stop()
    const model = new AvModel(room.doc, room)
    this.speakingReport = room.signals.started ? { model, stop: reportSpeaking(model, room.signals) } : undefined
    return model
  }

  /** A new room: the old one's AV room is left for good. */
  private retire(): void {
    // Called after the new room's model is built (or with none): only an old model's report ends here.
    if (this.speakingReport && this.speakingReport.model !== this.av.model) {
      this.speakingReport.stop()
      this.speakingReport = undefined
    }
    this.detachAll()
    this.current?.destroy()
    this.current = undefined
  }

  private detachAll(): void {
    for (const [el, ref] of this.attached) ref.detach(el)
    this.attached.clear()
  }

  protected override willUpdate(_changed: PropertyValues): void {
    const model = this.av.model
    if (model !== this.current) {
      this.current?.destroy()
      this.current = model
    }
  }

  protected override updated(): void {
    const model = this.av.model
    // The lesson's state comes from the server through the document: live means join (receive only at first).
    if (model && model.lessonLive && model.status === 'idle' && this.isConnected) queueMicrotask(() => {
        if (this.isConnected && model === this.av.model) void model.join()
      })
    this.attachMedia()
  }

  override render() {
    const model = this.av.model
    if (!model) return nothing
    const people = model.participants
    const spotlight = model.spotlight
    const others = people.filter((p) => p.identity !== spotlight?.identity)
    const joined = model.status === 'connected' || model.status === 'reconnecting'
    return html`<section part="base" class="base" aria-label=${msg('Audio and video')}>
      ${this.renderMessage(model)}
      ${joined
        ? html`<div part="stage" class="stage ${spotlight ? '' : 'empty'}">
              ${spotlight ? this.renderTile(spotlight, true) : html`<p class="placeholder">${msg('Nobody has a camera on yet.')}</p>`}
              ${others.length
                ? html`<ul part="grid" class="grid" aria-label=${msg('Participants’ video')}>
                    ${repeat(others, (p) => p.identity, (p) => html`<li>${this.renderTile(p, false)}</li>`)}
                  </ul>`
                : nothing}
            </div>
            ${this.renderControls(model)}
            <div class="audio" aria-hidden="true">
              ${repeat(
                people.filter((p) => p.audio),
                (p) => p.identity,
                (p) => html`<audio autoplay data-identity=${p.identity} .trackRef=${p.audio}></audio>`,
              )}
            </div>`
        : nothing}
    </section>`
  }

  private renderMessage(model: AvModel) {
    const polite = (text: string, action?: ReturnType<typeof html>) =>
      html`<p part="message" class="message" role="status">${text} ${action ?? nothing}</p>`
    switch (model.status) {
      case 'idle':
        return model.lessonEnded
          ? polite(msg('The lesson has ended; audio and video are closed.'))
          : model.lessonLive
            ? nothing
            : polite(msg('Audio and video start when the lesson goes live.'))
      case 'connecting':
        return polite(msg('Joining audio and video…'))
      case 'reconnecting':
        return polite(msg('Reconnecting audio and video…'))
      case 'unavailable':
        return polite(msg('Audio and video are not available in this classroom.'))
      case 'ended':
        return polite(msg('The lesson has ended; audio and video are closed.'))
      case 'unreachable':
        return polite(
          msg('The video server could not be reached. Everything else in the classroom still works.'),
          html`<button type="button" @click=${() => void model.join()}>${msg('Try again')}</button>`,
        )
      case 'connected': {
        const problem = model.problem ? problemText(model.problem) : undefined
        const notAllowed = model.role === 'learner' && !model.canPublish
        return html`${problem ? html`<p part="message" class="message problem" role="alert">${problem}</p>` : nothing}
        ${notAllowed && !problem
          ? polite(msg('You can watch and listen. Your camera and microphone can be used once the instructor allows it.'))
          : nothing}
        ${model.audioBlocked
          ? html`<p part="message" class="message">
              <button type="button" class="primary" @click=${() => void model.startAudio()}>${msg('Play the class audio')}</button>
            </p>`
          : nothing}`
      }
    }
  }

  private renderTile(p: AvParticipant, large: boolean) {
    const video = p.screen ?? p.camera
    const name = p.local ? msg(str`${p.name} (you)`) : p.name
    return html`<figure
      part=${large ? 'spotlight tile' : 'tile'}
      class="tile ${large ? 'spotlight' : ''} ${p.speaking ? 'speaking' : ''}"
      data-identity=${p.identity}
      aria-label=${name}
    >
      ${video
        ? html`<video autoplay playsinline muted data-identity=${p.identity} .trackRef=${video} aria-hidden="true"></video>`
        : html`<span class="avatar" aria-hidden="true">${initials(p.name)}</span>`}
      <figcaption>
        <span class="name">${name}</span>
        ${p.screen ? html`<span class="badge">${msg('Screen')}</span>` : nothing}
        ${p.microphoneOn ? nothing : html`<span class="badge muted">${msg('Muted')}</span>`}
        ${p.speaking ? html`<span class="badge speaking-badge">${msg('Speaking')}</span>` : nothing}
      </figcaption>
    </figure>`
  }

  private renderControls(model: AvModel) {
    if (model.role === 'observer') return nothing
    const publish = model.canPublish
    const { audioinput, videoinput } = model.devices
    return html`<div part="controls" class="controls" role="group" aria-label=${msg('Camera and microphone')}>
      <button
        part="camera"
        type="button"
        aria-pressed=${model.cameraOn ? 'true' : 'false'}
        ?disabled=${model.busy || (!publish && !model.cameraOn)}
        @click=${() => void model.setCamera(!model.cameraOn)}
      >
        ${msg('Camera')}
      </button>
      <button
        part="microphone"
        type="button"
        aria-pressed=${model.microphoneOn ? 'true' : 'false'}
        ?disabled=${model.busy || (!publish && !model.microphoneOn)}
        @click=${() => void model.setMicrophone(!model.microphoneOn)}
      >
        ${msg('Microphone')}
      </button>
      ${model.canShareScreen || model.screenOn
        ? html`<button
            part="screen"
            type="button"
            aria-pressed=${model.screenOn ? 'true' : 'false'}
            ?disabled=${model.busy}
            @click=${() => void model.setScreenShare(!model.screenOn)}
          >
            ${msg('Share screen')}
          </button>`
        : nothing}
      ${publish && videoinput.length > 1
        ? html`<label
            >${msg('Camera device')}
            <select @change=${(e: Event) => void model.selectDevice('videoinput', (e.target as HTMLSelectElement).value)}>
              ${videoinput.map((d, i) => html`<option value=${d.deviceId} ?selected=${d.deviceId === model.cameraDevice}>${d.label || msg(str`Camera ${i + 1}`)}</option>`)}
            </select></label
          >`
        : nothing}
      ${publish && audioinput.length > 1
        ? html`<label
            >${msg('Microphone device')}
            <select @change=${(e: Event) => void model.selectDevice('audioinput', (e.target as HTMLSelectElement).value)}>
              ${audioinput.map((d, i) => html`<option value=${d.deviceId} ?selected=${d.deviceId === model.microphoneDevice}>${d.label || msg(str`Microphone ${i + 1}`)}</option>`)}
            </select></label
          >`
        : nothing}
      ${model.canAllowLearners
        ? html`<label class="switch"
            ><input
              part="learners"
              type="checkbox"
              .checked=${model.learnersPublish}
              ?disabled=${model.busy}
              @change=${(e: Event) => void model.setLearnersPublish((e.target as HTMLInputElement).checked)}
            />
            ${msg('Learners may use their camera and microphone')}</label
          >`
        : nothing}
    </div>`
  }

  /** Shows each track in its element; a track that changed is detached from the old one first. */
  private attachMedia(): void {
    // Elements Lit removed (someone left, a tile moved to the spotlight) let go of their track.
    for (const [el, ref] of this.attached) {
      if (el.isConnected) continue
      ref.detach(el)
      this.attached.delete(el)
    }
    const root = this.renderRoot
    for (const el of root.querySelectorAll<HTMLMediaElement & { trackRef?: AvTrackRef }>('video, audio')) {
      const want = el.trackRef
      const has = this.attached.get(el)
      if (has?.sid === want?.sid) continue
      if (has) has.detach(el)
      if (want) {
        want.attach(el)
        this.attached.set(el, want)
      } else this.attached.delete(el)
    }
  }
}

function problemText(problem: AvProblem): string {
  switch (problem) {
    case 'permission-denied':
      return msg('Your browser did not allow the camera or microphone. You can allow it in the site settings and try again.')
    case 'no-device':
      return msg('No camera or microphone was found. Connect one and try again.')
    case 'device-busy':
      return msg('The camera or microphone is busy in another application. Close it there and try again.')
    case 'not-allowed':
      return msg('The instructor has not allowed learners’ cameras and microphones yet.')
    case 'failed':
      return msg('That did not work. Please try again.')
  }
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('')
}
