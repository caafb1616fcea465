import { HlInsights } from './insights.component.ts'

export { HlInsights }
HlInsights.define('hl-insights')

declare global {
  interface HTMLElementTagNameMap {
    'hl-insights': HlInsights
  }
}
