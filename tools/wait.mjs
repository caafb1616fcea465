// Waiting helpers shared by server tests, e2e, component-test tooling and benchmarks (one definition each).

/** Resolves once `check()` is true, polling every `intervalMs`; rejects after `timeoutMs` naming `what`. */
export async function waitFor(check, timeoutMs = 5000, what = 'condition', intervalMs = 5) {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
