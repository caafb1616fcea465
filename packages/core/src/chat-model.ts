import type * as Y from 'yjs'
import { parseResponse } from 'hono/client'
import { can, maxChatChars, rootNames, type ChatMessage } from '@hilink/protocol'
import { entries, isChatMessage } from './readers.ts'
import type { SessionApi } from './api-client.ts'
import { CommandModel } from './command-model.ts'
import { SessionModel } from './session-model.ts'

/**
 * The session's chat from the document's server-authored `chat` array, oldest first. Sending and deleting are
 * commands to the server, which sets author, role and time from the token and checks who may delete. The draft
 * lives here so an element re-created (e.g. after a layout change) keeps what was being typed.
 */
export class ChatModel extends CommandModel {
  /** The message being written. */
  draft = ''
  private readonly array: Y.Array<unknown>
  private readonly lesson: SessionModel

  constructor(
    doc: Y.Doc,
    private readonly server?: SessionApi,
  ) {
    super()
    this.array = doc.getArray(rootNames.chat)
    this.lesson = new SessionModel(doc)
  }

  /** The chat takes messages only while the lesson is live (the server checks again). */
  get open(): boolean {
    return this.lesson.state === 'live'
  }

  /** Messages, oldest first; entries that do not parse are skipped. Text is plain text: render it as text. */
  get messages(): ChatMessage[] {
    return entries(this.array.toArray(), isChatMessage)
  }

  /** Whether this participant may write (observers only read). */
  get canPost(): boolean {
    return this.server ? can(this.server.identity.role, 'chat.post') : false
  }

  /** Whether this participant may delete messages (instructors and TAs). */
  get canDelete(): boolean {
    return this.server ? can(this.server.identity.role, 'chat.delete') : false
  }

  /** The draft's length in characters, and whether it is within the limit. */
  get draftLength(): number {
    return [...this.draft].length
  }

  get draftTooLong(): boolean {
    return this.draftLength > maxChatChars
  }

  isMine(message: ChatMessage): boolean {
    return message.authorId === this.server?.identity.sub
  }

  override subscribe(listener: () => void): () => void {
    const off = super.subscribe(listener)
    const offLesson = this.lesson.subscribe(listener)
    this.array.observe(listener)
    return () => {
      off()
      offLesson()
      this.array.unobserve(listener)
    }
  }

  setDraft(text: string): void {
    this.draft = text
    if (this.problem) this.problem = undefined
    this.notify()
  }

  /** Sends the draft; on success the draft is cleared (unless the person typed on meanwhile). */
  async send(): Promise<boolean> {
    const server = this.requireServer()
    const text = this.draft.trim()
    if (!text || this.draftTooLong || !this.canPost) return false
    const sent = this.draft
    const ok = await this.run(() => parseResponse(server.client.sessions[':id'].chat.$post({ param: { id: server.sessionId }, json: { text } })))
    if (ok && this.draft === sent) {
      this.draft = ''
      this.notify()
    }
    return ok
  }

  /** Removes a message for everyone (instructors and TAs). */
  delete(messageId: string): Promise<boolean> {
    const server = this.requireServer()
    return this.run(() => parseResponse(server.client.sessions[':id'].chat[':messageId'].$delete({ param: { id: server.sessionId, messageId: encodeURIComponent(messageId) } })))
  }

  private requireServer(): SessionApi {
    if (!this.server) throw new Error('ChatModel needs the session API for commands.')
    return this.server
  }
}
