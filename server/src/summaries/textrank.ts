/**
 * TextRank (Mihalcea & Tarau, 2004) over TF-IDF sentence vectors: sentences that are similar to many other
 * central sentences rank high. Deterministic: the same transcript always gives the same ranking. Small
 * enough to keep here; the npm TextRank packages are unmaintained or English-only wrappers with network
 * dependencies.
 */
const stopwords = new Set(
  ('a about above after again all also am an and any are as at be because been before being below between both but by can could ' +
    'did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its ' +
    'just let like me more most my no nor not now of off on once only or other our ours out over own really same she should so some ' +
    'such than that the their theirs them then there these they this those through to too under until up us very was we were what ' +
    'when where which while who whom why will with would you your yours okay right yes yeah well going gonna get got one two ' +
    'today everyone please thank thanks')
    .split(' '),
)

export function contentWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 2 && !stopwords.has(w))
}

/** Scores for each sentence (same order), summing to about 1. */
export function textRank(sentences: string[], { damping = 0.85, iterations = 50 } = {}): number[] {
  const n = sentences.length
  if (n === 0) return []
  const docs = sentences.map(contentWords)
  const df = new Map<string, number>()
  for (const words of docs) for (const w of new Set(words)) df.set(w, (df.get(w) ?? 0) + 1)
  const vectors = docs.map((words) => {
    const tf = new Map<string, number>()
    for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1)
    const v = new Map<string, number>()
    for (const [w, f] of tf) v.set(w, f * Math.log(1 + n / (df.get(w) as number)))
    return v
  })
  const norms = vectors.map((v) => Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0)))
  const weight = (i: number, j: number) => {
    if (i === j || norms[i] === 0 || norms[j] === 0) return 0
    let dot = 0
    for (const [w, x] of vectors[i] as Map<string, number>) dot += x * ((vectors[j] as Map<string, number>).get(w) ?? 0)
    return dot / ((norms[i] as number) * (norms[j] as number))
  }
  const w = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => weight(i, j)))
  const outSum = w.map((row) => row.reduce((s, x) => s + x, 0))
  let scores = new Array<number>(n).fill(1 / n)
  for (let k = 0; k < iterations; k++) {
    scores = scores.map((_, i) => {
      let incoming = 0
      for (let j = 0; j < n; j++) if ((outSum[j] as number) > 0) incoming += ((w[j]![i] as number) / (outSum[j] as number)) * (scores[j] as number)
      return (1 - damping) / n + damping * incoming
    })
  }
  return scores
}
