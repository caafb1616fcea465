import type { Config } from '../config.ts'
import type { Db } from '../db/connection.ts'
import type { EventsRepo } from '../db/events-repo.ts'
import { WebhooksRepo } from '../db/webhooks-repo.ts'
import { WebhookDeliveriesRepo } from '../db/webhook-deliveries-repo.ts'
import { WebhookService } from '../webhooks/webhook-service.ts'
import { LrsEndpointsRepo } from '../db/lrs-endpoints-repo.ts'
import { LrsForwardsRepo } from '../db/lrs-forwards-repo.ts'
import { LrsForwarder } from '../xapi/lrs-forwarder.ts'
import { ExceptionsRepo } from '../db/exceptions-repo.ts'
import { AtRiskThresholdsRepo } from '../db/at-risk-thresholds-repo.ts'
import type { SessionsRepo } from '../db/sessions-repo.ts'
import type { AttendanceService } from '../attendance/attendance-service.ts'
import { AnalyticsService } from '../analytics/analytics-service.ts'

/**
 * Everything that reads the outbox (ARCHITECTURE §6): webhook deliveries, LRS forwarding, analytics and the
 * exception scheduler, built and started in one place so services.ts holds one field for all of it.
 */
export interface LearningRecord {
  webhooks: WebhookService
  lrs: LrsForwarder
  analytics: AnalyticsService
  /** Starts the in-process workers (main.ts's server start, through createServices). */
  start(): void
  close(): Promise<void>
}

export function createLearningRecord(
  db: Db,
  events: EventsRepo,
  config: Config,
  deps: { sessions: SessionsRepo; attendance: AttendanceService },
): LearningRecord {
  const webhooks = new WebhookService(db, events.outbox, new WebhooksRepo(db), new WebhookDeliveriesRepo(db), config.delivery)
  const lrs = new LrsForwarder(db, events, new LrsEndpointsRepo(db), new LrsForwardsRepo(db), config.delivery)
  const analytics = new AnalyticsService(db, events, deps.sessions, deps.attendance, new ExceptionsRepo(db), new AtRiskThresholdsRepo(db))
  return {
    webhooks,
    lrs,
    analytics,
    start() {
      webhooks.start()
      lrs.start()
      analytics.start(config.delivery.scanMs)
    },
    async close() {
      analytics.close()
      await Promise.all([webhooks.close(), lrs.close()])
    },
  }
}
