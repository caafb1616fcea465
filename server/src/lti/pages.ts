import type { Session } from '@hilink/protocol'
import type { MessageLocale } from '../http/locale.ts'
import { tr } from './page-locale.ts'

/** Small server-rendered pages of the LTI flow: what an LMS user sees inside the LMS's frame or tab. */

/**
 * Their policy: nothing loads, the one inline script (the auto-post) carries the nonce, forms post only here
 * or to `formTarget` (the LMS's deep linking return); any LMS may frame them (they show no one's data).
 */
export function ltiPageCsp(nonce: string, formTarget?: string): string {
  const formAction = ["'self'", ...(formTarget ? [new URL(formTarget).origin] : [])].join(' ')
  return `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; form-action ${formAction}; base-uri 'none'; frame-ancestors *`
}

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

function page(locale: MessageLocale, title: string, body: string, extraHead = ''): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · HiLink</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
  body { margin: 0 auto; max-width: 40rem; padding: 1.5rem; }
  h1 { font-size: 1.4rem; }
  .problem { border-left: 4px solid #b3261e; padding: 0.25rem 1rem; }
  fieldset { border: 1px solid #8a8a8a; border-radius: 6px; padding: 0.75rem 1rem; }
  label { display: block; margin: 0.4rem 0; }
  input[type=text] { font: inherit; padding: 0.35rem 0.5rem; box-sizing: border-box; width: 100%; max-width: 24rem; }
  button { font: inherit; padding: 0.5rem 1rem; margin-top: 1rem; cursor: pointer; }
  :focus-visible { outline: 3px solid #0b5fff; outline-offset: 2px; }
  small { font-size: 0.9em; }
</style>
${extraHead}
</head>
<body>
<main>
${body}
</main>
</body>
</html>`
}

/** A refused launch or login: what was wrong, in plain words, and what to do (`title` and `detail` in English, translated here). */
export function refusalPage(locale: MessageLocale, title: string, detail: string, values: Record<string, string> = {}): string {
  const heading = tr(locale, title, values)
  return page(
    locale,
    heading,
    `<h1>${escape(heading)}</h1>
<div class="problem" role="alert"><p>${escape(tr(locale, detail, values))}</p></div>
<p><small>${escape(tr(locale, 'HiLink could not open the lesson from your LMS. If this keeps happening, show this page to your LMS administrator.'))}</small></p>`,
  )
}

/** Posts `fields` to `action` at once (the LTI deep linking return); a button if scripts are off. */
export function autoPostPage(locale: MessageLocale, action: string, fields: Record<string, string>, englishTitle: string, nonce: string): string {
  const title = tr(locale, englishTitle)
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join('\n')
  return page(
    locale,
    title,
    `<h1>${escape(title)}</h1>
<form id="return" method="post" action="${escape(action)}">
${inputs}
<noscript><button type="submit">${escape(tr(locale, 'Continue to your LMS'))}</button></noscript>
</form>
<script nonce="${escape(nonce)}">document.getElementById('return').submit()</script>`,
  )
}

/** Deep linking: the instructor picks one of the course's sessions or names a new one. */
export function deepLinkingPage(locale: MessageLocale, o: { ticket: string; courseTitle: string | undefined; sessions: Session[] }): string {
  const t = (english: string, values?: Record<string, string>) => escape(tr(locale, english, values))
  const options = o.sessions
    .map(
      (s, i) =>
        `<label><input type="radio" name="choice" value="${escape(s.id)}"${i === 0 ? ' checked' : ''}> ${escape(s.title)} <small>(${t(s.state)}, ${escape(s.scheduledStart.slice(0, 16).replace('T', ' '))} UTC)</small></label>`,
    )
    .join('\n')
  return page(
    locale,
    tr(locale, 'Add a HiLink session'),
    `<h1>${t('Add a HiLink session to {course}', { course: o.courseTitle ?? tr(locale, 'this course') })}</h1>
<form method="post" action="/lti/deep-link">
<input type="hidden" name="ticket" value="${escape(o.ticket)}">
<input type="hidden" name="locale" value="${locale}">
<fieldset>
<legend>${t('Which session?')}</legend>
${options}
<label><input type="radio" name="choice" value="new"${o.sessions.length === 0 ? ' checked' : ''}> ${t('A new session')}</label>
<label>${t('Title of the new session')} <input type="text" name="title" maxlength="200" autocomplete="off"></label>
</fieldset>
<button type="submit">${t('Add to the course')}</button>
</form>`,
  )
}

/** The answer to an address over the failed-launch limit (429): plain words and how long to wait. */
export function tooManyRefusalsPage(locale: MessageLocale, retryAfterSeconds: number): string {
  return refusalPage(
    locale,
    'Too many refused launches',
    'Too many launches from this address were refused in the last minute. Wait {seconds} seconds, then start again from the LMS.',
    { seconds: String(retryAfterSeconds) },
  )
}
