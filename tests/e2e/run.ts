/**
 * `npm run test:e2e`: builds the PWA when dist/ is missing or older than the sources, then runs
 * every tests/e2e/*.e2e.ts with node's test runner. Each file starts its own server on a free port
 * with its own database, so files run side by side: two at a time by default (E2E_CONCURRENCY),
 * which keeps the 2-core CI machine busy while one file waits on timers or the network.
 */
import { execSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { CHROMIUM } from './support'

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

if (!existsSync(CHROMIUM)) {
  console.error(`Chromium is missing at ${CHROMIUM}. Install it with: apt-get install -y chromium`)
  process.exit(1)
}

// STATIC_DIR: a build made elsewhere (e.g. `vite build --outDir /tmp/x`), used as it is.
const built = process.env.STATIC_DIR ? Number.POSITIVE_INFINITY : existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0
if (built < Math.max(newestMtime('src'), newestMtime('public'), statSync('index.html').mtimeMs)) {
  console.log('Building the PWA for the e2e tests…')
  execSync('npx vite build', { stdio: 'inherit' })
}

// `npm run test:e2e -- tests/e2e/x.e2e.ts` runs just that file; other arguments go to node --test.
const args = process.argv.slice(2)
const chosen = args.filter(a => a.endsWith('.e2e.ts'))
// The axe sweeps are the longest files: started first, the others fill the second slot meanwhile.
const longestFirst = (f: string) => (f.startsWith('a11y-') ? 0 : 1)
const files = chosen.length > 0 ? chosen : readdirSync('tests/e2e').filter(f => f.endsWith('.e2e.ts')).sort((a, b) => longestFirst(a) - longestFirst(b) || a.localeCompare(b)).map(f => join('tests/e2e', f))
const concurrency = Number(process.env.E2E_CONCURRENCY ?? 2)
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...args.filter(a => !a.endsWith('.e2e.ts')), ...files], { stdio: 'inherit' })
process.exit(result.status ?? 1)
