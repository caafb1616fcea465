/** Vite's `?inline` CSS import: the stylesheet's text (the whiteboard adopts tldraw's CSS into its shadow root). */
declare module '*.css?inline' {
  const css: string
  export default css
}
