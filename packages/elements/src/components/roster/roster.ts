import { HlRoster } from './roster.component.ts'

export { HlRoster }
HlRoster.define('hl-roster')

declare global {
  interface HTMLElementTagNameMap {
    'hl-roster': HlRoster
  }
}
