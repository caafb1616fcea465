import { randomUUID } from 'node:crypto'
import type * as Y from 'yjs'
import { chatMessages, maxChatMessagesInDoc, rootNames, type ChatMessage, type ParticipantRole, type Session } from '@hilink/protocol'
import type { EventsRepo } from '../db/events-repo.ts'
import type { SyncServer } from '../sync/sync-server.ts'
import { sessionActivity, statement } from '../events/statements.ts'

export interface ChatAuthor {
  id: string
  name: string
  role: ParticipantRole
}

/** xAPI's `commented` for a message; a project verb for a message taken down (the registry has none). */
export const chatVerbs = {
  commented: { id: 'http://adlnet.gov/expapi/verbs/commented', display: { 'en-US': 'commented' } },
  deletedMessage: { id: 'urn:hilink:xapi:verbs:deleted-message', display: { 'en-US': 'deleted a chat message in' } },
} as const

export type PostOutcome = { posted: ChatMessage } | { notLive: true }
export type DeleteOutcome = { deleted: true } | { notFound: true }

/**
 * The session's chat lives in the document's server-authored `chat` array, oldest first. Posting appends the
 * message and records `commented` in one transaction; deleting removes it for everyone and records who did.
 * Author, role and time come from the caller's token and the server's clock. HTTP-free: routes map outcomes.
 */
export class ChatService {
  constructor(
    private readonly events: EventsRepo,
    private readonly sync: SyncServer,
    private readonly transaction: <T>(work: () => T) => T,
  ) {}

  post(tenantId: string, session: Session, author: ChatAuthor, text: string): PostOutcome {
    if (session.state !== 'live') return { notLive: true }
    const message: ChatMessage = {
      id: randomUUID(),
      authorId: author.id,
      authorName: author.name,
      authorRole: author.role,
      text,
      sentAt: new Date().toISOString(),
    }
    this.transaction(() => {
      this.events.record(
        tenantId,
        session.id,
        statement({
          tenantId,
          sessionId: session.id,
          actor: author,
          verb: chatVerbs.commented,
          object: sessionActivity(session.id, session.title),
          result: { response: text },
          extensions: { 'urn:hilink:xapi:chat-message': message.id },
          timestamp: message.sentAt,
        }),
      )
      this.change(tenantId, session.id, (chat) => {
        chat.push([message])
        if (chat.length > maxChatMessagesInDoc) chat.delete(0, chat.length - maxChatMessagesInDoc)
      })
    })
    return { posted: message }
  }

  delete(tenantId: string, session: Session, by: ChatAuthor, messageId: string): DeleteOutcome {
    return this.transaction(() => {
      let found: ChatMessage | undefined
      this.change(tenantId, session.id, (chat) => {
        const index = chat.toArray().findIndex((v) => chatMessages([v])[0]?.id === messageId)
        if (index < 0) return
        found = chatMessages([chat.get(index)])[0]
        chat.delete(index, 1)
      })
      if (!found) return { notFound: true } as const
      this.events.record(
        tenantId,
        session.id,
        statement({
          tenantId,
          sessionId: session.id,
          actor: by,
          verb: chatVerbs.deletedMessage,
          object: sessionActivity(session.id, session.title),
          extensions: { 'urn:hilink:xapi:chat-message': messageId, 'urn:hilink:xapi:chat-author': found.authorId },
        }),
      )
      return { deleted: true } as const
    })
  }

  private change(tenantId: string, sessionId: string, work: (chat: Y.Array<unknown>) => void): void {
    this.sync.changeDoc(tenantId, sessionId, (doc) => work(doc.getArray(rootNames.chat)))
  }
}
