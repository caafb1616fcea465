// What a browser downloads of the built SDK (dist/sdk), gzipped: the core (hilink.js and every chunk it imports
// statically, all fetched before the elements run) and each lazy chunk (an import() target) with what it alone adds.
// Used by `npm run bench:sdk` (bench/sdk-size.ts) and by the size budget test (server/test/sdk-size.test.ts).
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

/** The core's budget, gzipped (issue #13; KB = 1000 bytes, as the issue measured 97.6 KB before). */
export const coreBudgetBytes = 60_000

const staticImport = /(?:^|[;}])\s*(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?["'`](\.\/[^"'`]+\.js)["'`]/g
const dynamicImport = /import\(\s*["'`](\.\/[^"'`]+\.js)["'`]\s*\)/g

function importsOf(code, pattern) {
  return [...code.matchAll(pattern)].map((m) => m[1].slice(2))
}

/**
 * @param {string} dir the build output (dist/sdk)
 * @returns {{ core: { files: string[], gzip: number }, lazy: Array<{ entry: string, files: string[], gzip: number }>, hasZod: boolean }}
 */
export function measureSdk(dir, entry = 'hilink.js') {
  const code = new Map()
  const read = (file) => {
    if (!code.has(file)) code.set(file, fs.readFileSync(path.join(dir, file), 'utf8'))
    return code.get(file)
  }
  const gzip = (file) => zlib.gzipSync(read(file), { level: 9 }).length
  const closure = (start, known = new Set()) => {
    const seen = new Set()
    const visit = (file) => {
      if (seen.has(file) || known.has(file)) return
      seen.add(file)
      for (const dep of importsOf(read(file), staticImport)) visit(dep)
    }
    visit(start)
    return seen
  }
  const core = closure(entry)
  const lazyEntries = new Set()
  const queue = [...core]
  const visited = new Set(queue)
  while (queue.length) {
    const file = queue.shift()
    for (const dep of [...importsOf(read(file), dynamicImport), ...importsOf(read(file), staticImport)]) {
      if (importsOf(read(file), dynamicImport).includes(dep) && !core.has(dep)) lazyEntries.add(dep)
      if (!visited.has(dep)) {
        visited.add(dep)
        queue.push(dep)
      }
    }
  }
  const lazy = [...lazyEntries]
    .map((lazyEntry) => {
      const files = [...closure(lazyEntry, core)]
      return { entry: lazyEntry, files, gzip: files.reduce((sum, f) => sum + gzip(f), 0) }
    })
    .sort((a, b) => a.entry.localeCompare(b.entry))
  const coreFiles = [...core]
  // The client must not ship zod (issue #13): the core's source maps would name its modules.
  const hasZod = coreFiles.some((f) => {
    const map = path.join(dir, `${f}.map`)
    return fs.existsSync(map) && /node_modules\/zod\//.test(fs.readFileSync(map, 'utf8').slice(0, 200_000))
  })
  return { core: { files: coreFiles, gzip: coreFiles.reduce((sum, f) => sum + gzip(f), 0) }, lazy, hasZod }
}
