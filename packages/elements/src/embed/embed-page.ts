import { msg } from '@lit/localize'
import { readIdentity } from '@hilink/core'
import type { HlClassroom } from '../components/classroom/classroom.component.ts'
import { EmbedBridge } from './bridge.ts'

/** What `GET /embed/:sessionId` puts in its page (server/src/embed/embed-page.ts). */
export interface EmbedConfig {
  sessionId: string
  /** From the LTI launch's cookie (its expired screen then points back to the course); otherwise `#token=…`. */
  token?: string
  /** The tenant's allowed origins: who may frame and command this page. */
  allowedOrigins: string[]
  locale?: string
  theme?: 'light' | 'dark'
}

/**
 * Reads `#token=…` and takes it out of the address bar at once, so that it is neither kept in the history nor
 * shown, bookmarked or copied with the URL.
 */
export function takeFragmentToken(loc: Location = location, history: History = window.history): string | undefined {
  const token = new URLSearchParams(loc.hash.slice(1)).get('token') ?? undefined
  if (token !== undefined) history.replaceState(history.state, '', loc.pathname + loc.search)
  return token || undefined
}

/** Whether a token is one of this session (for display: the server checks again on every request and socket). */
function ofSession(token: string, sessionId: string): boolean {
  try {
    return readIdentity(token).session === sessionId
  } catch {
    return false
  }
}

/**
 * Boots the embed page: the token, the classroom, and (when framed) the postMessage bridge. A token of another
 * session shows the same "not found" as the server's page for an unknown session.
 */
export function startEmbed(classroom: HlClassroom, config: EmbedConfig): EmbedBridge | undefined {
  const token = config.token ?? takeFragmentToken()
  if (config.theme) classroom.theme = config.theme
  if (config.locale) classroom.locale = config.locale
  if (token && !ofSession(token, config.sessionId)) {
    const main = document.createElement('main')
    const h1 = document.createElement('h1')
    h1.textContent = msg('Classroom not found')
    const p = document.createElement('p')
    p.textContent = msg('This classroom link does not lead to a lesson. Ask your school or instructor for a new link.')
    main.append(h1, p)
    classroom.replaceWith(main)
    return undefined
  }
  if (token) classroom.token = token
  if (config.token) {
    // An LTI launch: there is no link to ask for, and the frame cannot start a launch itself (the LMS begins it,
    // with its own login hint), so an expired token sends the learner back to the course for a new launch.
    const help = document.createElement('p')
    help.slot = 'link-help'
    help.textContent = msg('Open this activity again from your course page to continue.')
    classroom.append(help)
  }
  if (window.parent === window) return undefined
  const allowedOrigins = [...new Set([...config.allowedOrigins, location.origin])]
  const onTheme = (theme: 'light' | 'dark') => {
    document.documentElement.dataset.theme = theme
  }
  const parentOrigin = location.ancestorOrigins?.[0]
  return new EmbedBridge({ classroom, sessionId: config.sessionId, host: window.parent, allowedOrigins, parentOrigin, onTheme }).start()
}
