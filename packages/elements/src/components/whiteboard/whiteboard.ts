import { HlWhiteboard } from './whiteboard.component.ts'

export { HlWhiteboard }
HlWhiteboard.define('hl-whiteboard')

declare global {
  interface HTMLElementTagNameMap {
    'hl-whiteboard': HlWhiteboard
  }
}
