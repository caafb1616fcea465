import type { Db } from '../db/connection.ts'
import type { EventsRepo } from '../db/events-repo.ts'
import type { LtiLinksRepo } from '../db/lti-links-repo.ts'
import type { LtiPlatformsRepo } from '../db/lti-platforms-repo.ts'
import type { LtiScoresRepo } from '../db/lti-scores-repo.ts'
import { PollingWorker } from '../events/polling-worker.ts'
import { verbs, type XapiStatement } from '../events/statements.ts'
import { backoffMs } from '../webhooks/http-post.ts'
import { scopes, subOf } from './claims.ts'
import type { PlatformClient } from './platform-client.ts'

const consumer = 'lti-ags'
const pollPrefix = 'urn:hilink:poll:'

export interface GradePassbackOptions {
  retryBaseMs: number
  pollMs: number
  /** Scores not accepted within this long fail for good (default a day, as LRS forwarding). */
  maxAgeMs?: number
}

/**
 * Assignment and Grade Services: when a comprehension check closes, each learner's score for the session
 * goes to the line item of the resource link that opened it. The score is the share of the session's
 * closed scored checks the learner got right (one line item per placement, so a later check updates it).
 * Read from the outbox like LRS forwarding: queued in the transaction that moves this consumer's cursor,
 * sent by the polling worker, retried with backoff, kept across restarts.
 */
export class GradePassback {
  private readonly worker: PollingWorker

  constructor(
    private readonly db: Db,
    private readonly events: EventsRepo,
    private readonly platforms: LtiPlatformsRepo,
    private readonly links: LtiLinksRepo,
    private readonly scores: LtiScoresRepo,
    private readonly client: PlatformClient,
    private readonly options: GradePassbackOptions,
  ) {
    this.worker = new PollingWorker(() => this.runOnce(), options.pollMs, 'LTI grade passback')
  }

  start(): void {
    this.worker.start()
  }

  close(): Promise<void> {
    return this.worker.close()
  }

  async runOnce(): Promise<void> {
    this.fanOut()
    const now = new Date().toISOString()
    for (const score of this.scores.due(now, 50)) {
      const platform = this.platforms.get(score.tenantId, score.platformId)
      if (!platform) continue
      const answer = await this.client.post(platform, scoresUrl(score.lineitemUrl), scopes.score, 'application/vnd.ims.lis.v1.score+json', {
        userId: score.userSub,
        scoreGiven: score.scoreGiven,
        scoreMaximum: score.scoreMaximum,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        timestamp: score.timestamp,
      })
      if (this.worker.closed && !this.db.open) return
      if (answer.ok && answer.status >= 200 && answer.status < 300) {
        this.scores.sent(score.id)
        continue
      }
      const error = answer.ok ? `HTTP ${answer.status}` : answer.error
      this.scores.retry(score.id, {
        error,
        nextAttemptAt: new Date(Date.now() + backoffMs(score.attempts + 1, this.options.retryBaseMs)).toISOString(),
        failBefore: new Date(Date.now() - (this.options.maxAgeMs ?? 24 * 3600_000)).toISOString(),
      })
    }
  }

  private fanOut(): void {
    for (;;) {
      const rows = this.events.outbox.after(consumer, 500)
      if (rows.length === 0) return
      const now = new Date().toISOString()
      this.db.transaction(() => {
        for (const row of rows) {
          if (row.kind !== 'statement' || !row.sessionId) continue
          const s = row.payload as XapiStatement
          if (s.verb.id !== verbs.closed.id || !s.object.id.startsWith(pollPrefix)) continue
          const links = this.links.forSession(row.tenantId, row.sessionId).filter((l) => l.lineitemUrl)
          if (links.length === 0) continue
          const scores = sessionScores(this.events.forSession(row.tenantId, row.sessionId))
          for (const link of links) {
            for (const [userId, given] of scores.correct) {
              const sub = subOf(link.platformId, userId)
              if (sub === undefined) continue
              this.scores.add(
                { tenantId: row.tenantId, platformId: link.platformId, sessionId: row.sessionId, lineitemUrl: link.lineitemUrl as string, cause: row.id, userSub: sub, scoreGiven: given, scoreMaximum: scores.maximum, timestamp: s.timestamp },
                now,
              )
            }
          }
        }
        this.events.outbox.advance(consumer, (rows.at(-1) as { seq: number }).seq)
      })()
    }
  }
}

/**
 * Each learner's right answers over the session's closed scored checks (a check is scored when its answers
 * carry success), and how many such checks there were: a learner who skipped one scores 0 for it.
 */
export function sessionScores(statements: readonly XapiStatement[]): { correct: Map<string, number>; maximum: number } {
  const closed = new Set(statements.filter((s) => s.verb.id === verbs.closed.id && s.object.id.startsWith(pollPrefix)).map((s) => s.object.id))
  const scored = new Set<string>()
  const correct = new Map<string, number>()
  for (const s of statements) {
    if (s.verb.id !== verbs.answered.id || !closed.has(s.object.id) || s.result?.success === undefined) continue
    scored.add(s.object.id)
    const userId = s.actor.account.name
    correct.set(userId, (correct.get(userId) ?? 0) + (s.result.success ? 1 : 0))
  }
  return { correct, maximum: scored.size }
}

/** AGS: scores are posted to the line item's URL with /scores added to its path (its query kept). */
export function scoresUrl(lineitem: string): string {
  const url = new URL(lineitem)
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/scores`
  return url.toString()
}
