/**
 * Speech recognition in a worker thread, so that transcription never blocks the server's event loop.
 * transformers.js loads the Whisper model from the local model folder only: remote loading is off.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads'
import { env, pipeline, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers'

export interface AsrWorkerData {
  modelDir: string
  modelId: string
  language: string | undefined
}
export type AsrRequest = { id: number; samples: Float32Array } | { kind: 'dispose' }
export type AsrResponse =
  | { kind: 'ready' }
  | { kind: 'failed'; message: string }
  | { id: number; text: string; ms: number }
  | { id: number; error: string }

const { modelDir, modelId, language } = workerData as AsrWorkerData
env.allowRemoteModels = false
env.allowLocalModels = true
env.localModelPath = modelDir
if (!parentPort) throw new Error('asr-worker must run in a worker thread')
const port: MessagePort = parentPort

let asr: AutomaticSpeechRecognitionPipeline
try {
  asr = (await pipeline('automatic-speech-recognition', modelId, { dtype: 'q8', device: 'cpu' })) as AutomaticSpeechRecognitionPipeline
  port.postMessage({ kind: 'ready' } satisfies AsrResponse)
} catch (err) {
  port.postMessage({ kind: 'failed', message: (err as Error).message } satisfies AsrResponse)
  process.exit(1)
}

/** The inference under way, so that disposing waits for it instead of pulling the model from under it. */
let inflight: Promise<void> = Promise.resolve()

port.on('message', async (request: AsrRequest) => {
  if ('kind' in request) {
    // Release the ONNX sessions before the thread ends: tearing them down mid-exit aborts the process.
    await inflight
    await asr.dispose()
    port.close()
    return
  }
  inflight = transcribe(request)
})

async function transcribe({ id, samples }: { id: number; samples: Float32Array }): Promise<void> {
  const started = performance.now()
  try {
    const options = language ? { language, task: 'transcribe' as const } : {}
    const output = await asr(samples, options)
    const text = (Array.isArray(output) ? output.map((o) => o.text).join(' ') : output.text).trim()
    port.postMessage({ id, text, ms: performance.now() - started } satisfies AsrResponse)
  } catch (err) {
    port.postMessage({ id, error: (err as Error).message } satisfies AsrResponse)
  }
}
