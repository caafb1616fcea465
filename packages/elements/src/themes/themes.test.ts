import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import '../index.ts'
import type { HlClassroom } from '../components/classroom/classroom.component.ts'
import { createSession } from '../test-support/server.ts'
import { themeTokens } from './palette.ts'

/** `#rrggbb` as the browser computes a colour (`rgb(r, g, b)`). */
function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16)
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`
}
const dark = (name: keyof typeof themeTokens) => rgb(themeTokens[name].dark)
const light = (name: keyof typeof themeTokens) => rgb(themeTokens[name].light)

describe('themes: public --hl-* tokens inherit into every element', () => {
  it('a dark <hl-classroom> makes the elements inside it dark, and a tenant’s own token on it still wins', async () => {
    const s = await createSession([{ userId: 'ada', name: 'Ada', role: 'instructor' }])
    const el = await fixture<HlClassroom>(
      html`<hl-classroom theme="dark" server=${s.server} token=${s.tokens.ada}></hl-classroom>`,
    )
    const chat = () => el.shadowRoot?.querySelector('hl-chat')
    const send = () => chat()?.shadowRoot?.querySelector<HTMLButtonElement>('[part="send"]')
    const roster = () => el.shadowRoot?.querySelector('hl-roster')
    await waitUntil(() => send() && roster()?.shadowRoot?.querySelector('[part="base"]'), 'the room is drawn', { timeout: 8000 })

    const base = el.shadowRoot!.querySelector('[part="base"]')!
    expect(getComputedStyle(base).backgroundColor, 'the classroom surface').to.equal(dark('color-surface'))
    // Children, each in its own shadow root, inherit the dark tokens instead of resetting them to light.
    expect(getComputedStyle(roster()!).color, 'roster text').to.equal(dark('color-text'))
    expect(getComputedStyle(chat()!).color, 'chat text').to.equal(dark('color-text'))
    expect(getComputedStyle(send()!).backgroundColor, 'the primary button of a child').to.equal(dark('color-accent'))
    expect(getComputedStyle(send()!).color, 'text on the accent').to.equal(dark('color-on-accent'))
    expect(getComputedStyle(chat()!).colorScheme).to.equal('dark')

    // A tenant's accent set on the classroom outranks the dark theme's, down to the child's button.
    el.style.setProperty('--hl-color-accent', 'rgb(123, 45, 200)')
    expect(getComputedStyle(send()!).backgroundColor).to.equal('rgb(123, 45, 200)')
    expect(getComputedStyle(roster()!).color, 'the rest stays dark').to.equal(dark('color-text'))
  })

  it('a standalone element takes --hl-* tokens from any ancestor of the host page, and its light defaults otherwise', async () => {
    const page = await fixture<HTMLDivElement>(html`<div>
      <hl-chat id="plain"></hl-chat>
      <section style="--hl-color-text: rgb(10, 20, 30); --hl-color-accent: rgb(200, 0, 100)">
        <div><hl-chat id="branded"></hl-chat></div>
      </section>
    </div>`)
    const plain = page.querySelector('#plain')!
    const branded = page.querySelector('#branded')!
    expect(getComputedStyle(plain).color).to.equal(light('color-text'))
    expect(getComputedStyle(plain).getPropertyValue('--_accent').trim()).to.equal(themeTokens['color-accent'].light)
    expect(getComputedStyle(branded).color).to.equal('rgb(10, 20, 30)')
    expect(getComputedStyle(branded).getPropertyValue('--_accent').trim()).to.equal('rgb(200, 0, 100)')
  })

  it('class="hl-theme-dark" on a page wrapper, or theme="dark" on the element itself, darkens a standalone element; theme="light" switches back', async () => {
    const page = await fixture<HTMLDivElement>(html`<div>
      <div class="hl-theme-dark">
        <hl-roster id="by-class"></hl-roster>
        <div class="hl-theme-light"><hl-roster id="light-again"></hl-roster></div>
      </div>
      <hl-poll id="by-attribute" theme="dark"></hl-poll>
      <div class="hl-theme-dark"><hl-roster id="light-by-attribute" theme="light"></hl-roster></div>
    </div>`)
    const color = (id: string) => getComputedStyle(page.querySelector(`#${id}`)!).color
    expect(color('by-class')).to.equal(dark('color-text'))
    expect(color('light-again')).to.equal(light('color-text'))
    expect(color('by-attribute')).to.equal(dark('color-text'))
    expect(color('light-by-attribute')).to.equal(light('color-text'))
  })
})
