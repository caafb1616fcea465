import { defineConfig } from 'vite'

/**
 * `npm run build`: the SDK as one ES module (dist/sdk/hilink.js) plus lazy chunks (locales now; the
 * whiteboard and AV later), served by the server at /sdk/. `npm run dev` rebuilds it on every change.
 */
export default defineConfig({
  root: 'demo',
  build: {
    outDir: '../dist/sdk',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: '../packages/elements/src/index.ts',
      formats: ['es'],
      fileName: () => 'hilink.js',
    },
  },
})
