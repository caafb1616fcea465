import { parseResponse } from 'hono/client'
import { rootNames, sessionKeys, type CourseBrief, type Summary, type SummaryContent, type SummaryLine } from '@hilink/protocol'
import type { RoomSession } from './room-session.ts'
import { CommandModel } from './command-model.ts'

export type SummarySection = 'topics' | 'learnerResponse' | 'reinforcement' | 'attendance'
export const summarySections: SummarySection[] = ['topics', 'learnerResponse', 'reinforcement', 'attendance']

/**
 * The instructor's review of the lesson summary (after the session) and the course brief (before it).
 * Edits stay local until `save()` or `approve()`; the server is the authority on who may do either.
 */
export class SummaryReviewModel extends CommandModel {
  summary: Summary | undefined
  brief: CourseBrief | undefined
  /** The draft as edited here, not yet saved. */
  edited: SummaryContent | undefined
  /** Waiting for the server to draft the summary (the lesson just ended). */
  drafting = false
  /** When the draft was last saved here (the review confirms "Draft saved"); cleared by the next edit. */
  savedAt: Date | undefined
  /** The instructor pressed Approve and is asked to confirm (recaps go out; it cannot be undone). */
  confirmingApprove = false

  // Listeners, notify and the busy/problem runner come from CommandModel (latest call wins).
  constructor(private readonly room: RoomSession) {
    super()
  }

  /** Whether the server has drafted the summary (the document's `session.summary` key says so, live). */
  get drafted(): boolean {
    const status = this.room.doc.getMap(rootNames.session).get(sessionKeys.summary)
    return status === 'drafted' || status === 'approved'
  }

  /**
   * Loads the summary once it is drafted. Right after the end it may still be drafting (the last utterances are
   * being transcribed): the server announces the draft in the document, so this waits for that key instead of
   * asking the server every second.
   */
  async loadSummary(): Promise<void> {
    this.drafting = !this.drafted
    if (this.drafting) this.notify()
    await this.whenDrafted()
    this.drafting = false
    await this.run(async () => {
      this.summary = await parseResponse(this.session$.summary.$get({ param: this.param }))
      this.edited = structuredClone(this.summary.content)
    })
  }

  private whenDrafted(): Promise<void> {
    if (this.drafted) return Promise.resolve()
    const session = this.room.doc.getMap(rootNames.session)
    return new Promise((resolve) => {
      const onChange = () => {
        if (!this.drafted) return
        session.unobserve(onChange)
        resolve()
      }
      session.observe(onChange)
    })
  }

  async loadBrief(): Promise<void> {
    await this.run(async () => {
      const session = await parseResponse(this.session$.$get({ param: this.param }))
      const course = this.room.client.courses[':id']
      this.brief = await parseResponse(course.brief.$get({ param: { id: encodeURIComponent(session.courseId) } }))
    })
  }

  editLine(section: SummarySection, index: number, text: string): void {
    this.edit(this.edited?.[section][index], text)
  }

  /** Edits one note about one learner: these notes are what that learner's parents read in the recap. */
  editLearnerNote(userId: string, index: number, text: string): void {
    this.edit(this.edited?.learnerNotes.find((n) => n.userId === userId)?.notes[index], text)
  }

  private edit(line: SummaryLine | undefined, text: string): void {
    if (!line) return
    // An edited line is the instructor's word: it keeps its sources and adds the instructor as one.
    line.text = text
    if (!line.sources.some((s) => s.kind === 'instructor')) line.sources.push({ kind: 'instructor' })
    this.savedAt = undefined
    this.notify()
  }

  async save(): Promise<void> {
    if (!this.edited) return
    await this.run(async () => {
      this.summary = await parseResponse(this.session$.summary.$put({ param: this.param, json: { content: this.withoutEmptyLines() } }))
      this.edited = structuredClone(this.summary.content)
      this.savedAt = new Date()
    })
  }

  askToApprove(): void {
    this.confirmingApprove = true
    this.notify()
  }

  cancelApprove(): void {
    this.confirmingApprove = false
    this.notify()
  }

  async approve(): Promise<void> {
    this.confirmingApprove = false
    await this.save()
    if (this.problem) return
    await this.run(async () => {
      this.summary = await parseResponse(this.session$.summary.approve.$post({ param: this.param }))
    })
  }

  /** This session in the typed API client, and the session as the path parameter. */
  private get session$() {
    return this.room.client.sessions[':id']
  }

  private get param(): { id: string } {
    return { id: this.room.sessionId }
  }

  private withoutEmptyLines(): SummaryContent {
    const content = structuredClone(this.edited as SummaryContent)
    const kept = (lines: SummaryLine[]) => lines.filter((l) => l.text.trim().length > 0)
    for (const section of summarySections) content[section] = kept(content[section])
    for (const learner of content.learnerNotes) learner.notes = kept(learner.notes)
    return content
  }
}
