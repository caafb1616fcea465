import { HlChat } from './chat.component.ts'

export { HlChat }
HlChat.define('hl-chat')

declare global {
  interface HTMLElementTagNameMap {
    'hl-chat': HlChat
  }
}
