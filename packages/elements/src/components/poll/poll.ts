import { HlPoll } from './poll.component.ts'

export { HlPoll }
HlPoll.define('hl-poll')

declare global {
  interface HTMLElementTagNameMap {
    'hl-poll': HlPoll
  }
}
