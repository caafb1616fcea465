import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import { executeServerCommand } from '@web/test-runner-commands'
import '../../index.ts'
import { getLocale, setLocale } from '../../localization/localization.ts'
import { chooseLocale } from '../../localization/locale-choice.ts'
import type { HlClassroom } from './classroom.component.ts'
import { createSession, visibleText } from '../../test-support/server.ts'

/** Sets the test server's (default) tenant's brand with its admin key, as a tenant admin would. */
function brand(body: Record<string, unknown>): Promise<unknown> {
  return executeServerCommand('hilink-api', { method: 'PATCH', path: '/api/v1/tenant', body })
}
const unbranded = { productName: null, logoUrl: null, defaultLocale: null, theme: {} }
const logo = new URL('/demo/example-logo.svg', location.href).href

describe('<hl-classroom> wears the tenant’s brand', () => {
  afterEach(async () => {
    // The test server is shared by every test file: leave its tenant as it was.
    await brand(unbranded)
    await setLocale('en')
  })

  it('applies the tenant’s theme tokens, logo and product name; a token the host page set wins; dark-* variants in dark', async () => {
    await brand({
      productName: 'Acme Learn',
      logoUrl: logo,
      theme: { 'color-accent': '#6d28d9', 'dark-color-accent': '#a78bfa', 'color-border': '#c4b5fd', radius: '2px' },
    })
    const s = await createSession([{ userId: 'ada', name: 'Ada', role: 'instructor' }])
    const wrapper = await fixture<HTMLDivElement>(html`<div style="--hl-color-border: rgb(1, 2, 3)">
      <hl-classroom server=${s.server} token=${s.tokens.ada}></hl-classroom>
    </div>`)
    const el = wrapper.querySelector('hl-classroom') as HlClassroom
    const header = () => el.shadowRoot?.querySelector('header')
    await waitUntil(() => el.shadowRoot?.querySelector('[part="logo"]'), 'the logo', { timeout: 8000 })

    const img = el.shadowRoot!.querySelector<HTMLImageElement>('[part="logo"]')!
    expect(img.getAttribute('src')).to.equal(logo)
    expect(img.alt).to.equal('Acme Learn')
    expect(visibleText(header())).to.contain('Acme Learn')
    expect(visibleText(header())).not.to.contain('HiLink')

    // Set with style.setProperty on the classroom, inherited by the children; with dark-* variants, once the
    // classroom has read the page's theme (its reader is a chunk of its own, loaded for such brands only).
    await waitUntil(() => el.style.getPropertyValue('--hl-color-accent') !== '', 'the tenant’s tokens', { timeout: 5000 })
    expect(el.style.getPropertyValue('--hl-color-accent')).to.equal('#6d28d9')
    expect(el.style.getPropertyValue('--hl-radius')).to.equal('2px')
    await waitUntil(() => el.shadowRoot?.querySelector('hl-chat')?.shadowRoot?.querySelector('[part="send"]'), 'the chat', { timeout: 8000 })
    const send = el.shadowRoot!.querySelector('hl-chat')!.shadowRoot!.querySelector('[part="send"]')!
    expect(getComputedStyle(send).backgroundColor).to.equal('rgb(109, 40, 217)')
    expect(getComputedStyle(send).borderTopLeftRadius).to.equal('2px')
    // The host page's own border colour (on an ancestor) is not overridden by the tenant's.
    expect(el.style.getPropertyValue('--hl-color-border')).to.equal('')
    const base = el.shadowRoot!.querySelector('[part="base"]')!
    expect(getComputedStyle(base).borderTopColor).to.equal('rgb(1, 2, 3)')

    // Dark: the tenant's dark variant replaces its accent.
    el.theme = 'dark'
    await el.updateComplete
    expect(getComputedStyle(send).backgroundColor).to.equal('rgb(167, 139, 250)')
    el.theme = 'light'
    await el.updateComplete
    expect(getComputedStyle(send).backgroundColor).to.equal('rgb(109, 40, 217)')
  })

  it('dark-* variants follow the theme the page gives the classroom: hl-theme-dark, a dark ancestor’s tokens; its own theme attribute wins', async () => {
    await brand({ theme: { 'color-accent': '#6d28d9', 'dark-color-accent': '#a78bfa' } })
    const s = await createSession([{ userId: 'ada', name: 'Ada', role: 'instructor' }])
    const wrapper = await fixture<HTMLDivElement>(html`<div class="hl-theme-dark">
      <div><hl-classroom server=${s.server} token=${s.tokens.ada}></hl-classroom></div>
    </div>`)
    const el = wrapper.querySelector('hl-classroom') as HlClassroom
    await waitUntil(() => el.shadowRoot?.querySelector('hl-chat')?.shadowRoot?.querySelector('[part="send"]'), 'the chat', { timeout: 8000 })
    const send = el.shadowRoot!.querySelector('hl-chat')!.shadowRoot!.querySelector('[part="send"]')!
    const accent = () => getComputedStyle(send).backgroundColor
    const violetLight = 'rgb(109, 40, 217)'
    const violetDark = 'rgb(167, 139, 250)'
    expect(el.theme).to.equal(undefined)
    await waitUntil(() => accent() === violetDark, `dark variant under hl-theme-dark (got ${accent()})`, { timeout: 8000 })

    // The page switches to light: the light value comes back, without touching the classroom.
    wrapper.classList.replace('hl-theme-dark', 'hl-theme-light')
    await waitUntil(() => accent() === violetLight, `light value under hl-theme-light (got ${accent()})`, { timeout: 4000 })

    // The page's own dark tokens on an ancestor (say, under prefers-color-scheme: dark) are a dark theme too.
    wrapper.classList.remove('hl-theme-light')
    const inner = el.parentElement as HTMLDivElement
    inner.style.setProperty('--hl-color-surface', 'hsl(220 20% 8%)')
    await waitUntil(() => accent() === violetDark, `dark variant under dark page tokens (got ${accent()})`, { timeout: 4000 })
    inner.style.setProperty('--hl-color-surface', 'white')
    await waitUntil(() => accent() === violetLight, `light value under light page tokens (got ${accent()})`, { timeout: 4000 })

    // The classroom's own attribute outranks the page.
    inner.style.setProperty('--hl-color-surface', '#000')
    el.theme = 'light'
    await el.updateComplete
    await new Promise((r) => requestAnimationFrame(r))
    expect(accent()).to.equal(violetLight)
  })

  it('speaks the tenant’s default locale when the page does not say, and the locale attribute outranks it', async () => {
    await brand({ defaultLocale: 'es-MX' })
    const s = await createSession([{ userId: 'ada', name: 'Ada', role: 'learner' }])
    const el = await fixture<HlClassroom>(html`<hl-classroom server=${s.server} token=${s.tokens.ada}></hl-classroom>`)
    await waitUntil(() => el.shadowRoot?.querySelector('[part="base"]')?.getAttribute('lang') === 'es', 'Spanish', { timeout: 8000 })
    expect(visibleText(el.shadowRoot?.querySelector('header'))).to.contain('Estudiante')

    el.locale = 'en'
    await waitUntil(() => getLocale() === 'en' && el.shadowRoot?.querySelector('[part="base"]')?.getAttribute('lang') === 'en', 'English', { timeout: 8000 })
    expect(visibleText(el.shadowRoot?.querySelector('header'))).to.contain('Learner')
  })

  it('chooses the language: attribute, tenant default, the browser’s languages in order, else English', () => {
    expect(chooseLocale('es', 'en', ['en-US'])).to.equal('es')
    expect(chooseLocale(undefined, 'es-MX', ['en-US'])).to.equal('es')
    expect(chooseLocale(undefined, null, ['fr-FR', 'es-ES', 'en'])).to.equal('es')
    expect(chooseLocale('fr', null, ['de'])).to.equal('en')
  })
})
