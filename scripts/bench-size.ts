/**
 * `npm run bench:size [dir]`: what a phone downloads, gzip-compressed, for the app shell and each
 * route, from the build manifest of dist/ or `dir` (run `npm run build` first), with the budgets
 * the build enforces (scripts/vite/size-budget.ts). Prints a table; changes nothing.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { FIRST_ROUTE, FIRST_ROUTE_CSS_BUDGET, kb, SHELL_JS_BUDGET } from './vite/size-budget.ts'

interface Chunk { file: string, src?: string, isEntry?: boolean, isDynamicEntry?: boolean, imports?: string[], css?: string[] }

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
for (const [key, chunk] of Object.entries(manifest).filter(([, c]) => c.isDynamicEntry).sort()) {
  const own = [...closure(key)].filter(f => !shell.has(f))
  const s = sizes(own)
  rows.push([`+ ${chunk.src ?? key}`, kb(s.js), kb(s.css), kb(s.js + s.css)])
}
const login = Object.keys(manifest).find(k => k === FIRST_ROUTE)
if (login) {
  const first = sizes(new Set([...shell, ...closure(login)]))
  rows.push(['= first route (/login: shell + page)', kb(first.js), kb(first.css), kb(first.js + first.css)])
  rows.push(['  budget', '', kb(FIRST_ROUTE_CSS_BUDGET), ''])
}
const width = Math.max(...rows.map(r => r[0].length))
console.log(`${'chunk'.padEnd(width)}  ${'JS gz'.padStart(9)}  ${'CSS gz'.padStart(9)}  ${'total'.padStart(9)}`)
for (const [name, js, css, total] of rows)
  console.log(`${name.padEnd(width)}  ${js.padStart(9)}  ${css.padStart(9)}  ${total.padStart(9)}`)
