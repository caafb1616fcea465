import WebSocket from 'ws'
import { sleep } from './sync-client.ts'

/** A participant's audio socket, as `<hl-captions>` opens it. `closed` resolves with the close code. */
export function openAudio(serverUrl: string, sessionId: string, token: string): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const ws = new WebSocket(`${serverUrl.replace('http', 'ws')}/audio/${sessionId}?token=${token}`)
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, closed }))
    ws.once('error', reject)
  })
}

/** Sends PCM16 in messages of `chunkMs`, faster than real time, with backpressure. */
export async function streamPcm(ws: WebSocket, pcm: Uint8Array, chunkMs = 200): Promise<void> {
  const chunk = 32 * chunkMs
  for (let i = 0; i < pcm.byteLength; i += chunk) {
    ws.send(pcm.subarray(i, i + chunk))
    while (ws.bufferedAmount > 1_000_000) await sleep(2)
    await sleep(2)
  }
}
