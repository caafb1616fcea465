import { chromium, type Browser } from 'playwright-core'
import { chromiumArgs, chromiumPath } from '../tools/chromium.mjs'

/** Debian's Chromium through playwright-core, with the project's one set of launch flags. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true })
}
