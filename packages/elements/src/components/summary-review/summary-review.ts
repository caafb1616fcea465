import { HlSummaryReview } from './summary-review.component.ts'

export { HlSummaryReview }
HlSummaryReview.define('hl-summary-review')

declare global {
  interface HTMLElementTagNameMap {
    'hl-summary-review': HlSummaryReview
  }
}
