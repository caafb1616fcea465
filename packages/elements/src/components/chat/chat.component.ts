import { html, nothing, type PropertyValues } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import { live } from 'lit/directives/live.js'
import { msg, str, updateWhenLocaleChanges } from '@lit/localize'
import { maxChatChars, type ChatMessage } from '@hilink/protocol'
import { ChatModel } from '@hilink/core'
import { HlElement } from '../../internal/hl-element.ts'
import { problemText } from '../../localization/problem-text.ts'
import { RoomModelController } from '../../internal/room-model-controller.ts'
import { tokens } from '../../themes/tokens.styles.ts'
import { controls } from '../../themes/controls.styles.ts'
import { roleLabel } from '../../localization/role-label.ts'
import { chatStyles } from './chat.styles.ts'

/**
 * @tagname hl-chat
 * @summary The lesson's chat: everyone reads it; instructors, TAs and learners write while the lesson is live;
 * instructors and TAs delete messages for everyone. Observers read only.
 *
 * Messages are plain text, always rendered as text (never as HTML). Enter sends, Shift+Enter starts a new line.
 * The message list is a polite live region (`role="log"`). Consumes the room from an enclosing `<hl-classroom>`.
 *
 * @csspart base - The wrapper.
 * @csspart messages - The list of messages.
 * @csspart message - One message.
 * @csspart author - A message's author.
 * @csspart text - A message's text.
 * @csspart delete - The button that deletes a message (instructors and TAs).
 * @csspart form - The message form.
 * @csspart input - The message field.
 * @csspart send - The send button.
 */
export class HlChat extends HlElement {
  static override styles = [tokens, controls, chatStyles]

  private readonly chat = new RoomModelController(this, (room) => new ChatModel(room.doc, room))
  private lastCount = 0

  constructor() {
    super()
    updateWhenLocaleChanges(this)
  }

  protected override updated(_changed: PropertyValues): void {
    // Follow new messages when the reader is at (or near) the bottom; never yank someone reading back.
    const list = this.renderRoot.querySelector<HTMLElement>('.messages')
    const count = this.chat.model?.messages.length ?? 0
    if (list && count > this.lastCount) {
      const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 120
      if (nearBottom || this.lastCount === 0) list.scrollTop = list.scrollHeight
    }
    this.lastCount = count
  }

  override render() {
    const model = this.chat.model
    if (!model) return nothing
    const messages = model.messages
    return html`<section part="base" class="base" aria-labelledby="chat-heading">
      <h2 id="chat-heading">${msg('Chat')}</h2>
      <div part="messages" class="messages" role="log" aria-labelledby="chat-heading" tabindex="0">
        ${messages.length === 0
          ? html`<p class="empty">${msg('No messages yet.')}</p>`
          : html`<ol class="list">
              ${repeat(
                messages,
                (m) => m.id,
                (m) => this.renderMessage(model, m),
              )}
            </ol>`}
      </div>
      ${model.canPost ? this.renderForm(model) : html`<p class="hint">${msg('Observers read the chat; they do not write in it.')}</p>`}
      <p class="problem" role="alert">${problemText(model.problem, model.problemCode)}</p>
    </section>`
  }

  private renderMessage(model: ChatModel, m: ChatMessage) {
    const staff = m.authorRole === 'instructor' || m.authorRole === 'ta'
    return html`<li part="message" class="message" data-role=${m.authorRole} ?data-mine=${model.isMine(m)}>
      <div class="meta">
        <span part="author" class="author">${m.authorName}</span>
        ${staff ? html`<span class="role">${roleLabel(m.authorRole)}</span>` : nothing}
        <time datetime=${m.sentAt}>${clock(m.sentAt)}</time>
        ${model.canDelete
          ? html`<button
              part="delete"
              class="delete"
              type="button"
              aria-label=${msg(str`Delete the message from ${m.authorName}`)}
              ?disabled=${model.busy}
              @click=${() => model.delete(m.id)}
            >
              ${msg('Delete')}
            </button>`
          : nothing}
      </div>
      <p part="text" class="text">${m.text}</p>
    </li>`
  }

  private renderForm(model: ChatModel) {
    const open = model.open
    const length = model.draftLength
    const near = length > maxChatChars - 200
    return html`<form part="form" class="form" @submit=${(e: Event) => this.onSubmit(e, model)}>
      <label for="chat-input" class="visually-hidden">${msg('Message')}</label>
      <textarea
        id="chat-input"
        part="input"
        rows="2"
        placeholder=${open ? msg('Write a message…') : msg('The chat opens when the lesson starts.')}
        aria-describedby="chat-count"
        aria-invalid=${model.draftTooLong ? 'true' : 'false'}
        ?disabled=${!open}
        .value=${live(model.draft)}
        @input=${(e: Event) => model.setDraft((e.target as HTMLTextAreaElement).value)}
        @keydown=${(e: KeyboardEvent) => this.onKeydown(e, model)}
      ></textarea>
      <div class="actions">
        <span id="chat-count" class="count" ?hidden=${!near} aria-live="polite"
          >${near ? msg(str`${length} of ${maxChatChars} characters`) : ''}</span
        >
        <button
          part="send"
          class="primary"
          type="submit"
          ?disabled=${!open || model.busy || model.draft.trim() === '' || model.draftTooLong}
        >
          ${msg('Send')}
        </button>
      </div>
    </form>`
  }

  private onKeydown(e: KeyboardEvent, model: ChatModel): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault()
      void model.send()
    }
  }

  private onSubmit(e: Event, model: ChatModel): void {
    e.preventDefault()
    void model.send()
  }
}

/** The time of day a message was sent, in the reader's locale. */
function clock(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
}
