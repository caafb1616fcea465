/**
 * The HiLink SDK: importing this module defines every element.
 * `<script type="module" src="https://your-hilink-server/sdk/hilink.js"></script>`
 *
 * The classroom, roster, hands, chat, polls and captions are defined at once; the AV stage, whiteboard, summary
 * review, engagement panel and insights are defined from their own chunks when a page or the classroom uses them
 * (internal/lazy-elements.ts). Their classes are exported as types here; bundlers import them (and define them)
 * from `@hilink/elements/define/<name>`.
 */
import { autoload } from './internal/lazy-elements.ts'
export { HlClassroom } from './components/classroom/classroom.ts'
export { HlRoster } from './components/roster/roster.ts'
export { HlCaptions } from './components/captions/captions.ts'
export type { HlSummaryReview } from './components/summary-review/summary-review.component.ts'
export { HlPoll } from './components/poll/poll.ts'
export type { HlEngagementPanel } from './components/engagement-panel/engagement-panel.component.ts'
export { HlHandRaise } from './components/hand-raise/hand-raise.ts'
export { HlChat } from './components/chat/chat.ts'
export type { HlAvStage } from './components/av-stage/av-stage.component.ts'
export type { HlWhiteboard } from './components/whiteboard/whiteboard.component.ts'
export type { HlInsights } from './components/insights/insights.component.ts'
export { loadElement, type LazyTag } from './internal/lazy-elements.ts'
export { HlElement } from './internal/hl-element.ts'
export { setLocale, getLocale } from './localization/localization.ts'
export { RoomSession, PresenceModel, PollsModel, HandsModel, roomContext, type ConnectionStatus } from '@hilink/core'
export type { HlStatusChangeEvent, HlStatusChangeDetail } from './events/hl-status-change.ts'
export type { HlPollLaunchedEvent, HlPollLaunchedDetail } from './events/hl-poll-launched.ts'
export type { HlPollAnsweredEvent, HlPollAnsweredDetail } from './events/hl-poll-answered.ts'
export { ChatModel, LifecycleModel, CommandModel } from '@hilink/core'
export type { HlRequestLeaveEvent, HlRequestLeaveDetail } from './events/hl-request-leave.ts'
export type { HlRequestRaiseHandEvent, HlRequestRaiseHandDetail } from './events/hl-request-raise-hand.ts'
export type { HlRequestStartEvent, HlRequestStartDetail } from './events/hl-request-start.ts'
export type { HlRequestEndEvent, HlRequestEndDetail } from './events/hl-request-end.ts'
export type { HlJoinedEvent, HlJoinedDetail } from './events/hl-joined.ts'
export type { HlLeftEvent, HlLeftDetail } from './events/hl-left.ts'
export type { EmbedConfig } from './embed/embed-page.ts'
export type { EmbedBridge } from './embed/bridge.ts'

/**
 * Boots `GET /embed/:sessionId`'s page (its inline script calls this): the token, the classroom and the
 * postMessage bridge. Loaded on demand, so pages that only use the elements never download the bridge.
 */
export async function startEmbed(
  classroom: import('./components/classroom/classroom.component.ts').HlClassroom,
  config: import('./embed/embed-page.ts').EmbedConfig,
): Promise<import('./embed/bridge.ts').EmbedBridge | undefined> {
  const { startEmbed: start } = await import('./embed/embed-page.ts')
  return start(classroom, config)
}

if (typeof document !== 'undefined') autoload(document)
