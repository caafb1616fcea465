/**
 * The in-process loop that reads the outbox for a consumer (webhooks, LRS forwarding): one pass at a time, again
 * every `pollMs`, at once on `kick()`; `close()` waits for the pass under way. Timers are unref'd so a server
 * with nothing to deliver never holds the process open.
 */
export class PollingWorker {
  private timer: ReturnType<typeof setTimeout> | undefined
  private running: Promise<void> | undefined
  closed = false

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly pollMs: number,
    /** Names the worker in the warning a failed pass logs. */
    private readonly name: string,
  ) {}

  start(): void {
    this.schedule(0)
  }

  /** Runs a pass soon (e.g. after a redelivery was asked for). */
  kick(): void {
    if (this.closed) return
    if (this.timer) clearTimeout(this.timer)
    this.schedule(0)
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    await this.running
  }

  private schedule(ms: number): void {
    if (this.closed) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      if (this.running) return this.schedule(this.pollMs)
      this.running = this.pass()
        .catch((err: unknown) => {
          if (!this.closed) console.warn(`hilink: ${this.name}:`, (err as Error).message)
        })
        .finally(() => {
          this.running = undefined
          this.schedule(this.pollMs)
        })
    }, ms)
    this.timer.unref()
  }
}
