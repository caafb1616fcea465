import type { Browser, Page } from 'playwright-core'

/** Playwright waits for the UX tests: the CPU is shared, so generous. */
export const timeout = { timeout: 20_000 }

/** One browser context per person on the demo's classroom page; answers when the classroom is live. */
export async function openClassroom(browser: Browser, url: string, token: string, opts: { width?: number; theme?: 'light' | 'dark' } = {}): Promise<Page> {
  const context = await browser.newContext(opts.width ? { viewport: { width: opts.width, height: 800 } } : {})
  const page = await context.newPage()
  await page.goto(`${url}/room.html#token=${token}`)
  await page.locator('hl-classroom [part="status"]').filter({ hasText: 'Live' }).waitFor(timeout)
  if (opts.theme) await setTheme(page, opts.theme)
  return page
}

export async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.evaluate((t) => {
    ;(document.querySelector('hl-classroom') as HTMLElement & { theme: string }).theme = t
  }, theme)
}

/** Every text on the page, through open shadow roots (what a person could read). */
export function pageText(page: Page): Promise<string> {
  // A string, not a function: tsx would wrap the inner named function in a helper the page does not have.
  return page.evaluate(`(() => {
    const parts = []
    const walk = (node) => {
      if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '')
      if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot)
      node.childNodes.forEach(walk)
    }
    walk(document.body)
    return parts.join(' ').replace(/\\s+/g, ' ')
  })()`)
}

/** The browser's own network error texts: never shown to a person. */
export const rawErrorText = /Failed to fetch|NetworkError|Load failed|TypeError/
