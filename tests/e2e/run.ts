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

const built = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0
if (built < Math.max(newestMtime('src'), newestMtime('public'), statSync('index.html').mtimeMs)) {
  console.log('Building the PWA for the e2e tests…')
  execSync('npx vite build', { stdio: 'inherit' })
}

const files = readdirSync('tests/e2e').filter(f => f.endsWith('.e2e.ts')).map(f => join('tests/e2e', f))
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...process.argv.slice(2), ...files], { stdio: 'inherit' })
process.exit(result.status ?? 1)
