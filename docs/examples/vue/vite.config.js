import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// A host app: Vue renders <hl-classroom> from the @hilink/elements package. `isCustomElement` tells Vue's template
// compiler that hl-* tags are custom elements, not Vue components to resolve.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('hl-') } } })],
  build: { outDir: 'dist', emptyOutDir: true },
})
