import type { EngagementLive, LearnerLive } from '@hilink/protocol'
import type { LiveChannel } from './live-channel.ts'
import { CommandModel } from './command-model.ts'

export const engagementSortKeys = ['name', 'score', 'lastInteraction', 'away'] as const
export type EngagementSortKey = (typeof engagementSortKeys)[number]

/**
 * The live engagement panel's data (instructors and TAs): what the server sends on the staff-only live channel
 * (`engagement` topic), sorted as the person chooses, with the "no interaction for N minutes" flag worked out
 * against the clock. Learners' and observers' channels stay silent, so for them this model stays empty.
 */
export class EngagementModel extends CommandModel {
  private figures: EngagementLive | undefined
  sortBy: EngagementSortKey = 'score'
  /** Ascending (for score: lowest first, who needs attention first). */
  ascending = true
  private stopLive: (() => void) | undefined

  constructor(private readonly live?: Pick<LiveChannel, 'subscribe'>) {
    super()
  }

  override subscribe(listener: () => void): () => void {
    const stop = super.subscribe(listener)
    this.stopLive ??= this.live?.subscribe('engagement', (message) => {
      this.figures = message
      this.notify()
    })
    return () => {
      stop()
    }
  }

  /** Whether the server has sent the figures (it does to staff as they join). */
  get ready(): boolean {
    return this.figures !== undefined
  }

  get weights(): EngagementLive['weights'] | undefined {
    return this.figures?.weights
  }

  get idleMinutes(): number {
    return this.figures?.idleMinutes ?? 5
  }

  /** Whether speaking time is measured (the server has audio/video). */
  get speakingMeasured(): boolean {
    return this.figures?.speaking === 'measured'
  }

  /** No interaction for `idleMinutes` (a learner who never interacted counts from `since`, e.g. the page load). */
  idle(learner: LearnerLive, now = Date.now(), since = now): boolean {
    const last = learner.lastInteractionAt ? Date.parse(learner.lastInteractionAt) : since
    return now - last >= this.idleMinutes * 60_000
  }

  sort(by: EngagementSortKey): void {
    this.ascending = this.sortBy === by ? !this.ascending : by !== 'away'
    this.sortBy = by
    this.notify()
  }

  learners(): LearnerLive[] {
    const rows = [...(this.figures?.learners ?? [])]
    const last = (l: LearnerLive) => (l.lastInteractionAt ? Date.parse(l.lastInteractionAt) : 0)
    const compare: Record<EngagementSortKey, (a: LearnerLive, b: LearnerLive) => number> = {
      name: (a, b) => a.name.localeCompare(b.name),
      score: (a, b) => a.score - b.score,
      lastInteraction: (a, b) => last(a) - last(b),
      away: (a, b) => Number(a.away || !a.present) - Number(b.away || !b.present),
    }
    const sign = this.ascending ? 1 : -1
    return rows.sort((a, b) => sign * compare[this.sortBy](a, b) || a.name.localeCompare(b.name))
  }

  destroy(): void {
    this.stopLive?.()
    this.stopLive = undefined
  }
}
