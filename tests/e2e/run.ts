/**
 * `npm run test:e2e`: builds the PWA when dist/ is missing or older than the sources, then runs
 * every tests/e2e/*.e2e.ts with node's test runner (one file at a time: each starts its own server).
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
const files = chosen.length > 0 ? chosen : readdirSync('tests/e2e').filter(f => f.endsWith('.e2e.ts')).map(f => join('tests/e2e', f))
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...args.filter(a => !a.endsWith('.e2e.ts')), ...files], { stdio: 'inherit' })
process.exit(result.status ?? 1)
