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

/**
 * Scores for each sentence (same order), summing to about 1. Sparse sorted term vectors and a dense
 * transition matrix keep a two-hour lesson (~1,500 utterances) well under a second.
 */
export function textRank(sentences: string[], { damping = 0.85, iterations = 50, tolerance = 1e-6 } = {}): number[] {
  const n = sentences.length
  if (n === 0) return []
  const docs = sentences.map(contentWords)
  const termIds = new Map<string, number>()
  const df: number[] = []
  for (const words of docs) {
    for (const w of new Set(words)) {
      let id = termIds.get(w)
      if (id === undefined) termIds.set(w, (id = termIds.size))
      df[id] = (df[id] ?? 0) + 1
    }
  }
  // Each sentence as TF-IDF weights over sorted term ids, normalised to length 1.
  const vectors = docs.map((words) => {
    const tf = new Map<number, number>()
    for (const w of words) {
      const id = termIds.get(w) as number
      tf.set(id, (tf.get(id) ?? 0) + 1)
    }
    const ids = Int32Array.from([...tf.keys()].sort((a, b) => a - b))
    const weights = Float64Array.from(ids, (id) => (tf.get(id) as number) * Math.log(1 + n / (df[id] as number)))
    const norm = Math.hypot(...weights) || 1
    for (let k = 0; k < weights.length; k++) weights[k] = (weights[k] as number) / norm
    return { ids, weights }
  })
  const cosine = (a: (typeof vectors)[number], b: (typeof vectors)[number]): number => {
    let dot = 0
    for (let i = 0, j = 0; i < a.ids.length && j < b.ids.length; ) {
      const x = a.ids[i] as number
      const y = b.ids[j] as number
      if (x === y) dot += (a.weights[i++] as number) * (b.weights[j++] as number)
      else if (x < y) i++
      else j++
    }
    return dot
  }
  const w = new Float64Array(n * n)
  const outSum = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const sim = cosine(vectors[i] as (typeof vectors)[number], vectors[j] as (typeof vectors)[number])
      if (sim === 0) continue
      w[i * n + j] = sim
      w[j * n + i] = sim
      outSum[i] = (outSum[i] as number) + sim
      outSum[j] = (outSum[j] as number) + sim
    }
  }
  let scores = new Float64Array(n).fill(1 / n)
  for (let k = 0; k < iterations; k++) {
    const next = new Float64Array(n).fill((1 - damping) / n)
    for (let j = 0; j < n; j++) {
      if (outSum[j] === 0) continue
      const share = (damping * (scores[j] as number)) / (outSum[j] as number)
      const row = j * n
      for (let i = 0; i < n; i++) next[i] = (next[i] as number) + (w[row + i] as number) * share
    }
    let change = 0
    for (let i = 0; i < n; i++) change += Math.abs((next[i] as number) - (scores[i] as number))
    scores = next
    if (change < tolerance) break
  }
  return [...scores]
}
