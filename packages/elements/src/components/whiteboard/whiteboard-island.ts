/**
 * The React island of `<hl-whiteboard>`: tldraw, React and tldraw's CSS. Loaded only by the element's dynamic
 * `import()`, so this module and everything it imports form a lazy chunk; pages without a board never load it.
 * Written without JSX (React.createElement) so the SDK needs no JSX build step.
 */
import { createElement, forwardRef, useRef } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import {
  DefaultShapeWrapper,
  Tldraw,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  useEditor,
  useValue,
  type Editor,
  type TLPageId,
  type TLShapeId,
  type TLShapeWrapperProps,
} from 'tldraw'
import { getAssetUrls } from '@tldraw/assets/selfHosted'
import tldrawCss from 'tldraw/tldraw.css?inline'
import type { Awareness } from 'y-protocols/awareness'
import type { WhiteboardModel, WhiteboardPeer } from '@hilink/core'

export interface IslandOptions {
  /** Where React renders (inside the element's shadow root). */
  container: HTMLElement
  shadowRoot: ShadowRoot
  model: WhiteboardModel
  awareness: Awareness
  /** Base URL of the self-hosted @tldraw/assets files (fonts, icons, translations): never tldraw's CDN. */
  assetsUrl: string
  licenseKey: string | undefined
  readOnly: boolean
  dark: boolean
  /** This participant's user id: shapes they draw carry it in `meta.createdBy`. */
  userId: string
  /** Whether they may delete others' shapes (instructors, TAs); otherwise the editor keeps others' shapes. */
  deleteAny: boolean
  /** Called once the editor is mounted (tests and benchmarks read it through the element). */
  onEditor(editor: Editor): void
}

export interface WhiteboardIsland {
  readonly editor: Editor | undefined
  setReadOnly(readOnly: boolean): void
  setDark(dark: boolean): void
  /** Publishes this participant's follow-me flag with their presence. */
  setFollowMe(on: boolean): void
  /** Moves this editor to a leader's page and camera (follow-me); `undefined` stops nothing, it just does not move. */
  follow(peer: WhiteboardPeer): void
  /** Deletes every shape of the current page as one undoable step. */
  clearPage(): void
  exportImage(format: 'png' | 'svg'): Promise<Blob | undefined>
  destroy(): void
}

/**
 * tldraw mounts every shape of the page and only hides the ones off screen (culled: `display: none`), so a
 * remote paste of 3,880 shapes below the viewport built the SVG of all 3,880 before the next frame, on both
 * sides (profiled: most of the receiver's 1.5–2 s render, and the sender's render holds its socket's send).
 * This wrapper renders a shape's content only once the shape has been on screen, and keeps it from then on,
 * so panning back and forth remounts nothing. The wrapper itself (position, size, culling) is tldraw's; hit
 * tests, bounds, arrows, selection and export read the shape's geometry and records, never this DOM.
 */
const ShapeWrapperShownOnce = forwardRef<HTMLDivElement, TLShapeWrapperProps>(function ShapeWrapperShownOnce(props, ref) {
  const editor = useEditor()
  const shown = useRef(false)
  // Once shown, the computation stops reading the culled set, so it no longer runs on camera moves.
  shown.current = useValue('shape shown once', () => shown.current || !editor.getCulledShapes().has(props.shape.id), [editor, props.shape.id])
  return createElement(DefaultShapeWrapper, { ...props, ref }, shown.current ? props.children : null)
})
const components = { ShapeWrapper: ShapeWrapperShownOnce }

let sheet: CSSStyleSheet | undefined
/** tldraw's stylesheet, parsed once per page and shared by every board's shadow root. */
function tldrawSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet()
    sheet.replaceSync(tldrawCss)
  }
  return sheet
}

export function mountWhiteboard(options: IslandOptions): WhiteboardIsland {
  const { container, shadowRoot, model, awareness } = options
  const css = tldrawSheet()
  if (!shadowRoot.adoptedStyleSheets.includes(css)) shadowRoot.adoptedStyleSheets = [...shadowRoot.adoptedStyleSheets, css]

  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
  const disconnect = model.connect(store, { awareness })
  // The server lets a learner delete only what they drew, and a refused update would leave this client's later
  // ones unplaceable on the server. So the editor itself keeps others' shapes (Select all + Delete takes only
  // one's own), and marks new shapes with their author.
  const stopCreate = store.sideEffects.registerBeforeCreateHandler('shape', (shape, source) =>
    // Always this user (a duplicate or a paste copies the original's meta; the server checks the author).
    source === 'user' && shape.meta.createdBy !== options.userId ? { ...shape, meta: { ...shape.meta, createdBy: options.userId } } : shape,
  )
  const stopDelete = store.sideEffects.registerBeforeDeleteHandler('shape', (shape, source) => {
    if (source === 'user' && !options.deleteAny && shape.meta.createdBy !== options.userId) return false
    return undefined
  })
  let editor: Editor | undefined
  let readOnly = options.readOnly
  let dark = options.dark
  let followMe = false
  let stopPresence = () => {}

  const publish = () => {
    if (!editor) return
    const point = editor.inputs.getCurrentPagePoint()
    model.setPresence({
      pageId: editor.getCurrentPageId(),
      cursor: { x: point.x, y: point.y },
      camera: editor.getCamera(),
      selection: editor.getSelectedShapeIds(),
      followMe,
    })
  }

  const apply = () => {
    if (!editor) return
    editor.updateInstanceState({ isReadonly: readOnly })
    editor.user.updateUserPreferences({ colorScheme: dark ? 'dark' : 'light' })
  }

  // Without autoFocus tldraw never takes keyboard focus (its shortcuts, Ctrl+Z included, need it): focus the
  // editor when the board is pressed, blur it when something else on the page is (shadow DOM: composedPath).
  const focusOnPress = () => editor?.focus()
  const blurElsewhere = (event: Event) => {
    if (editor && !event.composedPath().includes(container)) editor.blur()
  }
  container.addEventListener('pointerdown', focusOnPress)
  container.ownerDocument.addEventListener('pointerdown', blurElsewhere)

  const root: Root = createRoot(container)
  root.render(
    createElement(Tldraw, {
      store,
      licenseKey: options.licenseKey,
      components,
      assetUrls: getAssetUrls({ baseUrl: options.assetsUrl }),
      autoFocus: false,
      // tldraw's toolbar takes the digit keys from the whole document unless an input has focus, and inside our
      // shadow roots it cannot see one: every "3" typed into a poll or the chat was swallowed (and picked a tool).
      // The board keeps its letter shortcuts, which tldraw takes only while the canvas has focus.
      options: { enableToolbarKeyboardShortcuts: false },
      onMount: (mounted: Editor) => {
        editor = mounted
        apply()
        // Camera, pointer, selection and current page are session-scope records: publish on their changes.
        stopPresence = mounted.store.listen(publish, { scope: 'session' })
        publish()
        options.onEditor(mounted)
      },
    }),
  )

  return {
    get editor() {
      return editor
    },
    setReadOnly(value) {
      readOnly = value
      apply()
    },
    setDark(value) {
      dark = value
      apply()
    },
    setFollowMe(on) {
      followMe = on
      publish()
    },
    follow(peer) {
      if (!editor) return
      const pageId = peer.pageId as TLPageId
      if (editor.getCurrentPageId() !== pageId && editor.getPage(pageId)) editor.setCurrentPage(pageId)
      const cam = editor.getCamera()
      if (cam.x !== peer.camera.x || cam.y !== peer.camera.y || cam.z !== peer.camera.z) {
        editor.setCamera(peer.camera, { immediate: true, force: true })
      }
    },
    clearPage() {
      if (!editor) return
      const ids = [...editor.getCurrentPageShapeIds()] as TLShapeId[]
      if (ids.length === 0) return
      editor.markHistoryStoppingPoint('clear page')
      editor.deleteShapes(ids)
    },
    async exportImage(format) {
      if (!editor) return undefined
      const ids = [...editor.getCurrentPageShapeIds()] as TLShapeId[]
      if (ids.length === 0) return undefined
      if (format === 'svg') {
        const svg = await editor.getSvgString(ids, { background: true })
        return svg ? new Blob([svg.svg], { type: 'image/svg+xml' }) : undefined
      }
      const image = await editor.toImage(ids, { format: 'png', background: true })
      return image.blob
    },
    destroy() {
      container.removeEventListener('pointerdown', focusOnPress)
      container.ownerDocument.removeEventListener('pointerdown', blurElsewhere)
      stopCreate()
      stopDelete()
      stopPresence()
      root.unmount()
      disconnect()
      editor = undefined
      shadowRoot.adoptedStyleSheets = shadowRoot.adoptedStyleSheets.filter((s) => s !== css)
    },
  }
}
