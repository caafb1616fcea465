/**
 * Valid tldraw 5.4 records (what the editor writes) for tests and benchmarks that touch the `whiteboard` root:
 * the server validates every record with tldraw's schema (server/src/whiteboard/validate.ts), so a test that
 * only needs "some board entry" should write `boardShape(id)` rather than arbitrary JSON.
 */
const richText = { type: 'doc', content: [{ type: 'paragraph' }] }

/** Default props of every default shape type (from each ShapeUtil's getDefaultProps in tldraw 5.4.2). */
export const defaultShapeProps: Record<string, Record<string, unknown>> = {
  text: { color: 'black', size: 'm', w: 8, font: 'draw', textAlign: 'start', autoSize: true, scale: 1, richText },
  bookmark: { url: '', w: 300, h: 320, assetId: null },
  draw: { segments: [], color: 'black', fill: 'none', dash: 'draw', size: 'm', isComplete: false, isClosed: false, isPen: false, scale: 1, scaleX: 1, scaleY: 1 },
  geo: {
    w: 100, h: 100, geo: 'rectangle', dash: 'draw', growY: 0, url: '', scale: 1, flipX: false, flipY: false, color: 'black',
    labelColor: 'black', fill: 'none', size: 'm', font: 'draw', align: 'middle', verticalAlign: 'middle', richText,
  },
  note: {
    color: 'black', richText, size: 'm', font: 'draw', align: 'middle', verticalAlign: 'middle', labelColor: 'black', growY: 0,
    fontSizeAdjustment: 1, url: '', scale: 1, textLastEditedBy: null,
  },
  line: { dash: 'draw', size: 'm', color: 'black', spline: 'line', points: { a1: { id: 'a1', index: 'a1', x: 0, y: 0 }, a2: { id: 'a2', index: 'a2', x: 10, y: 10 } }, scale: 1 },
  frame: { w: 320, h: 180, name: '', color: 'black' },
  arrow: {
    kind: 'arc', elbowMidPoint: 0.5, dash: 'draw', size: 'm', fill: 'none', color: 'black', labelColor: 'black', bend: 0,
    start: { x: 0, y: 0 }, end: { x: 2, y: 0 }, arrowheadStart: 'none', arrowheadEnd: 'arrow', richText, labelPosition: 0.5, font: 'draw', scale: 1,
  },
  highlight: { segments: [], color: 'black', size: 'm', isComplete: false, isPen: false, scale: 1, scaleX: 1, scaleY: 1 },
  embed: { w: 300, h: 300, url: '' },
  image: { w: 100, h: 100, assetId: null, playing: true, url: '', crop: null, flipX: false, flipY: false, altText: '' },
  video: { w: 100, h: 100, assetId: null, autoplay: true, url: '', altText: '', time: 0, playing: true },
  group: {},
}

export const boardPageId = 'page:page'

/** A valid shape record; `id` without the `shape:` prefix. */
export function boardShape(id: string, type = 'geo', overrides: Record<string, unknown> = {}): Record<string, unknown> & { id: string } {
  return {
    id: `shape:${id}`,
    typeName: 'shape',
    type,
    x: 0,
    y: 0,
    rotation: 0,
    index: 'a1',
    parentId: boardPageId,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: { ...(defaultShapeProps[type] ?? {}) },
    ...overrides,
  }
}

export const boardPage = { id: boardPageId, typeName: 'page', name: 'Page 1', index: 'a1', meta: {} }
export const boardDocument = { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} }
