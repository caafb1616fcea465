import { HlCaptions } from './captions.component.ts'

export { HlCaptions }
HlCaptions.define('hl-captions')

declare global {
  interface HTMLElementTagNameMap {
    'hl-captions': HlCaptions
  }
}
