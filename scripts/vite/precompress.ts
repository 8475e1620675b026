import type { Plugin, ResolvedConfig } from 'vite'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'

const brotli = promisify(brotliCompress)
const gz = promisify(gzip)

/** What is worth compressing: text. Images and fonts are compressed already. */
const TEXT_FILE = /\.(?:js|mjs|css|html|json|webmanifest|svg|txt|xml)$/
/** Below this a compressed copy saves less than a packet. */
const MIN_BYTES = 1024

/**
 * Writes `<file>.br` and `<file>.gz` beside every text file of the build, at the highest levels
 * (done once at build time, not per request), so the server sends them as they are
 * (@fastify/static `preCompressed`). A copy that would not be smaller is not written.
 */
export function precompress(): Plugin {
  let config: ResolvedConfig
  return {
    name: 'precompress',
    apply: 'build',
    configResolved(resolved) {
      config = resolved
    },
    // After every other plugin's output, the service worker's included (vite-plugin-pwa writes it on close).
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const outDir = resolve(config.root, config.build.outDir)
        const files = (await readdir(outDir, { recursive: true })).filter(f => TEXT_FILE.test(f))
        for (const file of files) {
          const path = join(outDir, file)
          const raw = await readFile(path)
          if (raw.length < MIN_BYTES)
            continue
          const [br, gzipped] = await Promise.all([
            brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
            gz(raw, { level: constants.Z_BEST_COMPRESSION }),
          ])
          if (br.length < raw.length)
            await writeFile(`${path}.br`, br)
          if (gzipped.length < raw.length)
            await writeFile(`${path}.gz`, gzipped)
        }
      },
    },
  }
}
