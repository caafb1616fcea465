import type { Plugin } from 'vite'
export function tldrawAssets(): Plugin
export function cssInline(): { name: string; serve(context: unknown): unknown }
