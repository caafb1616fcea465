/**
 * npm run bench:asr — on-device speech recognition quality and speed on this machine.
 * Speech: bench/speech-set/references.txt, spoken by espeak-ng (two voices) at bench time. Each utterance is
 * transcribed by the server's Transcriber (Whisper in its worker thread, q8, the model `npm run setup`
 * installed). Prints the normalised word error rate (bench/wer.ts), the real-time factor (processing seconds /
 * audio seconds) and the process's peak memory, with the reference point the issue sets: RTF ≤ 0.5.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Transcriber } from '../server/src/ai/transcriber.ts'
import { pcm16ToFloat } from '../server/src/ai/segmenter.ts'
import { speak } from '../tools/speech.mjs'
import { wordErrors } from './wer.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const modelDir = path.resolve(process.env.HILINK_MODEL_DIR ?? path.join(here, '../models'))
const modelId = process.env.HILINK_ASR_MODEL ?? 'whisper-base'
const voices = (process.env.BENCH_VOICES ?? 'en-us,en-gb').split(',')
const references = fs.readFileSync(path.join(here, 'speech-set/references.txt'), 'utf8').split('\n').filter(Boolean)

let peakRss = process.memoryUsage().rss
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20)

const transcriber = new Transcriber({ modelDir, modelId, language: 'en', maxQueued: 4 })
const loadStart = performance.now()
await transcriber.whenReady()
const loadMs = performance.now() - loadStart

let errors = 0
let words = 0
let audioSeconds = 0
let processingMs = 0
const worst: Array<{ wer: number; ref: string; hyp: string }> = []
for (const voice of voices) {
  for (const reference of references) {
    const samples = pcm16ToFloat(speak(reference, { voice }))
    audioSeconds += samples.length / 16_000
    const started = performance.now()
    const hypothesis = (await transcriber.transcribe(samples, 'final')) ?? ''
    processingMs += performance.now() - started
    const e = wordErrors(reference, hypothesis)
    errors += e.errors
    words += e.words
    worst.push({ wer: e.errors / e.words, ref: reference, hyp: hypothesis })
  }
}
await transcriber.close()
clearInterval(sampler)

const rtf = processingMs / 1000 / audioSeconds
console.log(`ASR quality: ${modelId} (q8) on ${references.length} sentences × ${voices.length} espeak-ng voices (${voices.join(', ')})`)
console.log(`| measure | value |\n|---|---|`)
console.log(`| word error rate (normalised) | ${((100 * errors) / words).toFixed(1)} % (${errors} / ${words} words) |`)
console.log(`| real-time factor | ${rtf.toFixed(3)} (target ≤ 0.5: ${(rtf / 0.5).toFixed(2)}× of the budget) |`)
console.log(`| audio / processing | ${audioSeconds.toFixed(1)} s / ${(processingMs / 1000).toFixed(1)} s |`)
console.log(`| model load | ${(loadMs / 1000).toFixed(1)} s |`)
console.log(`| peak RSS (server process incl. worker) | ${(peakRss / 1e6).toFixed(0)} MB |`)
console.log('\nworst sentences:')
for (const w of worst.sort((a, b) => b.wer - a.wer).slice(0, 5)) console.log(`  ${(100 * w.wer).toFixed(0)} %  "${w.ref}" → "${w.hyp}"`)
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`)
