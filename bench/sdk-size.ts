// npm run bench:sdk — the gzipped size of the SDK's core (hilink.js and the chunks it imports statically) and of
// each lazy chunk, from the build in dist/sdk (run `npx vite build` first). Budget: core ≤ 60 KB (issue #13).
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { coreBudgetBytes, measureSdk } from '../tools/sdk-size.mjs'
import { machineLine } from './bench-kit.ts'

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/sdk')
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`
const { core, lazy, hasZod } = measureSdk(dir)

console.log(machineLine())
console.log(`core (hilink.js + ${core.files.length - 1} chunks it imports): ${kb(core.gzip)} gzipped (budget ${kb(coreBudgetBytes)})${hasZod ? ', ZOD INSIDE' : ''}`)
for (const chunk of lazy) {
  const extra = chunk.files.length > 1 ? ` (+ ${chunk.files.slice(1).join(', ')})` : ''
  console.log(`  lazy ${chunk.entry.replace(/-[\w-]{8}\.js$/, '')}: ${kb(chunk.gzip)}${extra}`)
}
// A measurement, not a gate (server/test/sdk-size.test.ts is): say it plainly and let `npm run bench` go on.
if (core.gzip > coreBudgetBytes) console.log(`core is OVER its ${kb(coreBudgetBytes)} budget by ${kb(core.gzip - coreBudgetBytes)}`)
if (hasZod) process.exitCode = 1
