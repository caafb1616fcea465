import { chromium, type Browser } from 'playwright-core'
import { chromiumArgs, chromiumPath } from '../tools/chromium.mjs'

/**
 * Debian's Chromium through playwright-core, with the project's one set of launch flags. `fakeAudioFile`
 * makes the fake microphone play that WAV (in a loop).
 */
export function launchChromium(opts: { fakeAudioFile?: string } = {}): Promise<Browser> {
  const args = [...chromiumArgs]
  if (opts.fakeAudioFile) args.push(`--use-file-for-fake-audio-capture=${opts.fakeAudioFile}`)
  return chromium.launch({ executablePath: chromiumPath, args, headless: true })
}
