// The whiteboard's tldraw files, self-hosted (never tldraw's CDN: that fails offline and leaks page views).
// - tldrawAssets(): a Vite plugin that copies @tldraw/assets (fonts, icons, translations, embed icons) into
//   dist/sdk/tldraw-assets/, where <hl-whiteboard> looks for them next to the SDK.
// - cssInline(): a web-test-runner plugin that serves `*.css?inline` imports as a JS module of the CSS text,
//   the way Vite does, so component tests load the same whiteboard module as the build.
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const assetsDir = path.dirname(require.resolve('@tldraw/assets/package.json'))

export function tldrawAssets() {
  let outDir = 'dist'
  return {
    name: 'hilink-tldraw-assets',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    writeBundle() {
      for (const dir of ['fonts', 'icons', 'translations', 'embed-icons']) {
        fs.cpSync(path.join(assetsDir, dir), path.join(outDir, 'tldraw-assets', dir), { recursive: true })
      }
    },
  }
}

export function cssInline() {
  return {
    name: 'hilink-css-inline',
    serve(context) {
      if (!context.path.endsWith('.css') || !context.URL.searchParams.has('inline')) return undefined
      const file = path.join(process.cwd(), decodeURIComponent(context.path))
      if (!fs.existsSync(file)) return undefined
      return { body: `export default ${JSON.stringify(fs.readFileSync(file, 'utf8'))}`, type: 'js' }
    },
  }
}
