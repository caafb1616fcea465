import { Worker } from 'node:worker_threads'
import fs from 'node:fs'
import path from 'node:path'
import type { AsrRequest, AsrResponse, AsrWorkerData } from './asr-worker.ts'

export interface TranscriberOptions {
  modelDir: string
  modelId: string
  /** Whisper language code for multilingual models (e.g. 'en'); undefined lets the model detect it. */
  language: string | undefined
  /** Jobs waiting beyond this are refused (partials first), so a flood of audio cannot grow memory. */
  maxQueued: number
}

type Job = { id: number; samples: Float32Array; priority: 'final' | 'partial'; resolve: (text: string | undefined) => void }

/**
 * Runs speech recognition in one worker thread, one job at a time, finals before partials. A partial that
 * is still waiting when a newer one arrives is answered `undefined` (outdated) rather than transcribed.
 */
export class Transcriber {
  private worker: Worker | undefined
  private ready: Promise<void> | undefined
  private readonly queue: Job[] = []
  private current: Job | undefined
  private nextId = 1
  private closed = false

  /** Whether the model folder holds a model at all; the server runs without one, transcription off. */
  static modelInstalled(opts: Pick<TranscriberOptions, 'modelDir' | 'modelId'>): boolean {
    return fs.existsSync(path.join(opts.modelDir, opts.modelId, 'onnx', 'encoder_model_quantized.onnx'))
  }

  constructor(private readonly opts: TranscriberOptions) {}

  /** Loads the model in its worker on first use: a server whose sessions never send audio never pays for it. */
  private start(): Promise<void> {
    if (this.ready) return this.ready
    const worker = new Worker(new URL('./asr-worker-entry.mjs', import.meta.url), {
      workerData: { modelDir: this.opts.modelDir, modelId: this.opts.modelId, language: this.opts.language } satisfies AsrWorkerData,
    })
    this.worker = worker
    this.ready = new Promise<void>((resolve, reject) => {
      worker.once('message', (m: AsrResponse) =>
        'kind' in m && m.kind === 'ready'
          ? resolve()
          : reject(new Error(`speech model failed to load: ${'message' in m ? m.message : 'unknown'}`)),
      )
      worker.once('error', reject)
    })
    worker.on('message', (m: AsrResponse) => {
      if (!('id' in m) || !this.current || m.id !== this.current.id) return
      const job = this.current
      this.current = undefined
      job.resolve('text' in m ? m.text : undefined)
      if ('error' in m) console.warn(`hilink: transcription failed: ${m.error}`)
      this.pump()
    })
    return this.ready
  }

  whenReady(): Promise<void> {
    return this.start()
  }

  /** Transcribes 16 kHz mono samples; answers undefined when the job was dropped or failed. */
  transcribe(samples: Float32Array, priority: 'final' | 'partial'): Promise<string | undefined> {
    if (this.closed) return Promise.resolve(undefined)
    return new Promise((resolve) => {
      if (priority === 'partial') {
        // Only the newest partial matters.
        for (const stale of this.queue.filter((j) => j.priority === 'partial')) {
          this.queue.splice(this.queue.indexOf(stale), 1)
          stale.resolve(undefined)
        }
      }
      if (this.queue.length >= this.opts.maxQueued) {
        console.warn('hilink: transcription queue full, dropping audio')
        return resolve(undefined)
      }
      const job: Job = { id: this.nextId++, samples, priority, resolve }
      if (priority === 'final') {
        const firstPartial = this.queue.findIndex((j) => j.priority === 'partial')
        this.queue.splice(firstPartial === -1 ? this.queue.length : firstPartial, 0, job)
      } else this.queue.push(job)
      this.start().then(() => this.pump(), () => {
        this.queue.splice(0).forEach((j) => j.resolve(undefined))
      })
    })
  }

  async close(): Promise<void> {
    this.closed = true
    this.queue.splice(0).forEach((j) => j.resolve(undefined))
    this.current?.resolve(undefined)
    this.current = undefined
    const worker = this.worker
    this.worker = undefined
    if (!worker) return
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
    const loaded = await this.ready?.then(() => true, () => false)
    if (loaded) worker.postMessage({ kind: 'dispose' } satisfies AsrRequest)
    // The worker ends once its model is released, after the inference under way. Terminating it mid-inference
    // aborts the whole process (onnxruntime throws from its teardown), and on a busy machine one utterance can
    // take well over 5 s: only a worker stuck for half a minute is terminated.
    const timer = setTimeout(() => void worker.terminate(), loaded ? 30_000 : 0)
    await exited
    clearTimeout(timer)
  }

  private pump(): void {
    if (this.current || !this.worker) return
    const job = this.queue.shift()
    if (!job) return
    this.current = job
    const request: AsrRequest = { id: job.id, samples: job.samples }
    this.worker.postMessage(request, [job.samples.buffer as ArrayBuffer])
  }
}
