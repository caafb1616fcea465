import { HlHandRaise } from './hand-raise.component.ts'

export { HlHandRaise }
HlHandRaise.define('hl-hand-raise')

declare global {
  interface HTMLElementTagNameMap {
    'hl-hand-raise': HlHandRaise
  }
}
