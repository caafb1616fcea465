import { defineConfig } from 'vite'

/**
 * The server built to JavaScript (`npm run build:server`, part of `npm run build`): `npm start` runs
 * dist/server/main.mjs with plain Node instead of compiling TypeScript at start through tsx. npm packages stay
 * external (native better-sqlite3, onnxruntime); the workspace packages (@hilink/protocol) are bundled in.
 * The speech worker is its own entry under the name the transcriber loads (`asr-worker-entry.mjs`).
 */
export default defineConfig({
  build: {
    ssr: true,
    outDir: 'dist/server',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rolldownOptions: {
      input: { main: 'server/src/main.ts', 'asr-worker-entry': 'server/src/ai/asr-worker.ts' },
      output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
    },
  },
})
