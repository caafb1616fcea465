import nodemailer, { type Transporter } from 'nodemailer'
import type { Recap } from '@hilink/protocol'
import type { SummariesRepo } from '../db/summaries-repo.ts'
import type { EventsRepo } from '../db/events-repo.ts'
import { recapSentStatement } from './record-statements.ts'

/**
 * Delivers approved recaps to parents by SMTP. The recaps table is the outbox: a recap is marked e-mailed
 * only after the SMTP server accepted it; failures are retried (on the next approval and every minute), at
 * most 10 times. Plain text only: nothing a participant said is ever rendered as HTML.
 */
export class RecapMailer {
  private readonly transport: Transporter
  private running: Promise<void> | undefined
  private readonly timer: NodeJS.Timeout

  constructor(
    private readonly summaries: SummariesRepo,
    smtp: { url: string; from: string },
    private readonly events: EventsRepo,
    private readonly transaction: <T>(work: () => T) => T,
  ) {
    this.transport = nodemailer.createTransport(smtp.url, { from: smtp.from })
    this.timer = setInterval(() => void this.deliverPending(), 60_000)
    this.timer.unref()
  }

  /** Sends what is waiting; concurrent calls share one run. */
  deliverPending(): Promise<void> {
    this.running ??= this.run().finally(() => (this.running = undefined))
    return this.running
  }

  close(): void {
    clearInterval(this.timer)
    this.transport.close()
  }

  private async run(): Promise<void> {
    for (const { id, tenantId, email, title, recap } of this.summaries.undelivered()) {
      try {
        await this.transport.sendMail({ to: email, subject: `Lesson recap: ${title} — ${recap.learnerName}`, text: recapText(title, recap) })
        // Marked e-mailed and recorded as sent together: the learning record never claims a mail the server lost.
        this.transaction(() => {
          this.summaries.markEmailed(id)
          this.events.record(tenantId, recap.sessionId, recapSentStatement({
            tenantId, sessionId: recap.sessionId, learnerId: recap.learnerId, learnerName: recap.learnerName, delivery: 'email',
          }))
        })
      } catch (err) {
        this.summaries.markEmailFailed(id)
        console.warn(`hilink: recap e-mail ${id} not delivered yet: ${(err as Error).message}`)
      }
    }
  }
}

export function recapText(title: string, recap: Recap): string {
  const list = (lines: Array<{ text: string }>) => lines.map((l) => `- ${l.text}`).join('\n')
  return [
    `Lesson: ${title}`,
    `Learner: ${recap.learnerName}`,
    recap.attended ? `Attended (about ${recap.minutesPresent} minutes).` : 'Did not attend this lesson.',
    '',
    recap.notes.length ? `About ${recap.learnerName}:\n${list(recap.notes)}` : '',
    recap.classSummary.topics.length ? `What the class covered:\n${list(recap.classSummary.topics)}` : '',
    recap.classSummary.reinforcement.length ? `Worth practising at home:\n${list(recap.classSummary.reinforcement)}` : '',
    '',
    'This recap was reviewed and approved by the teacher.',
  ]
    .filter((part, i, all) => part !== '' || all[i - 1] !== '')
    .join('\n')
}
