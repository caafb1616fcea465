import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Segmenter, pcm16ToFloat, type SegmenterEvent } from '../src/ai/segmenter.ts'
import { toWebVtt } from '../src/transcripts/vtt.ts'
import { isSpeech } from '../src/transcripts/transcription-service.ts'
import { wordErrorRate } from '../../bench/wer.ts'

const rate = 16_000
const silence = (ms: number) => new Float32Array((rate * ms) / 1000)
const tone = (ms: number, amplitude = 0.3) =>
  Float32Array.from({ length: (rate * ms) / 1000 }, (_, i) => amplitude * Math.sin((2 * Math.PI * 220 * i) / rate))

function feed(segmenter: Segmenter, parts: Float32Array[], chunkMs = 100): SegmenterEvent[] {
  const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    all.set(p, at)
    at += p.length
  }
  const events: SegmenterEvent[] = []
  const chunk = (rate * chunkMs) / 1000
  for (let i = 0; i < all.length; i += chunk) events.push(...segmenter.push(all.subarray(i, i + chunk)))
  return [...events, ...segmenter.flush()]
}

test('the segmenter cuts speech at pauses, keeps a pre-roll and drops clicks and silence', () => {
  const events = feed(new Segmenter(), [silence(1000), tone(1500), silence(1000), tone(90), silence(1000), tone(1200), silence(300)])
  const finals = events.filter((e) => e.kind === 'final')
  assert.equal(finals.length, 2, JSON.stringify(finals.map((f) => [f.startMs, f.endMs])))
  const [first, second] = finals as Array<Extract<SegmenterEvent, { kind: 'final' }>>
  assert.ok(Math.abs(first!.startMs - 800) <= 40, `first starts ${first!.startMs}`)
  assert.ok(first!.endMs >= 2500 && first!.endMs <= 2800, `first ends ${first!.endMs}`)
  assert.ok(Math.abs(second!.startMs - (1000 + 1500 + 1000 + 90 + 1000 - 200)) <= 40, `second starts ${second!.startMs}`)
  assert.equal(first!.samples.length, Math.round(((first!.endMs - first!.startMs) * rate) / 1000))
})

test('long speech gives partials every 2 s and is cut at 15 s', () => {
  const events = feed(new Segmenter(), [tone(20_000), silence(1000)])
  const partials = events.filter((e) => e.kind === 'partial')
  const finals = events.filter((e) => e.kind === 'final') as Array<Extract<SegmenterEvent, { kind: 'final' }>>
  assert.equal(finals.length, 2)
  assert.ok(Math.abs(finals[0]!.endMs - finals[0]!.startMs - 15_000) <= 40)
  assert.ok(partials.length >= 8, `${partials.length} partials`)
  assert.ok(partials.every((p) => p.samples.length <= 15 * rate))
})

test('silence and quiet noise give nothing at all', () => {
  const noise = Float32Array.from({ length: rate * 5 }, () => (Math.random() - 0.5) * 0.005)
  assert.deepEqual(feed(new Segmenter(), [silence(10_000), noise]), [])
})

test('PCM16 little-endian bytes become samples in [-1, 1]', () => {
  const bytes = new Uint8Array([0x00, 0x80, 0xff, 0x7f, 0x00, 0x00, 0x00, 0x40])
  assert.deepEqual([...pcm16ToFloat(bytes)], [-1, 32767 / 32768, 0, 0.5])
})

test('WebVTT output has cue timings, voices, and escapes what a speaker says', () => {
  const vtt = toWebVtt([
    { id: 'a', speakerId: 'ada', speakerName: 'Ada <T>', startMs: 1_500, endMs: 3_725_250, text: 'x < y & y --> z' },
  ])
  assert.equal(vtt, 'WEBVTT\n\n1\n00:00:01.500 --> 01:02:05.250\n<v Ada &lt;T&gt;>x &lt; y &amp; y --&gt; z\n')
})

test('a speaker name with line breaks cannot end a WebVTT cue early', () => {
  const vtt = toWebVtt([{ id: 'a', speakerId: 'x', speakerName: 'Eve\r\n\r\n2\r\n00:00:00.000 --> 00:00:09.000', startMs: 0, endMs: 1000, text: 'hi' }])
  assert.equal(vtt, 'WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.000\n<v Eve 2 00:00:00.000 --&gt; 00:00:09.000>hi\n')
})

test('bracketed non-speech tags are not captions', () => {
  assert.equal(isSpeech('[BLANK_AUDIO]'), false)
  assert.equal(isSpeech(' (music) '), false)
  assert.equal(isSpeech(' ...'), false)
  assert.equal(isSpeech(' Today we learn about plants.'), true)
})

test('word error rate counts substitutions, deletions and insertions after normalising', () => {
  assert.equal(wordErrorRate('a b c d', 'a x c d e'), 0.5)
  assert.equal(wordErrorRate('Half of eight is four.', 'half of eight is 4'), 0)
  assert.equal(wordErrorRate('Page forty two!', 'page 42'), 0)
  assert.equal(wordErrorRate('', ''), 0)
  assert.equal(wordErrorRate('', 'hallucinated words'), 1)
})
