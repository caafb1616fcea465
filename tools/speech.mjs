// Speech made here for tests and benchmarks: espeak-ng (Debian) speaks text to a WAV, and wavefile
// converts it to what the audio socket takes (16 kHz mono PCM16) or to a 16 kHz WAV for Chromium's fake
// microphone.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import wavefile from 'wavefile'

// wavefile ships CommonJS: its named export is on the default export under Node.
const { WaveFile } = wavefile

function speakToWave(text, { voice = 'en-us', wordsPerMinute = 175 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilink-speech-'))
  try {
    const file = path.join(dir, 'speech.wav')
    execFileSync('espeak-ng', ['-v', voice, '-s', String(wordsPerMinute), '-w', file, text])
    const wav = new WaveFile(fs.readFileSync(file))
    wav.toBitDepth('16')
    wav.toSampleRate(16_000, { method: 'sinc', LPF: true })
    return wav
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Raw 16 kHz mono PCM16 bytes of the spoken text. */
export function speak(text, opts) {
  const samples = speakToWave(text, opts).getSamples(false, Int16Array)
  return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength)
}

/** A 16 kHz mono PCM16 WAV file of the spoken texts, each followed by `pauseMs` of silence. */
export function speakToWavFile(file, texts, { pauseMs = 1500, ...opts } = {}) {
  const parts = texts.flatMap((t) => [speak(t, opts), silencePcm16(pauseMs)])
  const pcm = concatBytes(...parts)
  const wav = new WaveFile()
  wav.fromScratch(1, 16_000, '16', new Int16Array(pcm.buffer, pcm.byteOffset, pcm.byteLength / 2))
  fs.writeFileSync(file, wav.toBuffer())
  return pcm.byteLength / 32_000
}

export function silencePcm16(ms) {
  return new Uint8Array(Math.round((16_000 * ms) / 1000) * 2)
}

export function concatBytes(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.byteLength
  }
  return out
}
