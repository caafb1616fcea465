/**
 * Listeners and notify: what every client state holder shares (models through CommandModel, the signal queue,
 * the room session). A listener may unsubscribe while being notified.
 */
export class Notifier {
  private readonly listeners = new Set<() => void>()

  /** Calls `listener` when this changes; answers the unsubscribe function. Subclasses add their sources. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  protected notify(): void {
    for (const l of [...this.listeners]) l()
  }

  /** Forgets every listener (the holder is being destroyed). */
  protected clearListeners(): void {
    this.listeners.clear()
  }
}

/**
 * The small base every client model shares (ARCHITECTURE.md §6): listeners and notify, and a command runner
 * with busy/problem state where the latest call wins: an older command finishing after a newer one started
 * neither clears the newer one's busy state nor overwrites its problem.
 */
export class CommandModel extends Notifier {
  /** A command is running. */
  busy = false
  /** What went wrong with the latest command, in words for the person (the server's message). */
  problem: string | undefined
  /** The problem's code (the server's error code, or `unreachable`), for elements that say it in another language. */
  problemCode: string | undefined
  private latest = 0

  /** Clears the problem (e.g. when the person dismisses it or edits again). */
  clearProblem(): void {
    if (this.problem === undefined) return
    this.problem = undefined
    this.problemCode = undefined
    this.notify()
  }

  /** Runs a command; answers whether it succeeded. Its problem is kept only if no newer command started since. */
  protected async run(work: () => Promise<unknown>): Promise<boolean> {
    const call = ++this.latest
    this.busy = true
    this.problem = undefined
    this.problemCode = undefined
    this.notify()
    try {
      await work()
      return true
    } catch (err) {
      if (call === this.latest) {
        // Our errors carry words for a person; a browser's TypeError ("Failed to fetch") is said generically.
        const code = (err as { code?: unknown } | undefined)?.code
        const ours = err instanceof Error && !(err instanceof TypeError)
        this.problemCode = typeof code === 'string' ? code : ours ? undefined : 'unexpected'
        this.problem = ours ? err.message : 'Something went wrong. Try again.'
      }
      return false
    } finally {
      if (call === this.latest) {
        this.busy = false
        this.notify()
      }
    }
  }
}
