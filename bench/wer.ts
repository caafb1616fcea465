/**
 * Word error rate, the usual ASR measure: (substitutions + deletions + insertions) / reference words, after
 * normalising both texts the same way (lower case, letters and digits only, numbers below 100, "%" and "&"
 * spelled out).
 * Word-level edit distance is a few lines of dynamic programming; the npm WER packages are unmaintained.
 */
const ones = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen']
const tens = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety']

/** Whole numbers below 100 as words, as the references spell them ("42" → "forty two"). */
function spellNumber(n: number): string {
  if (n < 20) return ones[n] as string
  return n % 10 === 0 ? (tens[Math.floor(n / 10)] as string) : `${tens[Math.floor(n / 10)]} ${ones[n % 10]}`
}

export function normaliseWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/\b\d{1,2}\b/g, (d) => ` ${spellNumber(Number(d))} `)
    .replace(/%/g, ' percent ')
    .replace(/&/g, ' and ')
    .replace(/[’']/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
}

export function wordErrors(reference: string, hypothesis: string): { errors: number; words: number } {
  const ref = normaliseWords(reference)
  const hyp = normaliseWords(hypothesis)
  let previous = Array.from({ length: hyp.length + 1 }, (_, j) => j)
  for (let i = 1; i <= ref.length; i++) {
    const current = [i]
    for (let j = 1; j <= hyp.length; j++) {
      const substitution = (previous[j - 1] as number) + (ref[i - 1] === hyp[j - 1] ? 0 : 1)
      current[j] = Math.min(substitution, (previous[j] as number) + 1, (current[j - 1] as number) + 1)
    }
    previous = current
  }
  return { errors: previous[hyp.length] as number, words: ref.length }
}

export function wordErrorRate(reference: string, hypothesis: string): number {
  const { errors, words } = wordErrors(reference, hypothesis)
  return words === 0 ? (normaliseWords(hypothesis).length > 0 ? 1 : 0) : errors / words
}
