import { z } from 'zod'
import { participantRoles } from './roles.ts'
import { maxChatChars } from './values.ts'
export { maxChatChars } from './values.ts'

/** How many messages the document keeps; older ones stay in the learning events. */
export const maxChatMessagesInDoc = 500

/** Control characters other than tab and newline never belong in a chat line. */
const controlChars = /[\u0000-\u0008\u000B-\u001F\u007F]/g

export const chatBody = z.strictObject({
  text: z
    .string()
    .transform((t) => t.replace(controlChars, '').trim())
    .pipe(
      z
        .string()
        .min(1, 'the message is empty')
        .refine((t) => [...t].length <= maxChatChars, `at most ${maxChatChars} characters`),
    ),
})
export type ChatBody = z.input<typeof chatBody>

/**
 * A chat message as the server-authored `chat` array of the document holds it, oldest first. Author and time
 * come from the token and the server's clock, never from the request. The text is plain text: render it as
 * text, never as HTML.
 */
export const chatMessage = z.object({
  id: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  authorRole: z.enum(participantRoles),
  text: z.string(),
  sentAt: z.string(),
})
export type ChatMessage = z.infer<typeof chatMessage>

export const chatParams = z.object({ id: z.uuid(), messageId: z.uuid() })
export const chatDeleted = z.object({ id: z.string(), deleted: z.boolean() })

/** The messages of a `chat` array's values; entries that do not parse are skipped. */
export function chatMessages(values: Iterable<unknown>): ChatMessage[] {
  const out: ChatMessage[] = []
  for (const v of values) {
    const parsed = chatMessage.safeParse(v)
    if (parsed.success) out.push(parsed.data)
  }
  return out
}
