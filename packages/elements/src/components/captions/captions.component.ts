import { html, nothing } from 'lit'
import { msg, str, updateWhenLocaleChanges } from '@lit/localize'
import { can } from '@hilink/protocol'
import { CaptionsModel } from '@hilink/core'
import type { MicrophoneStream } from '@hilink/core/microphone'
import { HlElement } from '../../internal/hl-element.ts'
import { RoomModelController } from '../../internal/room-model-controller.ts'
import { tokens } from '../../themes/tokens.styles.ts'
import { controls } from '../../themes/controls.styles.ts'
import { captionsStyles } from './captions.styles.ts'

/**
 * @tagname hl-captions
 * @summary Live captions of the session, and the switch that sends one's microphone for transcription.
 *
 * Announces when the session is transcribed. Captions are text from the server, rendered as text (never
 * as HTML).
 *
 * @csspart base - The wrapper.
 * @csspart notice - The transcription notice.
 * @csspart captions - The live region holding the captions.
 * @csspart caption - One caption line.
 * @csspart microphone - The button that starts and stops sending the microphone.
 */
export class HlCaptions extends HlElement {
  static override styles = [tokens, controls, captionsStyles]
  static override properties = { lines: { type: Number } }

  /** How many final captions stay on screen. */
  declare lines: number

  // A new room ends the microphone stream of the old one.
  private readonly captions = new RoomModelController(this, (room) => new CaptionsModel(room.doc), () => this.stopMicrophone())
  private microphone: MicrophoneStream | undefined
  private microphoneProblem: string | undefined

  constructor() {
    super()
    this.lines = 3
    updateWhenLocaleChanges(this)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.stopMicrophone()
  }

  override render() {
    const model = this.captions.model
    if (!model) return nothing
    const state = model.transcription
    return html`<section part="base" aria-label=${msg('Captions')}>
      ${state === 'on'
        ? html`<p part="notice" class="notice">${msg('This session is transcribed to produce captions and a lesson summary.')}</p>`
        : state === 'off'
          ? html`<p part="notice" class="notice">${msg('Transcription is off for this session.')}</p>`
          : nothing}
      <div part="captions" class="captions" role="log" aria-live="polite" aria-label=${msg('Live captions')}>
        ${state === 'on' && model.recent(1).length === 0 && model.speaking.length === 0
          ? html`<p class="waiting">${msg('Captions appear here when someone speaks.')}</p>`
          : nothing}
        ${model.recent(this.lines).map(
          (c) => html`<p part="caption" class="caption"><span class="speaker">${c.speakerName}:</span> ${c.text}</p>`,
        )}
        ${model.speaking.map(
          (c) => html`<p part="caption" class="caption partial"><span class="speaker">${c.speakerName}:</span> ${c.text}</p>`,
        )}
      </div>
      ${this.renderMicrophone(model)}
    </section>`
  }

  private renderMicrophone(model: CaptionsModel) {
    const session = this.captions.room
    if (!session || model.transcription !== 'on' || !model.lessonLive) return nothing
    const role = session.identity.role
    const allowed = can(role, 'audio.sendAlways') || (can(role, 'audio.send') && model.learnersTranscribed)
    if (!allowed) return nothing
    const on = this.microphone !== undefined
    return html`<div class="controls">
      <button part="microphone" type="button" aria-pressed=${on ? 'true' : 'false'} @click=${this.toggleMicrophone}>
        ${on ? msg('Stop captioning my microphone') : msg('Caption my microphone')}
      </button>
      ${this.microphoneProblem ? html`<span class="problem" role="alert">${this.microphoneProblem}</span>` : nothing}
    </div>`
  }

  private readonly toggleMicrophone = async () => {
    if (this.microphone) return this.stopMicrophone()
    const session = this.captions.room
    if (!session) return
    // Loaded on the first click (most participants never caption their microphone). The room's one microphone:
    // when the AV stage already publishes it, captions reuse that track.
    const { MicrophoneStream, SharedMicrophone } = await import('@hilink/core/microphone')
    if (this.microphone) return
    const mic = new MicrophoneStream(session.audioUrl, SharedMicrophone.for(session.doc))
    this.microphone = mic
    this.microphoneProblem = undefined
    mic.onClose = (code, reason) => {
      if (this.microphone !== mic) return
      this.microphone = undefined
      if (code !== 1000 && code !== 1005) this.microphoneProblem = msg(str`Captioning stopped: ${reason || code}`)
      this.requestUpdate()
    }
    this.requestUpdate()
    try {
      await mic.start()
    } catch (err) {
      if (this.microphone === mic) this.microphone = undefined
      this.microphoneProblem = msg(str`The microphone could not be used: ${(err as Error).message}`)
      this.requestUpdate()
    }
  }

  private stopMicrophone(): void {
    const mic = this.microphone
    this.microphone = undefined
    mic?.stop()
    this.requestUpdate()
  }
}
