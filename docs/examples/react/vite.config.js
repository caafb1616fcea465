import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// A host app: React 19 renders <hl-classroom> from the @hilink/elements package like any element.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
})
