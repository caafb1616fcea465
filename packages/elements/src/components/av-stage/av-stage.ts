import { HlAvStage } from './av-stage.component.ts'

export { HlAvStage }
HlAvStage.define('hl-av-stage')

declare global {
  interface HTMLElementTagNameMap {
    'hl-av-stage': HlAvStage
  }
}
