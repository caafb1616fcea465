// A Vite plugin that writes a Brotli (.br) and a gzip (.gz) copy of every JavaScript and CSS file of the build,
// so the server sends them precompressed (serveStatic's `precompressed`) instead of compressing per request.
// node:zlib is the standard implementation of both; maximum quality costs build time only.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

export function precompress() {
  let outDir = 'dist'
  return {
    name: 'hilink-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    closeBundle() {
      for (const name of fs.readdirSync(outDir, { recursive: true })) {
        const file = path.join(outDir, String(name))
        if (!/\.(m?js|css)$/.test(file) || !fs.statSync(file).isFile()) continue
        const source = fs.readFileSync(file)
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(source, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }))
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(source, { level: 9 }))
      }
    },
  }
}
