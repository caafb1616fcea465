import type { Session, TranscriptSegment } from '@hilink/protocol'
import { activityTypes, sessionActivity, statement, systemActor, verbs, type XapiStatement } from '../events/statements.ts'
import { isoDuration } from '../events/lifecycle-service.ts'

/** How a recap reached its parent: accepted by the SMTP server, or stored for `GET …/recaps` (no e-mail to send). */
export type RecapDelivery = 'email' | 'stored'

/** The recap as an activity: the same object as its `recap-created` statement, so an LRS links the two. */
export const recapActivity = (sessionId: string, learnerId: string, learnerName: string) => ({
  id: `urn:hilink:session:${sessionId}:recap:${learnerId}`,
  name: `Lesson recap for ${learnerName}`,
  type: activityTypes.summary,
})

/**
 * "HiLink sent the recap": once per recap (one per learner and session, the key), by the server, whether by e-mail or stored.
 * Recorded in the transaction that marks the recap delivered, so the record never claims an unsent mail.
 */
export function recapSentStatement(input: {
  tenantId: string
  sessionId: string
  learnerId: string
  learnerName: string
  delivery: RecapDelivery
}): XapiStatement {
  return statement({
    tenantId: input.tenantId,
    sessionId: input.sessionId,
    actor: systemActor,
    verb: verbs.sent,
    object: recapActivity(input.sessionId, input.learnerId, input.learnerName),
    extensions: { 'urn:hilink:xapi:learner': input.learnerId, 'urn:hilink:xapi:delivery': input.delivery },
    key: `recap-sent:${input.sessionId}:${input.learnerId}`,
  })
}

/**
 * One statement per speaker with their caption segments' count and spoken time, built once the session's last
 * utterance is transcribed (a statement per segment would be a row every few seconds per speaker, and a count
 * per minute would be final only a minute late). Keyed by session and speaker: a re-draft records nothing new.
 */
export function captionCountStatements(tenantId: string, session: Session, segments: readonly TranscriptSegment[]): XapiStatement[] {
  const bySpeaker = new Map<string, { name: string; count: number; ms: number }>()
  for (const s of segments) {
    const sum = bySpeaker.get(s.speakerId) ?? { name: s.speakerName, count: 0, ms: 0 }
    sum.count++
    sum.ms += Math.max(0, s.endMs - s.startMs)
    bySpeaker.set(s.speakerId, sum)
  }
  const object = sessionActivity(session.id, session.title)
  return [...bySpeaker].map(([speakerId, sum]) =>
    statement({
      tenantId,
      sessionId: session.id,
      actor: { id: speakerId, name: sum.name },
      verb: verbs.captioned,
      object,
      result: { duration: isoDuration(sum.ms), extensions: { 'urn:hilink:xapi:caption-segments': sum.count } },
      key: `caption-segments:${session.id}:${speakerId}`,
      ...(session.endedAt ? { timestamp: session.endedAt } : {}),
    }),
  )
}
