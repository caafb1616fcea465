/**
 * Speech recognition in a worker thread, so that transcription never blocks the server's event loop.
 * transformers.js loads the Whisper model from the local model folder only: remote loading is off.
 */
import { parentPort, workerData } from 'node:worker_threads'
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
const port = parentPort
if (!port) throw new Error('asr-worker must run in a worker thread')

let asr: AutomaticSpeechRecognitionPipeline
try {
  asr = (await pipeline('automatic-speech-recognition', modelId, { dtype: 'q8', device: 'cpu' })) as AutomaticSpeechRecognitionPipeline
  port.postMessage({ kind: 'ready' } satisfies AsrResponse)
} catch (err) {
  port.postMessage({ kind: 'failed', message: (err as Error).message } satisfies AsrResponse)
  process.exit(1)
}

port.on('message', async (request: AsrRequest) => {
  if ('kind' in request) {
    // Release the ONNX sessions before the thread ends: tearing them down mid-exit aborts the process.
    await asr.dispose()
    port.close()
    return
  }
  const { id, samples } = request
  const started = performance.now()
  try {
    const options = language ? { language, task: 'transcribe' as const } : {}
    const output = await asr(samples, options)
    const text = (Array.isArray(output) ? output.map((o) => o.text).join(' ') : output.text).trim()
    port.postMessage({ id, text, ms: performance.now() - started } satisfies AsrResponse)
  } catch (err) {
    port.postMessage({ id, error: (err as Error).message } satisfies AsrResponse)
  }
})
