/**
 * The HiLink SDK: importing this module defines every element.
 * `<script type="module" src="https://your-hilink-server/sdk/hilink.js"></script>`
 */
export { HlClassroom } from './components/classroom/classroom.ts'
export { HlRoster } from './components/roster/roster.ts'
export { HlCaptions } from './components/captions/captions.ts'
export { HlSummaryReview } from './components/summary-review/summary-review.ts'
export { HlPoll } from './components/poll/poll.ts'
export { HlEngagementPanel } from './components/engagement-panel/engagement-panel.ts'
export { HlHandRaise } from './components/hand-raise/hand-raise.ts'
export { HlChat } from './components/chat/chat.ts'
export { HlAvStage } from './components/av-stage/av-stage.ts'
export { HlWhiteboard } from './components/whiteboard/whiteboard.ts'
export { HlInsights } from './components/insights/insights.ts'
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
