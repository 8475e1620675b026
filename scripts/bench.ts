/**
 * `npm run bench`: every figure of issue #18's table in one command, printed as one table.
 *
 * Each figure has its own script (scripts/bench-*.ts), run here as a child process with
 * BENCH_JSON=1; its last line `BENCH_RESULT {"rows":[…]}` (scripts/bench-result.ts) gives the rows.
 * The scripts that use a database run on SQLite and again on PostgreSQL when BENCH_DATABASE_URL
 * is set or PostgreSQL answers at 127.0.0.1:5432 (each in a schema of its own, dropped after).
 * The built app is needed by the size and Lighthouse figures: it is built first into
 * node_modules/.cache/xfm-bench-build (never over dist/), unless --no-build says to use dist/ and dist-server/ (or STATIC_DIR
 * and SERVER_DIR) as they are.
 *
 *   npm run bench                          every figure of the table
 *   npm run bench -- size diagnosis        only these (names below; `--all` adds the extras)
 *   npm run bench -- --quick               fewer rounds and seconds: a quick look, not the figure
 *   npm run bench -- --markdown            a markdown table with date and machine, for the README
 *   npm run bench -- --sqlite              SQLite only
 *
 * The scripts' own output goes to stderr as they run; the table goes to stdout.
 */
import type { BenchRow } from './bench-result'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { BENCH_RESULT_PREFIX } from './bench-result'

/** Where PostgreSQL is tried when BENCH_DATABASE_URL is not set (the tests' database). */
const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test'
/** Inside the project, so that the built server finds its packages in node_modules (and git ignores it). */
const BUILD_DIR = join(import.meta.dirname, '..', 'node_modules', '.cache', 'xfm-bench-build')

type Needs = 'client' | 'client+server'

interface Figure {
  /** The name to pick it by on the command line. */
  key: string
  script: string
  /** Run once per database (SQLite, then PostgreSQL). */
  perDatabase?: boolean
  needs?: Needs
  /** Not a figure of issue #18's table: run with --all or by name. */
  extra?: boolean
  /** Command-line arguments, given the built client's folder. */
  args?: (clientDir: string) => string[]
}

const FIGURES: Figure[] = [
  { key: 'size', script: 'bench-size.ts', needs: 'client', args: clientDir => [clientDir] },
  { key: 'lighthouse', script: 'bench-lighthouse.ts', needs: 'client+server' },
  { key: 'diagnosis', script: 'bench-diagnosis.ts' },
  { key: 'happiness-list', script: 'bench-happiness-list.ts', perDatabase: true },
  { key: 'visits', script: 'bench-visits.ts', perDatabase: true },
  { key: 'scale', script: 'bench-scale.ts', perDatabase: true },
  { key: 'applications', script: 'bench-applications.ts', perDatabase: true, extra: true },
  { key: 'feed', script: 'bench-feed.ts', perDatabase: true, extra: true },
  { key: 'list-render', script: 'bench-list-render.ts', needs: 'client+server', extra: true },
  { key: 'qr', script: 'bench-qr-decode.ts', extra: true },
]

/** What --quick asks of the scripts: fewer rounds, shorter loads, one Lighthouse run. */
const QUICK_ENV = { BENCH_QUICK: '1', BENCH_SECONDS: '2', BENCH_ROUNDS: '2', BENCH_VISITS: '200', LIGHTHOUSE_RUNS: '1' }

interface Options { argv: string[], picked: string[], quick: boolean, markdown: boolean, all: boolean, build: boolean, sqliteOnly: boolean }

function parseArgs(argv: string[]): Options {
  const flags = new Set(argv.filter(a => a.startsWith('--')))
  const picked = argv.filter(a => !a.startsWith('--'))
  const known = new Set(['--quick', '--markdown', '--all', '--no-build', '--sqlite'])
  for (const flag of flags) {
    if (!known.has(flag))
      throw new Error(`unknown option ${flag} (known: ${[...known].join(' ')})`)
  }
  for (const name of picked) {
    if (!FIGURES.some(f => f.key === name))
      throw new Error(`unknown figure "${name}" (known: ${FIGURES.map(f => f.key).join(', ')})`)
  }
  return { argv, picked, quick: flags.has('--quick'), markdown: flags.has('--markdown'), all: flags.has('--all'), build: !flags.has('--no-build'), sqliteOnly: flags.has('--sqlite') }
}

/** Whether PostgreSQL answers at `url` within a couple of seconds. */
async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  }
  catch {
    return false
  }
  finally {
    await client.end().catch(() => {})
  }
}

/** Runs a command with its output on stderr; the output, and whether it exited with 0. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ok: boolean, output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const relay = (chunk: Buffer) => {
      output += chunk.toString()
      process.stderr.write(chunk)
    }
    child.stdout.on('data', relay)
    child.stderr.on('data', relay)
    child.on('close', code => resolve({ ok: code === 0, output }))
    child.on('error', error => resolve({ ok: false, output: String(error) }))
  })
}

/** The rows of the script's BENCH_RESULT line, or the reason there are none. */
function resultRows(output: string): BenchRow[] | string {
  const line = output.split('\n').reverse().find(l => l.startsWith(BENCH_RESULT_PREFIX))
  if (!line)
    return 'printed no BENCH_RESULT line'
  try {
    return (JSON.parse(line.slice(BENCH_RESULT_PREFIX.length)) as { rows: BenchRow[] }).rows
  }
  catch {
    return 'printed an unreadable BENCH_RESULT line'
  }
}

/** Builds the PWA and the server into BUILD_DIR: what the size and Lighthouse figures measure. */
async function build(needs: Set<Needs>): Promise<{ clientDir: string, serverDir: string } | string> {
  const clientDir = join(BUILD_DIR, 'dist')
  const serverDir = join(BUILD_DIR, 'dist-server')
  mkdirSync(BUILD_DIR, { recursive: true })
  const vite = join('node_modules', 'vite', 'bin', 'vite.js')
  console.error(`\n── building the app into ${BUILD_DIR}`)
  const client = await run(process.execPath, [vite, 'build', '--outDir', clientDir, '--emptyOutDir'], process.env)
  if (!client.ok)
    return 'the PWA build failed'
  if (needs.has('client+server')) {
    const server = await run(process.execPath, [vite, 'build', '--config', 'vite.server.config.ts', '--outDir', serverDir, '--emptyOutDir'], process.env)
    if (!server.ok)
      return 'the server build failed'
  }
  return { clientDir, serverDir }
}

/** A row as printed: its figure, and its place in the script's output (SQLite and PostgreSQL rows side by side). */
interface TableRow extends BenchRow { figure: string, order: number }

const fmt = (n: number) => Math.abs(n) >= 1000 ? Math.round(n).toLocaleString('en-US') : String(Math.round(n * 100) / 100)

function cells(r: TableRow): string[] {
  return [
    r.name,
    r.database ?? '',
    Number.isFinite(r.value) ? `${fmt(r.value)} ${r.unit}` : r.unit,
    r.ratio === undefined ? '' : (r.unit.includes('/s') ? `${(r.ratio * 100).toFixed(1)} %` : `${fmt(r.ratio)}×`),
    r.goal ?? '',
    r.met === undefined ? '' : (r.met ? 'yes' : 'NO'),
  ]
}

const HEADER = ['figure', 'database', 'value', 'ratio', 'goal', 'met']

function plainTable(rows: TableRow[]): string {
  const body = rows.map(cells)
  const length = (text: string | undefined) => [...(text ?? '')].length
  const width = (i: number) => Math.max(length(HEADER[i]), ...body.map(c => length(c[i])))
  const line = (c: string[]) => c.map((text, i) => text + ' '.repeat(width(i) - length(text))).join('  ').trimEnd()
  return [line(HEADER), line(HEADER.map((_, i) => '─'.repeat(width(i)))), ...body.map(line)].join('\n')
}

function markdownTable(rows: TableRow[], seconds: number, options: Options): string {
  const cpu = cpus()
  const escape = (s: string) => s.replaceAll('|', '\\|')
  // The command as run, less the flag that asked for this table.
  const shown = options.argv.filter(a => a !== '--markdown')
  return [
    `\`npm run bench${shown.length > 0 ? ` -- ${shown.join(' ')}` : ''}\` on ${new Date().toISOString().slice(0, 10)}: ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, Node ${process.version}; ${Math.round(seconds / 60)} min in all.`,
    '',
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map((_, i) => i >= 2 && i <= 3 ? '---:' : '---').join('|')}|`,
    ...rows.map(r => `| ${cells(r).map(escape).join(' | ')} |`),
  ].join('\n')
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  const start = performance.now()
  const figures = FIGURES.filter(f => options.picked.length > 0 ? options.picked.includes(f.key) : (options.all || !f.extra))
  const pgUrl = options.sqliteOnly ? undefined : (process.env.BENCH_DATABASE_URL ?? (await reachable(LOCAL_POSTGRES) ? LOCAL_POSTGRES : undefined))
  const databases: (string | undefined)[] = pgUrl ? [undefined, pgUrl] : [undefined]
  console.error(`bench: ${figures.map(f => f.key).join(', ')}; SQLite${pgUrl ? ' and PostgreSQL' : ' only (no PostgreSQL at 127.0.0.1:5432 and no BENCH_DATABASE_URL)'}${options.quick ? '; quick' : ''}`)

  const rows: TableRow[] = []
  const failed = (figure: Figure, database: string | undefined, why: string) => rows.push({ figure: figure.key, order: 0, name: `${figure.key}: ${why}`, value: Number.NaN, unit: '—', database, met: false })

  // The built app, when a chosen figure measures it.
  const needs = new Set(figures.flatMap(f => f.needs ?? []))
  let built: { clientDir: string, serverDir: string } | string = { clientDir: process.env.STATIC_DIR ?? 'dist', serverDir: process.env.SERVER_DIR ?? 'dist-server' }
  if (needs.size > 0 && options.build && !process.env.STATIC_DIR)
    built = await build(needs)

  for (const figure of figures) {
    for (const database of figure.perDatabase ? databases : [undefined]) {
      const kind = database ? 'postgres' : 'sqlite'
      console.error(`\n── ${figure.key}${figure.perDatabase ? ` on ${kind}` : ''}`)
      if (figure.needs && typeof built === 'string') {
        failed(figure, undefined, built)
        continue
      }
      const dirs = built as { clientDir: string, serverDir: string }
      if (figure.needs && !existsSync(join(dirs.clientDir, 'index.html'))) {
        failed(figure, undefined, `no built app in ${dirs.clientDir} (run without --no-build)`)
        continue
      }
      const env: NodeJS.ProcessEnv = { ...process.env, BENCH_JSON: '1', STATIC_DIR: dirs.clientDir, SERVER_DIR: dirs.serverDir, ...(options.quick ? QUICK_ENV : {}) }
      delete env.BENCH_DATABASE_URL
      if (database)
        env.BENCH_DATABASE_URL = database
      const script = join('scripts', figure.script)
      const { ok, output } = await run(process.execPath, ['--import', 'tsx', script, ...(figure.args?.(dirs.clientDir) ?? [])], env)
      const found = resultRows(output)
      if (typeof found === 'string')
        failed(figure, figure.perDatabase ? kind : undefined, ok ? found : `exited with an error (${found})`)
      else
        rows.push(...found.map((r, order) => ({ ...r, figure: figure.key, order, database: r.database ?? (figure.perDatabase ? kind : undefined) })))
    }
  }

  const seconds = (performance.now() - start) / 1000
  // Grouped by figure, SQLite and PostgreSQL side by side.
  rows.sort((a, b) => figures.findIndex(f => f.key === a.figure) - figures.findIndex(f => f.key === b.figure) || a.order - b.order || (a.database ?? '').localeCompare(b.database ?? ''))
  console.error('')
  if (options.markdown) {
    console.log(markdownTable(rows, seconds, options))
  }
  else {
    console.log(plainTable(rows))
    console.log(`\n${rows.filter(r => r.met === true).length} met, ${rows.filter(r => r.met === false).length} not met; ${(seconds / 60).toFixed(1)} min`)
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
