import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'

/**
 * @hilink/elements as a package: it resolves from a consumer (docs/examples/react, outside the package) through its
 * `exports`, and `npm pack` would ship the sources, the define files and the manifest, without tests.
 * (e2e/framework-examples.test.ts builds and runs the consumers themselves.) `npm run build` generates the
 * manifest (custom-elements.json, from the components' JSDoc), as the SDK tests need its build.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const elementsDir = path.join(root, 'packages/elements')
const consumer = createRequire(path.join(root, 'docs/examples/react/vite.config.js'))

test('a consumer resolves the package, a define entry per element, its types and custom-elements.json', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(elementsDir, 'package.json'), 'utf8')) as { customElements: string; types: string }
  // createRequire resolves "default" conditions the way bundlers do for `import`.
  assert.equal(consumer.resolve('@hilink/elements'), path.join(elementsDir, 'src/index.ts'))
  for (const name of ['classroom', 'poll', 'chat', 'whiteboard', 'insights']) {
    const file = consumer.resolve(`@hilink/elements/define/${name}`)
    assert.equal(file, path.join(elementsDir, `src/components/${name}/${name}.ts`))
    assert.match(fs.readFileSync(file, 'utf8'), new RegExp(`define\\('hl-${name}'\\)`), `define/${name} defines hl-${name}`)
  }
  const manifest = JSON.parse(fs.readFileSync(consumer.resolve('@hilink/elements/custom-elements.json'), 'utf8')) as {
    modules: Array<{ declarations?: Array<{ tagName?: string }> }>
  }
  const tags = manifest.modules.flatMap((m) => m.declarations ?? []).map((d) => d.tagName)
  assert.ok(tags.includes('hl-classroom') && tags.includes('hl-poll'), 'the manifest describes the elements')
  assert.equal(pkg.customElements, 'custom-elements.json')
  assert.ok(fs.existsSync(path.join(elementsDir, pkg.types)))
})

test('npm pack ships sources, define files and the manifest, never tests or test support', async () => {
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '-w', '@hilink/elements'], { cwd: root })
  const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path)
  for (const f of ['package.json', 'custom-elements.json', 'src/index.ts', 'src/components/classroom/classroom.ts', 'src/internal/lazy-elements.ts']) {
    assert.ok(files.includes(f), `${f} is in the package`)
  }
  assert.deepEqual(files.filter((f) => f.endsWith('.test.ts') || f.includes('test-support')), [])
})
