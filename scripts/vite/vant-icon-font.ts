import type { Plugin } from 'vite'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

/** Vant's icon font names a copy on a third-party CDN after its inline woff2. */
const VANT_REMOTE_ICON_FONT = /,\s*url\((?:https?:)?\/\/at\.alicdn\.com\/[^)]*\)\s*format\("woff"\)/g
/** The inline woff2 in vant/es/icon/index.css: 25 KB of the 32 KB (gzip) of the app shell's CSS. */
const VANT_INLINE_ICON_FONT = /url\(data:font\/woff2;charset=utf-8;base64,([A-Za-z0-9+/=]+)\)/

/**
 * Vant's icon font, from our origin only:
 * - no copy from a CDN: the Content-Security-Policy allows fonts from 'self' and data: only
 *   (issue #13), and a resident's phone should not call a CDN;
 * - in the build, its woff2 as a file of its own instead of a data: URL inside the CSS (issue #18):
 *   CSS blocks the first paint, a font does not, and the browser fetches it only when a page shows
 *   an icon. The service worker precaches it (`woff2` in src/app/pwa.config.ts), so icons still
 *   show offline. The font goes to Vite's cache folder, whence Vite emits it as a hashed asset.
 */
export function vantIconFont(): Plugin {
  let cacheDir = ''
  let build = false
  return {
    name: 'vant-icon-font',
    // Before vite:css, which then resolves the file's url() like any other asset.
    enforce: 'pre',
    configResolved(config) {
      cacheDir = config.cacheDir
      build = config.command === 'build'
    },
    transform(code, id) {
      if (!id.includes('/vant/') || !id.endsWith('.css'))
        return
      let css = code.replace(VANT_REMOTE_ICON_FONT, '')
      if (build) {
        css = css.replace(VANT_INLINE_ICON_FONT, (_dataUrl, base64: string) => {
          const font = Buffer.from(base64, 'base64')
          const file = join(cacheDir, 'vant-icon-font', `vant-icon-${createHash('sha256').update(font).digest('hex').slice(0, 8)}.woff2`)
          // Named by its content, so a file already there is this font. Written whole or not at
          // all: another build may be reading it (a rename replaces it in one step).
          if (!existsSync(file)) {
            mkdirSync(dirname(file), { recursive: true })
            const partial = `${file}.${process.pid}`
            writeFileSync(partial, font)
            renameSync(partial, file)
          }
          return `url("${relative(dirname(id), file).replaceAll('\\', '/')}")`
        })
      }
      return css === code ? undefined : css
    },
  }
}
