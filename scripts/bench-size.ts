/**
 * `npm run bench:size [dir]`: what a phone downloads, gzip-compressed, for the app shell and each
 * route, from the build manifest of dist/ or `dir` (run `npm run build` first), with the budgets
 * the build enforces (scripts/vite/size-budget.ts), and how many text files the build
 * precompressed (.br and .gz beside each). Prints a table; changes nothing. With BENCH_JSON=1 also
 * the rows for `npm run bench` (issue #18's goals: shell ≤ 80 KB JS, first route ≤ 30 KB CSS).
 */
import type { BenchRow } from './bench-result'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { emitBenchResult } from './bench-result'
import { FIRST_ROUTES } from './vite/first-route-chunks.ts'
import { FIRST_ROUTE, FIRST_ROUTE_CSS_BUDGET, kb, SHELL_JS_BUDGET } from './vite/size-budget.ts'

/** Issue #18's goals, in gzip bytes (the build's budgets are what the shell weighs now, lowered as it shrinks). */
const SHELL_JS_GOAL = 80 * 1024
const FIRST_ROUTE_CSS_GOAL = 30 * 1024
/** Text files a server should send compressed: of these types and at least 1 KB (below, compressing saves no packet). */
const TEXT_FILE = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt|xml)$/
const COMPRESS_FROM_BYTES = 1024

interface Chunk { file: string, name?: string, src?: string, isEntry?: boolean, isDynamicEntry?: boolean, imports?: string[], css?: string[] }

const dir = process.argv[2] ?? 'dist'
const manifest = JSON.parse(readFileSync(join(dir, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>
const gz = (file: string) => gzipSync(readFileSync(join(dir, file)), { level: 9 }).length

/** Every file a chunk needs: its own JS and CSS and those of its static imports. */
function closure(key: string, seen = new Set<string>()): Set<string> {
  const chunk = manifest[key]
  if (!chunk)
    return seen
  seen.add(chunk.file)
  for (const css of chunk.css ?? []) seen.add(css)
  for (const imp of chunk.imports ?? []) {
    if (!seen.has(manifest[imp]?.file))
      closure(imp, seen)
  }
  return seen
}

function sizes(files: Iterable<string>) {
  let js = 0
  let css = 0
  for (const f of files) {
    if (f.endsWith('.js'))
      js += gz(f)
    else if (f.endsWith('.css'))
      css += gz(f)
  }
  return { js, css }
}

const entryKey = Object.keys(manifest).find(k => manifest[k].isEntry)!
const shell = closure(entryKey)
const shellSize = sizes(shell)
const rows: [string, string, string, string][] = [
  ['app shell (entry)', kb(shellSize.js), kb(shellSize.css), kb(shellSize.js + shellSize.css)],
  ['  budget', kb(SHELL_JS_BUDGET), '', ''],
]
/** A first route's pages are in a chunk named after the route (scripts/vite/first-route-chunks.ts), not one of their own. */
const firstRouteChunk = (route: string) => Object.keys(manifest).find(k => manifest[k].name === route && !manifest[k].isEntry)
const firstRouteKeys = new Map(Object.entries(FIRST_ROUTES).map(([route, files]) => [firstRouteChunk(route), `first route ${route} (${files.map(f => f.slice(f.lastIndexOf('/') + 1)).join(', ')}, its messages)`]))
for (const [key, chunk] of Object.entries(manifest).filter(([k, c]) => c.isDynamicEntry || firstRouteKeys.has(k)).sort()) {
  const own = [...closure(key)].filter(f => !shell.has(f))
  const s = sizes(own)
  rows.push([`+ ${firstRouteKeys.get(key) ?? chunk.src ?? key}`, kb(s.js), kb(s.css), kb(s.js + s.css)])
}
const firstRouteName = Object.keys(FIRST_ROUTES).find(route => FIRST_ROUTES[route].includes(FIRST_ROUTE))
const login = (firstRouteName && firstRouteChunk(firstRouteName)) ?? Object.keys(manifest).find(k => k === FIRST_ROUTE)
const first = login ? sizes(new Set([...shell, ...closure(login)])) : undefined
if (first) {
  rows.push(['= first route (/login: shell + page)', kb(first.js), kb(first.css), kb(first.js + first.css)])
  rows.push(['  budget', '', kb(FIRST_ROUTE_CSS_BUDGET), ''])
}

/** Every file under the folder, as paths relative to it. */
function filesUnder(root: string, sub = ''): string[] {
  return readdirSync(join(root, sub), { withFileTypes: true }).flatMap(e => e.isDirectory() ? filesUnder(root, join(sub, e.name)) : [join(sub, e.name)])
}
const textFiles = filesUnder(dir).filter(f => TEXT_FILE.test(f) && !f.startsWith('.vite') && statSync(join(dir, f)).size >= COMPRESS_FROM_BYTES)
const precompressed = textFiles.filter(f => existsSync(join(dir, `${f}.br`)) && existsSync(join(dir, `${f}.gz`)))
const width = Math.max(...rows.map(r => r[0].length))
console.log(`${'chunk'.padEnd(width)}  ${'JS gz'.padStart(9)}  ${'CSS gz'.padStart(9)}  ${'total'.padStart(9)}`)
for (const [name, js, css, total] of rows)
  console.log(`${name.padEnd(width)}  ${js.padStart(9)}  ${css.padStart(9)}  ${total.padStart(9)}`)
console.log(`precompressed (.br and .gz): ${precompressed.length} of ${textFiles.length} text files of 1 KB or more`)

const kbValue = (bytes: number) => Math.round(bytes / 102.4) / 10
const benchRows: BenchRow[] = [
  { name: 'text files ≥ 1 KB precompressed (br + gz)', value: precompressed.length, unit: `of ${textFiles.length}`, goal: 'all', met: textFiles.length > 0 && precompressed.length === textFiles.length },
  { name: 'app shell JS (entry chunk + imports)', value: kbValue(shellSize.js), unit: 'KB gzip', goal: `≤ ${kb(SHELL_JS_GOAL)}`, met: shellSize.js <= SHELL_JS_GOAL },
]
if (first) {
  benchRows.push({ name: 'first route (/login) JS', value: kbValue(first.js), unit: 'KB gzip' })
  benchRows.push({ name: 'first route (/login) CSS', value: kbValue(first.css), unit: 'KB gzip', goal: `≤ ${kb(FIRST_ROUTE_CSS_GOAL)}`, met: first.css <= FIRST_ROUTE_CSS_GOAL })
}
emitBenchResult(benchRows)
