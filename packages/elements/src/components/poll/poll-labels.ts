import { msg } from '@lit/localize'
import type { PollKind } from '@hilink/protocol'

/** The name of a poll's kind, as the launch form offers it and a poll's card states it. */
export function kindLabel(kind: PollKind): string {
  switch (kind) {
    case 'check':
      return msg('Comprehension check')
    case 'multiple':
      return msg('Multiple choice')
    case 'truefalse':
      return msg('True or false')
    case 'text':
      return msg('Short text')
    case 'rating':
      return msg('Rating')
    default:
      return msg('Poll')
  }
}
