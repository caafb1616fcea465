import { chromium, type Browser, type Page } from 'playwright-core'
import { chromiumArgs, chromiumPath } from '../tools/chromium.mjs'

/** Chromium for AV pages: the project's flags, plus autoplay without a gesture (remote audio plays at once). */
export function launchAvChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [...chromiumArgs, '--autoplay-policy=no-user-gesture-required', ...extraArgs],
    headless: true,
  })
}

export interface ReceivedMedia {
  framesDecoded: number
  width: number
  height: number
  audioPackets: number
  /** A <video> showing this participant is playing (has frames, not paused). */
  videoPlaying: boolean
}

/**
 * What this page receives from each remote participant, from WebRTC's getStats through livekit-client's
 * tracks in the page's `<hl-av-stage>` model.
 */
export function receivedMedia(page: Page): Promise<Record<string, ReceivedMedia>> {
  return page.evaluate(async () => {
    type Stat = { type: string; kind?: string; framesDecoded?: number; frameWidth?: number; frameHeight?: number; packetsReceived?: number }
    type Pub = { track?: { getRTCStatsReport(): Promise<Map<string, Stat> | undefined> } }
    type P = { identity: string; trackPublications: Map<string, Pub> }
    const stage = document.querySelector('hl-classroom')?.shadowRoot?.querySelector('hl-av-stage') as
      | (HTMLElement & { model?: { room?: { remoteParticipants: Map<string, P> } } })
      | null
    const room = stage?.model?.room
    const out: Record<string, { framesDecoded: number; width: number; height: number; audioPackets: number; videoPlaying: boolean }> = {}
    if (!room) return out
    for (const p of room.remoteParticipants.values()) {
      const s = { framesDecoded: 0, width: 0, height: 0, audioPackets: 0, videoPlaying: false }
      for (const pub of p.trackPublications.values()) {
        const report = await pub.track?.getRTCStatsReport()
        report?.forEach((r) => {
          if (r.type !== 'inbound-rtp') return
          if (r.kind === 'video') {
            s.framesDecoded += r.framesDecoded ?? 0
            s.width = Math.max(s.width, r.frameWidth ?? 0)
            s.height = Math.max(s.height, r.frameHeight ?? 0)
          } else if (r.kind === 'audio') s.audioPackets += r.packetsReceived ?? 0
        })
      }
      const video = stage?.shadowRoot?.querySelector<HTMLVideoElement>(`video[data-identity="${CSS.escape(p.identity)}"]`)
      s.videoPlaying = !!video && !video.paused && video.readyState >= 2 && video.videoWidth > 0
      out[p.identity] = s
    }
    return out
  })
}

/** The AV model's state in the page. */
export function avState(page: Page): Promise<{ status: string; canPublish: boolean; published: string[]; remotes: string[]; problem: string | null }> {
  return page.evaluate(() => {
    type Model = {
      status: string
      canPublish: boolean
      problem?: string
      room?: { localParticipant: { trackPublications: Map<string, { source: string }> }; remoteParticipants: Map<string, { identity: string }> }
    }
    const stage = document.querySelector('hl-classroom')?.shadowRoot?.querySelector('hl-av-stage') as (HTMLElement & { model?: Model }) | null
    const m = stage?.model
    return {
      status: m?.status ?? 'none',
      canPublish: m?.canPublish ?? false,
      published: m?.room ? [...m.room.localParticipant.trackPublications.values()].map((p) => p.source).sort() : [],
      remotes: m?.room ? [...m.room.remoteParticipants.values()].map((p) => p.identity).sort() : [],
      problem: m?.problem ?? null,
    }
  })
}

/** Leaves the AV room before the page closes (a closed page's participant would linger in the SFU). */
export async function leaveAv(page: Page): Promise<void> {
  await page
    .evaluate(async () => {
      const stage = document.querySelector('hl-classroom')?.shadowRoot?.querySelector('hl-av-stage') as (HTMLElement & { model?: { leave(): Promise<void> } }) | null
      await stage?.model?.leave()
    })
    .catch(() => undefined)
}

export async function until<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await probe()
      if (v !== undefined && v !== false) return v
    } catch (err) {
      last = err
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}
