import { HlPollLauncher } from './poll-launcher.component.ts'

export { HlPollLauncher }
HlPollLauncher.define('hl-poll-launcher')

declare global {
  interface HTMLElementTagNameMap {
    'hl-poll-launcher': HlPollLauncher
  }
}
