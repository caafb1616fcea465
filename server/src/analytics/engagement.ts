import type { AttendanceEntry, LearnerEngagement } from '@hilink/protocol'
import type { XapiStatement } from '../events/statements.ts'
import { verbs } from '../events/statements.ts'
import { engagementSignals } from '../summaries/engagement-signals.ts'

const joinVerb = 'http://activitystrea.ms/schema/1.0/join'
const leaveVerb = 'http://activitystrea.ms/schema/1.0/leave'
const commentedVerb = 'http://adlnet.gov/expapi/verbs/commented'
const whiteboardVerb = 'urn:hilink:xapi:verbs:contributed-to-whiteboard'
const minutes = (ms: number) => Math.round(ms / 6000) / 10

/**
 * Per-learner engagement of one session, computed from its learning events and the attendance report
 * (which stays the attendance service's: presence is read from it, not recomputed). Every figure lists
 * the statement ids it was computed from.
 */
export function sessionEngagement(
  statements: XapiStatement[],
  attendance: AttendanceEntry[],
  window: { startMs: number; endMs: number },
): LearnerEngagement[] {
  const signals = engagementSignals(statements, window)
  const asked = statements.filter((s) => s.verb.id === verbs.asked.id)
  const checks = new Set(asked.filter((s) => s.context.extensions['urn:hilink:xapi:poll-kind'] === 'check').map((s) => s.object.id))
  const by = (userId: string, verbId: string) => statements.filter((s) => s.actor.account.name === userId && s.verb.id === verbId)
  return attendance
    .filter((a) => a.role === 'learner')
    .map((a) => {
      // The last answer to each poll counts (a learner may change their answer while it is open).
      const lastAnswers = new Map<string, XapiStatement>()
      for (const s of by(a.userId, verbs.answered.id)) lastAnswers.set(s.object.id, s)
      const checkAnswers = [...lastAnswers.values()].filter((s) => checks.has(s.object.id))
      const correct = checkAnswers.filter((s) => s.result?.success === true)
      const board = by(a.userId, whiteboardVerb)
      const shapes = board.reduce((n, s) => n + Number(s.result?.extensions?.['urn:hilink:xapi:shapes-created'] ?? 0) + Number(s.result?.extensions?.['urn:hilink:xapi:shapes-changed'] ?? 0), 0)
      const sig = signals.get(a.userId)
      const chat = by(a.userId, commentedVerb)
      return {
        userId: a.userId,
        name: a.name,
        presence: {
          minutesPresent: a.minutesPresent,
          absent: a.absent,
          late: a.late,
          leftEarly: a.leftEarly,
          sources: [...by(a.userId, joinVerb), ...by(a.userId, leaveVerb)].map((s) => s.id),
        },
        awayMinutes: { value: minutes(sig?.awayMs ?? 0), sources: sig?.awayEventIds ?? [] },
        handRaises: { value: sig?.handRaiseIds.length ?? 0, sources: sig?.handRaiseIds ?? [] },
        chatMessages: { value: chat.length, sources: chat.map((s) => s.id) },
        pollsAnswered: { value: lastAnswers.size, sources: [...lastAnswers.values()].map((s) => s.id) },
        pollsAsked: asked.length,
        checksCorrect: { value: correct.length, sources: correct.map((s) => s.id) },
        checksAnswered: { value: checkAnswers.length, sources: checkAnswers.map((s) => s.id) },
        whiteboardShapes: { value: shapes, sources: board.map((s) => s.id) },
      }
    })
}
