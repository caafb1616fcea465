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

/**
 * Runs axe-core in the page and answers its violations (WCAG 2 A/AA rules), each as "rule: target, …", so a
 * test can `assert.deepEqual(await axeViolations(page), [])` and read what is wrong when it fails. Shadow roots
 * are included: axe walks open shadow DOM by itself.
 */
export async function axeViolations(page: import('playwright-core').Page, context: string = 'body'): Promise<string[]> {
  const { createRequire } = await import('node:module')
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath })
  const violations = await page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run(c: string, o: object): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe
    const result = await axe.run(selector, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } })
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`)
  }, context)
  return violations
}
