import { defineConfig } from 'vite'
import { precompress } from './tools/precompress.mjs'
import { tldrawAssets } from './tools/tldraw-assets.mjs'

/**
 * `npm run build`: the SDK's core as one ES module (dist/sdk/hilink.js, ≤ 60 KB gzipped: `npm run bench:sdk`) plus
 * lazy chunks (locales, AV, whiteboard, staff views, insights), served by the server at /sdk/. `npm run dev`
 * rebuilds it on every change.
 */
export default defineConfig({
  root: 'demo',
  plugins: [precompress(), tldrawAssets()],
  // React (in the whiteboard's lazy chunk) reads NODE_ENV: without this, library mode ships its development build.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: '../dist/sdk',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Library mode keeps ES output's whitespace (for bundlers downstream); the SDK is served to browsers as it
    // is, so minify it fully.
    rolldownOptions: {
      // hilink.js may export more than the SDK's names: the lazy chunks import the core's shared modules from it.
      // With the default ('strict') every such module became a tiny chunk of its own, fetched and gzipped alone.
      preserveEntrySignatures: 'allow-extension',
      output: { minify: true },
      // Radix (inside tldraw) marks its modules "use client" for React Server Components; in a browser bundle the
      // directive means nothing, and ~45 warnings a build hid the ones that matter. Only that warning is dropped.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('"use client"')) return
        warn(warning)
      },
    },
    lib: {
      entry: '../packages/elements/src/index.ts',
      formats: ['es'],
      fileName: () => 'hilink.js',
    },
  },
})
