import { rootNames, sessionKeys, type CourseBrief, type Session, type Summary, type SummaryContent, type SummaryLine } from '@hilink/protocol'
import type { RecapToStore, SummariesRepo } from '../db/summaries-repo.ts'
import type { TranscriptRepo } from '../db/transcript-repo.ts'
import type { ParticipantsRepo } from '../db/participants-repo.ts'
import type { SyncServer } from '../sync/sync-server.ts'
import type { TranscriptionService } from '../transcripts/transcription-service.ts'
import type { EventsRepo } from '../db/events-repo.ts'
import type { PollService } from '../polls/poll-service.ts'
import { activityTypes, statement, verbs } from '../events/statements.ts'
import { buildSummaryDraft } from './summary-builder.ts'
import { captionCountStatements, recapActivity, recapSentStatement } from './record-statements.ts'

export type ApproveOutcome = 'approved' | 'not_drafted' | 'already_approved'

/**
 * The after-session pipeline: a draft when the session ends, the instructor's edits, and approval, which
 * alone produces the parent recaps (one per invited learner) and feeds the course's next-session brief.
 */
export class SummaryService {
  constructor(
    private readonly summaries: SummariesRepo,
    private readonly transcripts: TranscriptRepo,
    private readonly participants: ParticipantsRepo,
    private readonly sync: SyncServer,
    private readonly transcription: TranscriptionService,
    private readonly events: EventsRepo,
    private readonly polls: PollService,
    private readonly transaction: <T>(work: () => T) => T,
    /** Called after an approval committed: e.g. to deliver the recaps' e-mails. */
    private readonly onApproved: () => void = () => {},
    /** Whether recaps with a parent's address go out by e-mail (SMTP configured); otherwise every recap is stored. */
    private readonly recapsByEmail = false,
  ) {}

  /** Drafts once the last utterances spoken before the end are transcribed. */
  async draftAtEnd(tenantId: string, session: Session): Promise<void> {
    const sessionId = session.id
    await this.transcription.whenIdle(tenantId, sessionId)
    const segments = this.transcripts.list(tenantId, sessionId)
    const content = buildSummaryDraft({
      segments,
      participants: this.participants.list(tenantId, sessionId),
      polls: this.polls.withAnswers(tenantId, sessionId),
      events: this.events.forSession(tenantId, sessionId),
      window: {
        startMs: Date.parse(session.startedAt ?? session.createdAt),
        endMs: session.endedAt ? Date.parse(session.endedAt) : Date.now(),
      },
    })
    // The captions are final now (the last utterance is transcribed): their counts go on record with the draft.
    this.transaction(() => {
      this.summaries.saveDraft(tenantId, sessionId, content)
      for (const s of captionCountStatements(tenantId, session, segments)) this.events.record(tenantId, sessionId, s)
    })
    this.announce(tenantId, sessionId, 'drafted')
  }

  /**
   * Tells the room how far the summary is (never its content, which only the instructor reads): the review
   * loads it once when the document says it is drafted, instead of asking the server every second.
   */
  private announce(tenantId: string, sessionId: string, status: 'drafted' | 'approved'): void {
    this.sync.changeDoc(tenantId, sessionId, (doc) => doc.getMap(rootNames.session).set(sessionKeys.summary, status))
  }

  /** Approval, its recaps and their learning events are one transaction. */
  approve(tenantId: string, sessionId: string, instructor: { id: string; name: string }): ApproveOutcome {
    const summary = this.summaries.get(tenantId, sessionId)
    if (!summary) return 'not_drafted'
    if (summary.status === 'approved') return 'already_approved'
    const recaps = this.recapsFor(tenantId, sessionId, summary)
    const approved = this.transaction(() => {
      if (!this.summaries.approve(tenantId, sessionId, instructor.id, recaps)) return false
      const base = { tenantId, sessionId, actor: instructor }
      this.events.record(tenantId, sessionId, statement({
        ...base,
        verb: verbs.approved,
        object: { id: `urn:hilink:session:${sessionId}:summary`, name: 'Lesson summary', type: activityTypes.summary },
      }))
      for (const r of recaps) {
        this.events.record(tenantId, sessionId, statement({
          ...base,
          verb: verbs.recapCreated,
          object: recapActivity(sessionId, r.learnerId, r.learnerName),
          extensions: { 'urn:hilink:xapi:learner': r.learnerId, 'urn:hilink:xapi:email-queued': r.email !== null },
        }))
        // A recap no mail will carry is delivered by being stored (the LMS fetches it); a mailed one when SMTP accepts it.
        if (!(this.recapsByEmail && r.email !== null)) {
          this.events.record(tenantId, sessionId, recapSentStatement({ tenantId, sessionId, learnerId: r.learnerId, learnerName: r.learnerName, delivery: 'stored' }))
        }
      }
      return true
    })
    if (!approved) return 'already_approved'
    this.announce(tenantId, sessionId, 'approved')
    this.onApproved()
    return 'approved'
  }

  brief(tenantId: string, courseId: string): CourseBrief {
    const approved = this.summaries.approvedForCourse(tenantId, courseId)
    const latest = approved[0]
    const absentees = (latest?.content.attendance ?? []).filter(
      (line) => line.sources.length === 1 && line.sources[0]?.kind === 'attendance',
    )
    return {
      courseId,
      basedOn: approved.map((s) => ({ sessionId: s.sessionId, title: s.title, endedAt: s.endedAt })),
      lastTopics: latest?.content.topics ?? [],
      reinforce: dedupe(approved.flatMap((s) => s.content.reinforcement)),
      followUp: absentees.map((line) => ({ ...line, text: `${line.text} Check in before the next session.` })),
    }
  }

  private recapsFor(tenantId: string, sessionId: string, summary: Summary): RecapToStore[] {
    const content: SummaryContent = summary.content
    return this.participants
      .list(tenantId, sessionId)
      .filter((p) => p.role === 'learner')
      .map((p) => ({
        sessionId,
        learnerId: p.userId,
        learnerName: p.name,
        attended: p.firstJoinedAt !== null,
        minutesPresent: Math.round(p.presentMs / 60_000),
        // The instructor's approved wording for this learner.
        notes: content.learnerNotes.find((n) => n.userId === p.userId)?.notes ?? [],
        classSummary: { topics: content.topics, reinforcement: content.reinforcement },
        email: p.parentEmail,
      }))
  }
}

function dedupe(lines: SummaryLine[]): SummaryLine[] {
  const seen = new Set<string>()
  return lines.filter((l) => !seen.has(l.text) && seen.add(l.text))
}
