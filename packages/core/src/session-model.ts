import type * as Y from 'yjs'
import { rootNames, sessionKeys, sessionStates, type SessionState } from '@hilink/protocol'

/** The session's title and lifecycle state, as the server writes them into the document. */
export class SessionModel {
  private readonly map: Y.Map<unknown>

  constructor(doc: Y.Doc) {
    this.map = doc.getMap(rootNames.session)
  }

  get title(): string | undefined {
    const title = this.map.get(sessionKeys.title)
    return typeof title === 'string' ? title : undefined
  }

  get state(): SessionState | undefined {
    const state = this.map.get(sessionKeys.state)
    return sessionStates.find((s) => s === state)
  }

  subscribe(listener: () => void): () => void {
    this.map.observe(listener)
    return () => this.map.unobserve(listener)
  }
}
