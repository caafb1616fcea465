import { executeServerCommand } from '@web/test-runner-commands'
import { fixture, html } from '@open-wc/testing'
import type { HlClassroom } from '../components/classroom/classroom.component.ts'

export interface TestSession {
  server: string
  sessionId: string
  tokens: Record<string, string>
}

type Role = 'instructor' | 'ta' | 'learner' | 'observer'

/** Asks the real HiLink server (started by the wtr plugin) for a session with a token per person. */
export function createSession(people: Array<{ userId: string; name: string; role: Role }>): Promise<TestSession> {
  return executeServerCommand('hilink-session', { people }) as Promise<TestSession>
}

/** The text a person sees in an element, shadow DOM included, whitespace folded. */
export function visibleText(root: Element | ShadowRoot | null | undefined): string {
  if (!root) return ''
  const parts: string[] = []
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '')
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot)
    node.childNodes.forEach(walk)
  }
  walk(root)
  return parts.join(' ').replace(/\s+/g, ' ').trim()
}

/** An instructor (Ada) and a learner (Grace) of one new session, each in their own <hl-classroom>. */
export async function teacherAndLearner(): Promise<{ session: TestSession; teacher: HlClassroom; learner: HlClassroom }> {
  const session = await createSession([
    { userId: 'ada', name: 'Ada', role: 'instructor' },
    { userId: 'grace', name: 'Grace', role: 'learner' },
  ])
  const wrapper = await fixture<HTMLDivElement>(html`<div>
    <hl-classroom server=${session.server} token=${session.tokens.ada}></hl-classroom>
    <hl-classroom server=${session.server} token=${session.tokens.grace}></hl-classroom>
  </div>`)
  const [teacher, learner] = [...wrapper.querySelectorAll('hl-classroom')] as HlClassroom[]
  return { session, teacher: teacher as HlClassroom, learner: learner as HlClassroom }
}
