import { can, type ParticipantRole } from '@hilink/protocol'

/**
 * Elements that not every participant needs live in their own chunks (issue #13: the core SDK stays ≤ 60 KB
 * gzipped). Each import() below is a define file: loading it defines the element, and the browser upgrades every
 * `<hl-…>` of that name already in the page. So the element API does not change; only the time of definition does.
 *
 * Two ways they load:
 * - `<hl-classroom>` renders them in its shadow root and loads what this person's role uses (`forRole`): a
 *   learner never downloads the summary review or the engagement panel.
 * - on a host page (standalone `<hl-insights>`, a slotted `<hl-whiteboard>`…), `autoload()` finds them in the
 *   document, now and as they are added: Shoelace's autoloader pattern, limited to these tags.
 */
export const lazyElements = {
  'hl-av-stage': () => import('../components/av-stage/av-stage.ts'),
  'hl-whiteboard': () => import('../components/whiteboard/whiteboard.ts'),
  'hl-summary-review': () => import('../components/summary-review/summary-review.ts'),
  'hl-engagement-panel': () => import('../components/engagement-panel/engagement-panel.ts'),
  'hl-insights': () => import('../components/insights/insights.ts'),
  'hl-poll-launcher': () => import('../components/poll-launcher/poll-launcher.ts'),
} satisfies Record<string, () => Promise<unknown>>

export type LazyTag = keyof typeof lazyElements
const lazyTags = Object.keys(lazyElements) as LazyTag[]

const loading = new Map<LazyTag, Promise<void>>()

/** Defines `tag` (once); resolves when it is defined. A failed download may be retried by calling again. */
export function loadElement(tag: LazyTag): Promise<void> {
  if (customElements.get(tag)) return Promise.resolve()
  let pending = loading.get(tag)
  if (!pending) {
    pending = lazyElements[tag]().then(
      () => undefined,
      (err: unknown) => {
        loading.delete(tag)
        throw err
      },
    )
    loading.set(tag, pending)
  }
  return pending
}

/** The lazy elements the classroom shows to `role` (each element still checks the permission itself). */
export function forRole(role: ParticipantRole): LazyTag[] {
  return [
    'hl-av-stage',
    'hl-whiteboard',
    ...(can(role, 'summary.review') || can(role, 'brief.read') ? (['hl-summary-review'] as const) : []),
    ...(can(role, 'room.liveData') ? (['hl-engagement-panel'] as const) : []),
    ...(can(role, 'poll.launch') ? (['hl-poll-launcher'] as const) : []),
  ]
}

function loadUnder(root: ParentNode): void {
  for (const tag of lazyTags) if (!customElements.get(tag) && root.querySelector(tag)) void loadElement(tag)
}

/** Loads the lazy elements in `root` (the host page's document), now and whenever some are added. */
export function autoload(root: Document = document): void {
  loadUnder(root)
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue
        const tag = node.localName
        if ((lazyTags as string[]).includes(tag)) void loadElement(tag as LazyTag)
        loadUnder(node)
      }
    }
  }).observe(root.documentElement, { childList: true, subtree: true })
}
