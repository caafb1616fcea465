import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { liveMessageType } from '@hilink/protocol'
import { waitFor } from '../../../tools/wait.mjs'

export { waitFor, sleep } from '../../../tools/wait.mjs'

/** A real y-websocket client (the npm package) connected to the test server. */
export interface SyncPeer {
  doc: Y.Doc
  provider: WebsocketProvider
  destroy(): void
}

/** Every peer still open, so a failing test cannot leave a reconnecting client that keeps the process alive. */
const openPeers = new Set<SyncPeer>()
export function destroyAllPeers(): void {
  for (const peer of openPeers) peer.destroy()
}

export function connectPeer(serverUrl: string, sessionId: string, token: string, opts: { connect?: boolean } = {}): SyncPeer {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`${serverUrl.replace(/^http/, 'ws')}/sync`, sessionId, doc, {
    // The ws package implements the browser WebSocket API the provider expects.
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    connect: opts.connect ?? true,
    disableBc: true,
    maxBackoffTime: 200,
  })
  // Staff connections also receive the live channel (open polls' tallies, engagement) as a message type of its
  // own; a plain y-websocket client has no handler for it and logs "Unable to compute message" for each one.
  // This peer follows the document only (tests of the live channel read it from a raw socket): it drops them.
  provider.messageHandlers[liveMessageType] = () => {}
  const peer: SyncPeer = {
    doc,
    provider,
    destroy() {
      openPeers.delete(peer)
      provider.destroy()
      doc.destroy()
    },
  }
  openPeers.add(peer)
  return peer
}

export function whenSynced(peer: SyncPeer, timeoutMs = 5000): Promise<void> {
  if (peer.provider.synced) return Promise.resolve()
  return waitFor(() => peer.provider.synced, timeoutMs, 'peer synced')
}

