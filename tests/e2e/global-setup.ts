/**
 * Before the e2e tests (playwright.config.ts): Chromium is there, and the PWA is built when
 * dist/ is missing or older than the sources. STATIC_DIR names a build made elsewhere (e.g.
 * `vite build --outDir /tmp/x`), used as it is.
 */
import { execSync } from 'node:child_process'
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

export default function globalSetup(): void {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is missing at ${CHROMIUM}. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH)`)
  if (process.env.STATIC_DIR)
    return
  const built = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0
  if (built < Math.max(newestMtime('src'), newestMtime('public'), statSync('index.html').mtimeMs, statSync('vite.config.ts').mtimeMs)) {
    console.log('Building the PWA for the e2e tests…')
    execSync('npx vite build', { stdio: 'inherit' })
  }
}
