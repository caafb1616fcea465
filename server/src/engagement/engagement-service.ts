import {
  defaultEngagementWeights,
  defaultIdleMinutes,
  engagementCaps,
  type EngagementLive,
  type EngagementWeights,
  type LearnerLive,
  type ParticipantRole,
} from '@hilink/protocol'
import type { XapiStatement } from '../events/statements.ts'

/** Verb ids the panel counts (statements of other modules; named here so the panel reads them all in one place). */
export const engagementVerbs = {
  join: 'http://activitystrea.ms/schema/1.0/join',
  leave: 'http://activitystrea.ms/schema/1.0/leave',
  asked: 'http://adlnet.gov/expapi/verbs/asked',
  answered: 'http://adlnet.gov/expapi/verbs/answered',
  raisedHand: 'urn:hilink:xapi:verbs:raised-hand',
  commented: 'http://adlnet.gov/expapi/verbs/commented',
  whiteboard: 'urn:hilink:xapi:verbs:contributed-to-whiteboard',
  tabHidden: 'urn:hilink:xapi:verbs:tab-hidden',
  tabVisible: 'urn:hilink:xapi:verbs:tab-visible',
  windowBlurred: 'urn:hilink:xapi:verbs:window-blurred',
  windowFocused: 'urn:hilink:xapi:verbs:window-focused',
  terminated: 'http://adlnet.gov/expapi/verbs/terminated',
  startedSpeaking: 'urn:hilink:xapi:verbs:started-speaking',
  stoppedSpeaking: 'urn:hilink:xapi:verbs:stopped-speaking',
} as const

/** Verbs that are the learner doing something (not only being there). */
const interactions = new Set<string>([engagementVerbs.answered, engagementVerbs.raisedHand, engagementVerbs.commented, engagementVerbs.whiteboard, engagementVerbs.startedSpeaking])
/** The longest one stretch of speaking counts: a "stopped" lost with a closed page must not count for ever. */
const maxSpeakingSpanMs = 10 * 60_000
const activityMinutes = 10

interface LearnerState {
  userId: string
  name: string
  present: boolean
  hidden: boolean
  blurred: boolean
  lastInteractionMs: number | null
  hands: number
  chat: number
  whiteboard: number
  /** Closed stretches of speaking, and when the open one began (null: not speaking). */
  speakingMs: number
  speakingSince: number | null
  /** Last answer per poll: whether it was right (null: not scored). */
  answers: Map<string, boolean | null>
  /** Interactions per minute since the epoch. */
  perMinute: Map<number, number>
}

interface SessionState {
  learners: Map<string, LearnerState>
  polls: Set<string>
  /** Actors known not to be learners (staff): asked once, not per statement. */
  notLearners: Set<string>
  timer: NodeJS.Timeout | undefined
}

export interface EngagementDeps {
  /** The role a session's participant was invited with (learners are the panel's rows). */
  roleOf: (tenantId: string, sessionId: string, userId: string) => ParticipantRole | undefined
  /** The session's statements so far, to rebuild the state after a restart or on first demand. */
  history: (tenantId: string, sessionId: string) => XapiStatement[]
  send: (tenantId: string, sessionId: string, message: EngagementLive) => void
  /** Whether the session has ended: its figures are then computed on demand and never kept in memory. */
  ended?: (tenantId: string, sessionId: string) => boolean
  /** The tenant's idle minutes and weights (defaults when unset). */
  settings?: (tenantId: string) => { idleMinutes: number; weights: EngagementWeights }
  /** Whether speaking time is measured (the server has audio/video); the panel says so when it is not. */
  speakingMeasured?: () => boolean
  /** Coalesces bursts (200 answers in a second) into one message per session per this many ms. */
  throttleMs?: number
}

/**
 * The live engagement panel's figures, per learner, computed from the learning events as they are recorded
 * and sent to staff connections only (`SyncServer.sendLive`: never the document, never HTTP). The figures are
 * signals with weights, shown as such in the panel: no opaque number.
 */
export class EngagementService {
  private readonly sessions = new Map<string, SessionState>()
  private readonly throttleMs: number

  constructor(private readonly deps: EngagementDeps) {
    this.throttleMs = deps.throttleMs ?? 150
  }

  /** The tenant's settings changed: its sessions' staff get the figures again with the new weights. */
  settingsChanged(tenantId: string): void {
    for (const [key, state] of this.sessions) {
      const [tenant, sessionId] = key.split(':') as [string, string]
      if (tenant === tenantId) this.schedule(tenant, sessionId, state)
    }
  }

  /**
   * A statement was recorded (ObservedEventsRepo.onRecorded). The session's end releases its state: a server
   * runs lessons for months, and every ended lesson kept in memory would be a leak. Statements after the end
   * (the last learners leaving, polls closing) build nothing new.
   */
  recorded(tenantId: string, sessionId: string, s: XapiStatement): void {
    if (s.verb.id === engagementVerbs.terminated) {
      this.release(tenantId, sessionId)
      return
    }
    const state = this.state(tenantId, sessionId, s.id)
    if (!state) return
    this.apply(tenantId, sessionId, state, s)
    this.schedule(tenantId, sessionId, state)
  }

  /** The current figures (a staff connection joining); of an ended session, computed once and not kept. */
  snapshot(tenantId: string, sessionId: string): EngagementLive {
    return this.message(tenantId, this.state(tenantId, sessionId) ?? this.rebuild(tenantId, sessionId))
  }

  /** How many sessions' figures are held in memory (live sessions that had a statement or a staff join). */
  get heldSessions(): number {
    return this.sessions.size
  }

  /** Drops a session's figures and its pending message. */
  release(tenantId: string, sessionId: string): void {
    const key = `${tenantId}:${sessionId}`
    clearTimeout(this.sessions.get(key)?.timer)
    this.sessions.delete(key)
  }

  stop(): void {
    for (const s of this.sessions.values()) clearTimeout(s.timer)
    this.sessions.clear()
  }

  /**
   * A live session's state, rebuilt from its history the first time (skipping `skipId`, the statement being
   * applied); undefined for an ended session (asked only when nothing is held, so once per session, not per statement).
   */
  private state(tenantId: string, sessionId: string, skipId?: string): SessionState | undefined {
    const key = `${tenantId}:${sessionId}`
    let state = this.sessions.get(key)
    if (!state) {
      if (this.deps.ended?.(tenantId, sessionId)) return undefined
      state = this.rebuild(tenantId, sessionId, skipId)
      this.sessions.set(key, state)
    }
    return state
  }

  private rebuild(tenantId: string, sessionId: string, skipId?: string): SessionState {
    const state: SessionState = { learners: new Map(), polls: new Set(), notLearners: new Set(), timer: undefined }
    for (const s of this.deps.history(tenantId, sessionId)) if (s.id !== skipId) this.apply(tenantId, sessionId, state, s)
    return state
  }

  private apply(tenantId: string, sessionId: string, state: SessionState, s: XapiStatement): void {
    const verb = s.verb.id
    if (verb === engagementVerbs.asked) {
      if (s.context?.extensions?.['urn:hilink:xapi:anonymous'] !== true) state.polls.add(s.object.id)
      return
    }
    const userId = s.actor.account.name
    let learner = state.learners.get(userId)
    if (!learner) {
      if (state.notLearners.has(userId)) return
      if (this.deps.roleOf(tenantId, sessionId, userId) !== 'learner') {
        state.notLearners.add(userId)
        return
      }
      learner = {
        userId, name: s.actor.name ?? userId, present: false, hidden: false, blurred: false, lastInteractionMs: null,
        hands: 0, chat: 0, whiteboard: 0, speakingMs: 0, speakingSince: null, answers: new Map(), perMinute: new Map(),
      }
      state.learners.set(userId, learner)
    }
    const at = Date.parse(s.timestamp ?? s.stored ?? new Date().toISOString())
    switch (verb) {
      case engagementVerbs.join: learner.present = true; learner.hidden = false; learner.blurred = false; break
      case engagementVerbs.leave: learner.present = false; stopSpeaking(learner, at); break
      case engagementVerbs.startedSpeaking: learner.speakingSince ??= at; break
      case engagementVerbs.stoppedSpeaking: stopSpeaking(learner, at); break
      case engagementVerbs.tabHidden: learner.hidden = true; break
      case engagementVerbs.tabVisible: learner.hidden = false; break
      case engagementVerbs.windowBlurred: learner.blurred = true; break
      case engagementVerbs.windowFocused: learner.blurred = false; break
      case engagementVerbs.raisedHand: learner.hands++; break
      case engagementVerbs.commented: learner.chat++; break
      case engagementVerbs.whiteboard: learner.whiteboard++; break
      case engagementVerbs.answered: learner.answers.set(s.object.id, s.result?.success ?? null); break
    }
    if (interactions.has(verb)) {
      learner.lastInteractionMs = Math.max(learner.lastInteractionMs ?? 0, at)
      const minute = Math.floor(at / 60_000)
      learner.perMinute.set(minute, (learner.perMinute.get(minute) ?? 0) + 1)
    }
  }

  private schedule(tenantId: string, sessionId: string, state: SessionState): void {
    if (state.timer) return
    state.timer = setTimeout(() => {
      state.timer = undefined
      this.deps.send(tenantId, sessionId, this.message(tenantId, state))
    }, this.throttleMs)
    state.timer.unref()
  }

  private message(tenantId: string, state: SessionState): EngagementLive {
    const { weights, idleMinutes } = this.deps.settings?.(tenantId) ?? { weights: defaultEngagementWeights, idleMinutes: defaultIdleMinutes }
    const now = Math.floor(Date.now() / 60_000)
    const learners = [...state.learners.values()].map((l): LearnerLive => {
      const scored = [...l.answers.values()].filter((v) => v !== null)
      const signals = {
        present: l.present && !l.hidden && !l.blurred ? 1 : 0,
        answered: state.polls.size === 0 ? 0 : Math.min(1, l.answers.size / state.polls.size),
        correct: scored.length === 0 ? 0 : scored.filter(Boolean).length / scored.length,
        hands: Math.min(1, l.hands / engagementCaps.hands),
        chat: Math.min(1, l.chat / engagementCaps.chat),
        whiteboard: Math.min(1, l.whiteboard / engagementCaps.whiteboard),
        speaking: Math.min(1, speakingSeconds(l, Date.now()) / engagementCaps.speakingSeconds),
      }
      const total = Object.values(weights).reduce((a: number, b) => a + (b ?? 0), 0)
      const weighted = (Object.keys(signals) as Array<keyof typeof signals>).reduce((sum, k) => sum + signals[k] * (weights[k] ?? 0), 0)
      return {
        userId: l.userId,
        name: l.name,
        present: l.present,
        away: l.present && (l.hidden || l.blurred),
        lastInteractionAt: l.lastInteractionMs === null ? null : new Date(l.lastInteractionMs).toISOString(),
        hands: l.hands,
        chat: l.chat,
        pollsAnswered: l.answers.size,
        pollsAsked: state.polls.size,
        checksCorrect: scored.filter(Boolean).length,
        checksAnswered: scored.length,
        whiteboard: l.whiteboard,
        speakingSeconds: speakingSeconds(l, Date.now()),
        activity: Array.from({ length: activityMinutes }, (_, i) => l.perMinute.get(now - activityMinutes + 1 + i) ?? 0),
        signals,
        score: total === 0 ? 0 : Math.round((weighted / total) * 100),
      }
    })
    return { topic: 'engagement', learners, weights, idleMinutes, speaking: this.deps.speakingMeasured?.() ? 'measured' : 'not-measured' }
  }
}

function stopSpeaking(l: LearnerState, at: number): void {
  if (l.speakingSince === null) return
  l.speakingMs += Math.min(maxSpeakingSpanMs, Math.max(0, at - l.speakingSince))
  l.speakingSince = null
}

/** Whole seconds spoken so far, the stretch under way included (up to its cap). */
function speakingSeconds(l: LearnerState, now: number): number {
  const open = l.speakingSince === null ? 0 : Math.min(maxSpeakingSpanMs, Math.max(0, now - l.speakingSince))
  return Math.floor((l.speakingMs + open) / 1000)
}
