import type { Plugin } from 'vite'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'

/** Vant's icon font names a copy on a third-party CDN after its inline woff2. */
const VANT_REMOTE_ICON_FONT = /,\s*url\((?:https?:)?\/\/at\.alicdn\.com\/[^)]*\)\s*format\("woff"\)/g
/** The inline woff2 in vant/es/icon/index.css: 25 KB of the 32 KB (gzip) of the app shell's CSS. */
const VANT_INLINE_ICON_FONT = /url\(data:font\/woff2;charset=utf-8;base64,([A-Za-z0-9+/=]+)\)/
/** Vant's stylesheet of icons: the font and, for each icon, the code point its glyph has. */
const VANT_ICON_CSS = /\/vant\/es\/icon\/index\.css$/
/** How Vant's @font-face shows an icon while its font loads: as the browser likes. */
const VANT_ICON_FONT_DISPLAY = /font-display:\s*auto/
/** The subset font as the build emits it: `assets/vant-icon-<its sha256>-<Vite's hash>.woff2`. */
const ICON_FONT_FILE = /(?:^|\/)vant-icon-[0-9a-f]{8}-[\w-]+\.woff2$/
/** An icon's rule in that stylesheet: `.van-icon-arrow-left:before{content:"\e668"}`. */
const VANT_ICON_RULE = /\.van-icon-([a-z0-9-]+):before\{content:"\\([0-9a-f]+)"\}/g

/** A quoted word: `'gift-o'`, `"arrow"`, `` `star` ``. */
const QUOTED_WORD = /(["'`])([a-z0-9]+(?:-[a-z0-9]+)*)\1/g
/** The head of a name built from a family's prefix: `` `arrow-${direction}` `` or, minified, `"arrow-"+direction`. */
const NAME_PREFIX = /(["'`])([a-z0-9]+(?:-[a-z0-9]+)*-)(?:\$\{|\1\s*\+)/g
/** The app's own code: Vue components and TypeScript of src/. */
const APP_SOURCE = /\.(?:vue|ts)$/
/** Specs and their helpers, which run in Node, never in a page (tsconfig.test.json's files of src/). */
const TEST_SOURCE = /(?:\.spec|test-support|^app\/testing|^app\/test-setup)\.ts$/
/** What can name an icon in the built app: code of src/ (no style block of a component) and Vant's modules. */
const SHIPPED_ICON_SOURCE = /\/src\/[^?]+\.(?:vue|ts)(?:\?(?!.*type=style).*)?$|\/node_modules\/vant\/es\/.+\.mjs$/
/** A Vant component in a template: `<van-cell`, `<VanCell`. */
const VANT_TAG = /<(?:van-([a-z][a-z-]*)|Van([A-Z][A-Za-z]*))\b/g
/** An import from Vant, and what precedes its specifier: `import { showToast } from 'vant'`, `import Vant from 'vant'`, `import 'vant/es/toast/style/index.mjs'`. */
const VANT_IMPORT = /\bimport\b([^"'`;]*)["']vant(?:\/es)?(?:\/([a-z-]+)\/[^"']*)?["']/g
/** A module Vant's modules import from each other: `from "../icon/index.mjs"`, `import "./style.mjs"`. */
const RELATIVE_IMPORT = /(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+\.mjs)["']/g

const kebab = (pascal: string) => pascal.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '-').toLowerCase()

/** Each icon of Vant's icon stylesheet, by name, with its glyph's code point in the font. */
export function iconCodePoints(css: string): Map<string, number> {
  return new Map([...css.matchAll(VANT_ICON_RULE)].map(([, name, hex]) => [name!, Number.parseInt(hex!, 16)]))
}

/**
 * Vant's icon stylesheet for the subset font at `fontUrl`: the inline font replaced by the file,
 * the rules of icons left out dropped. And the text of an icon hidden while the font loads
 * (`font-display: block`, not Vant's `auto`): its private-use code point would show in a fallback
 * font as an empty box (Lighthouse asks for a declared value).
 */
export function subsetIconCss(css: string, fontUrl: string, kept: ReadonlySet<string>): string {
  return css.replace(VANT_INLINE_ICON_FONT, () => `url("${fontUrl}")`)
    .replace(VANT_ICON_RULE, (rule, name: string) => (kept.has(name) ? rule : ''))
    .replace(VANT_ICON_FONT_DISPLAY, 'font-display:block')
}

/**
 * The icon names a piece of code holds as string literals (a `name="arrow-left"` attribute
 * included), with every icon of a family whose name it builds from a prefix (Vant's Cell draws
 * `arrow-${direction}`). Reads words, not meaning: a 'success' that is a toast's type counts too,
 * which costs a glyph, never a blank.
 */
export function iconNamesIn(code: string, icons: ReadonlyMap<string, number>): Set<string> {
  const names = new Set<string>()
  for (const [, , word] of code.matchAll(QUOTED_WORD)) {
    if (icons.has(word!))
      names.add(word!)
  }
  for (const [, , prefix] of code.matchAll(NAME_PREFIX)) {
    for (const name of icons.keys()) {
      if (name.startsWith(prefix!))
        names.add(name)
    }
  }
  return names
}

/** Vant's ES modules in the project at `root`. */
export function vantModulesDir(root: string): string {
  return join(dirname(createRequire(join(root, 'package.json')).resolve('vant/package.json')), 'es')
}

/** The app's Vue components and TypeScript modules, tests left out. */
function appSourceFiles(root: string): string[] {
  return readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .map(file => file.replaceAll('\\', '/'))
    .filter(file => APP_SOURCE.test(file) && !TEST_SOURCE.test(file))
    .map(file => join(root, 'src', file))
}

/** The component folder of vant/es that each of Vant's exports comes from: showToast → toast. */
function vantExportFolders(vant: string): Map<string, string> {
  const folders = new Map<string, string>()
  for (const folder of readdirSync(vant)) {
    const index = join(vant, folder, 'index.mjs')
    if (!existsSync(index))
      continue
    for (const [, list] of readFileSync(index, 'utf8').matchAll(/export\s*\{([^}]*)\}/g)) {
      for (const item of list!.split(','))
        folders.set(item.trim().split(/\s+as\s+/).at(-1)!, folder)
    }
  }
  return folders
}

/**
 * The entry modules of the Vant components `code` uses: tags (the auto-import resolver turns
 * `<van-cell>` into vant/es/cell), named imports from Vant, imports of a component's own files;
 * Vant's index (every component) for a default or namespace import of Vant.
 */
function vantEntriesIn(code: string, vant: string, exportFolders: () => Map<string, string>): string[] {
  const folders = new Set<string>()
  for (const [, tag, pascal] of code.matchAll(VANT_TAG))
    folders.add(tag ?? kebab(pascal!))
  const entries: string[] = []
  for (const [, head, folder] of code.matchAll(VANT_IMPORT)) {
    const clause = head!.replace(/\bfrom\s*$/, '').trim()
    if (folder) {
      folders.add(folder)
    }
    else if (/^\{[^}]*\}$/.test(clause)) {
      for (const item of clause.slice(1, -1).split(',')) {
        const exported = exportFolders().get(item.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!)
        if (exported)
          folders.add(exported)
      }
    }
    else if (clause && !clause.startsWith('type ')) {
      entries.push(join(vant, 'index.mjs'))
    }
  }
  for (const folder of folders) {
    const entry = join(vant, folder, 'index.mjs')
    if (existsSync(entry))
      entries.push(entry)
  }
  return entries
}

/**
 * Every icon name the built app can render: the string literals of src/ (tests left out) that
 * are icon names, and those of every Vant module the Vant components src/ uses import, followed
 * through their imports (Cell's arrow, Checkbox's success, Popup's cross…).
 */
export function appIconNames(root: string, icons: ReadonlyMap<string, number>): Set<string> {
  const vant = vantModulesDir(root)
  let exportFolders: Map<string, string> | undefined
  const names = new Set<string>()
  const stack: string[] = []
  for (const file of appSourceFiles(root)) {
    const code = readFileSync(file, 'utf8')
    iconNamesIn(code, icons).forEach(name => names.add(name))
    stack.push(...vantEntriesIn(code, vant, () => (exportFolders ??= vantExportFolders(vant))))
  }
  const seen = new Set<string>()
  while (stack.length) {
    const file = stack.pop()!
    if (seen.has(file))
      continue
    seen.add(file)
    const code = readFileSync(file, 'utf8')
    iconNamesIn(code, icons).forEach(name => names.add(name))
    for (const [, specifier] of code.matchAll(RELATIVE_IMPORT))
      stack.push(resolve(dirname(file), specifier!))
  }
  return names
}

/** The code points a TrueType/OpenType font maps to a glyph, from its cmap table (formats 4 and 12). */
export function fontCodePoints(sfnt: Uint8Array): Set<number> {
  const data = new DataView(sfnt.buffer, sfnt.byteOffset, sfnt.byteLength)
  const u16 = (at: number) => data.getUint16(at)
  const u32 = (at: number) => data.getUint32(at)
  let cmap = -1
  for (let i = 0; i < u16(4); i++) {
    const record = 12 + 16 * i
    if (String.fromCharCode(...sfnt.subarray(record, record + 4)) === 'cmap')
      cmap = u32(record + 8)
  }
  const codePoints = new Set<number>()
  if (cmap < 0)
    return codePoints
  for (let i = 0; i < u16(cmap + 2); i++) {
    const table = cmap + u32(cmap + 4 + 8 * i + 4)
    if (u16(table) === 4) {
      const segments = u16(table + 6) / 2
      const ends = table + 14
      const starts = ends + 2 * segments + 2
      const deltas = starts + 2 * segments
      const rangeOffsets = deltas + 2 * segments
      for (let s = 0; s < segments; s++) {
        const start = u16(starts + 2 * s)
        const delta = u16(deltas + 2 * s)
        const rangeOffset = u16(rangeOffsets + 2 * s)
        for (let c = start; c <= u16(ends + 2 * s) && c !== 0xFFFF; c++) {
          const glyph = rangeOffset === 0 ? c : u16(rangeOffsets + 2 * s + rangeOffset + 2 * (c - start))
          if (glyph !== 0 && ((glyph + delta) & 0xFFFF) !== 0)
            codePoints.add(c)
        }
      }
    }
    else if (u16(table) === 12) {
      for (let g = 0; g < u32(table + 12); g++) {
        const group = table + 16 + 12 * g
        for (let c = u32(group); c <= u32(group + 4); c++) {
          if (u32(group + 8) + c - u32(group) !== 0)
            codePoints.add(c)
        }
      }
    }
  }
  return codePoints
}

type SubsetFont = (font: Uint8Array, text: string, options: { targetFormat: 'woff2' | 'truetype' }) => Promise<Buffer>
/** harfbuzz's subsetter (WebAssembly), a CommonJS package without types. */
const subsetFont = createRequire(import.meta.url)('subset-font') as SubsetFont

/**
 * The font with the glyphs of `kept` only, as woff2. Throws if one of them has no glyph in it:
 * the icon would be a blank.
 */
export async function subsetIconFont(font: Uint8Array, kept: ReadonlyMap<string, number>): Promise<Buffer> {
  const text = String.fromCodePoint(...kept.values())
  const [woff2, sfnt] = await Promise.all([subsetFont(font, text, { targetFormat: 'woff2' }), subsetFont(font, text, { targetFormat: 'truetype' })])
  const glyphs = fontCodePoints(sfnt)
  const blank = [...kept].filter(([, codePoint]) => !glyphs.has(codePoint)).map(([name]) => name)
  if (blank.length)
    throw new Error(`Vant's icon font has no glyph for ${blank.join(', ')}: these icons would show blank`)
  return woff2
}

interface BuiltChunk { type: 'chunk', modules: Record<string, { code: string | null }> }

/** Icon names in the rendered code of src/ and Vant's modules of the bundle that `kept` lacks, each with a module that names it. */
export function iconNamesNotKept(chunks: Iterable<BuiltChunk | { type: 'asset' }>, icons: ReadonlyMap<string, number>, kept: ReadonlySet<string>): Map<string, string> {
  const missing = new Map<string, string>()
  for (const chunk of chunks) {
    if (chunk.type !== 'chunk')
      continue
    for (const [id, module] of Object.entries(chunk.modules)) {
      if (!module.code || !SHIPPED_ICON_SOURCE.test(id))
        continue
      for (const name of iconNamesIn(module.code, icons)) {
        if (!kept.has(name))
          missing.set(name, id)
      }
    }
  }
  return missing
}

/**
 * Vant's icon font, from our origin only:
 * - no copy from a CDN: the Content-Security-Policy allows fonts from 'self' and data: only
 *   (issue #13), and a resident's phone should not call a CDN;
 * - in the build, its woff2 as a file of its own instead of a data: URL inside the CSS (issue #18):
 *   CSS blocks the first paint, a font does not, and the browser fetches it only when a page shows
 *   an icon. The service worker precaches it (`woff2` in src/app/pwa.config.ts), so icons still
 *   show offline. The font goes to Vite's cache folder, whence Vite emits it as a hashed asset;
 * - in the build, with the glyphs of the icons the app can show only (issue #18: 25 KB → 7 KB, on
 *   the way to the first paint of /, /diagnosis and /list), and the stylesheet with their rules
 *   only (it blocks the first paint).
 *
 * Which icons: the names are known before Vite reaches Vant's stylesheet (buildStart scans
 * src/ and the Vant modules its components import, appIconNames), because the font's hashed
 * name, and the stylesheet's that names it, come from their bytes as Vite emits them. Choosing the
 * glyphs later, from the bundle, would change a file under a name browsers keep for a year. The
 * bundle still has the last word: the build fails if its code of src/ or Vant names an icon the
 * font lacks (a new way to pull in a Vant component the scan does not follow, say), and if a kept
 * icon has no glyph.
 */
export function vantIconFont(): Plugin {
  let root = ''
  let base = '/'
  let cacheDir = ''
  let build = false
  let icons = new Map<string, number>()
  let kept = new Set<string>()
  return {
    name: 'vant-icon-font',
    // Before vite:css, which then resolves the file's url() like any other asset.
    enforce: 'pre',
    configResolved(config) {
      root = config.root
      base = config.base
      cacheDir = config.cacheDir
      build = config.command === 'build'
    },
    buildStart() {
      if (!build)
        return
      icons = iconCodePoints(readFileSync(join(vantModulesDir(root), 'icon/index.css'), 'utf8'))
      kept = appIconNames(root, icons)
    },
    async transform(code, id) {
      if (!id.includes('/vant/') || !id.endsWith('.css'))
        return
      let css = code.replace(VANT_REMOTE_ICON_FONT, '')
      const inline = VANT_INLINE_ICON_FONT.exec(css)
      if (build && inline && VANT_ICON_CSS.test(id)) {
        const font = await subsetIconFont(Buffer.from(inline[1]!, 'base64'), new Map([...icons].filter(([name]) => kept.has(name))))
        const file = join(cacheDir, 'vant-icon-font', `vant-icon-${createHash('sha256').update(font).digest('hex').slice(0, 8)}.woff2`)
        // Named by its content, so a file already there is this font. Written whole or not at
        // all: another build may be reading it (a rename replaces it in one step).
        if (!existsSync(file)) {
          mkdirSync(dirname(file), { recursive: true })
          const partial = `${file}.${process.pid}`
          writeFileSync(partial, font)
          renameSync(partial, file)
        }
        css = subsetIconCss(css, relative(dirname(id), file).replaceAll('\\', '/'), kept)
      }
      return css === code ? undefined : css
    },
    // The font is fetched with the shell, not once the first page's layout has met an icon (issue
    // #18): nearly every first screen shows one (a nav bar's arrow, the tab bar), and on 3G the
    // late fetch was one more round trip before the page was complete (7 KB).
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const font = Object.keys(ctx.bundle ?? {}).find(file => ICON_FONT_FILE.test(file))
        if (!font)
          throw new Error('vant-icon-font: the bundle has no icon font to preload')
        return [{
          tag: 'link',
          attrs: { rel: 'preload', as: 'font', type: 'font/woff2', crossorigin: true, href: `${base}${font}` },
          injectTo: 'head' as const,
        }]
      },
    },
    generateBundle(_options, bundle) {
      if (!build)
        return
      const missing = iconNamesNotKept(Object.values(bundle), icons, kept)
      if (missing.size) {
        this.error(`Vant's icon font leaves out icons the bundle can show (scripts/vite/vant-icon-font.ts, appIconNames):\n${
          [...missing].map(([name, id]) => `  ${name} (${relative(root, id)})`).join('\n')}`)
      }
    },
  }
}
