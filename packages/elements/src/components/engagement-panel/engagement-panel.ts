import { HlEngagementPanel } from './engagement-panel.component.ts'

export { HlEngagementPanel }
HlEngagementPanel.define('hl-engagement-panel')

declare global {
  interface HTMLElementTagNameMap {
    'hl-engagement-panel': HlEngagementPanel
  }
}
