import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * locales/es.ts is generated from xliff/es.xlf by `npm run localize` (lit-localize), yet people edit it by hand:
 * then the next `npm run localize` silently drops their Spanish, or the xliff's newer Spanish never reaches the
 * SDK. This compares the two, translation by translation, without running lit-localize (which reads the whole
 * elements program: ~30 s of CPU): every translated id is in both, and a text translation (plain or with
 * `${…}` placeholders) reads the same. Translations with markup (html``) are checked for presence only.
 */
const elements = path.resolve(import.meta.dirname, '../../packages/elements')

function xmlText(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
}

/** id → target text of xliff/es.xlf (the source where there is none), placeholders written `{n}`. */
function xliffTargets(): Map<string, string> {
  const xlf = fs.readFileSync(path.join(elements, 'xliff/es.xlf'), 'utf8')
  const out = new Map<string, string>()
  for (const unit of xlf.matchAll(/<trans-unit id="([^"]+)">([\s\S]*?)<\/trans-unit>/g)) {
    // Without a target, lit-localize writes the English source into es.ts (its fallback), so that is expected.
    const body = unit[2] ?? ''
    const target = /<target>([\s\S]*?)<\/target>/.exec(body)?.[1] ?? /<source>([\s\S]*?)<\/source>/.exec(body)?.[1]
    if (unit[1] && target !== undefined) out.set(unit[1], xmlText(target.replace(/<x id="(\d+)"[^>]*\/>/g, '{$1}')))
  }
  return out
}

type Template = string | { strTag?: true; strings: readonly string[]; values: readonly unknown[] } | { _$litType$: number }

/** The text of a plain or str`` translation, placeholders written `{n}`; undefined for html``. */
function text(t: Template): string | undefined {
  if (typeof t === 'string') return t
  if ('strTag' in t && t.strTag) return t.strings.map((s, i) => (i < t.values.length ? `${s}{${String(t.values[i])}}` : s)).join('')
  return undefined
}

test('locales/es.ts and xliff/es.xlf hold the same Spanish (edit the xliff, then npm run localize)', async () => {
  const file = pathToFileURL(path.join(elements, 'src/localization/locales/es.ts')).href
  const { templates } = (await import(file)) as { templates: Record<string, Template> }
  const targets = xliffTargets()
  assert.ok(targets.size > 100, `the xliff was read (${targets.size} translations)`)
  const onlyInEsTs = Object.keys(templates).filter((id) => !targets.has(id))
  const onlyInXliff = [...targets.keys()].filter((id) => !(id in templates))
  const differ = Object.entries(templates).filter(([id, t]) => {
    const plain = text(t)
    return plain !== undefined && targets.has(id) && targets.get(id) !== plain
  }).map(([id, t]) => `${id}: es.ts «${text(t)}» / xliff «${targets.get(id)}»`)
  assert.deepEqual(
    { onlyInEsTs, onlyInXliff, differ },
    { onlyInEsTs: [], onlyInXliff: [], differ: [] },
    'locales/es.ts and xliff/es.xlf differ: put the Spanish in xliff/es.xlf and run npm run localize',
  )
})
