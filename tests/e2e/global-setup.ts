/**
 * Before the e2e tests (playwright.config.ts): Chromium is there, and the server (dist-server/)
 * and the PWA (dist/) are built when missing or older than their sources. STATIC_DIR names a PWA
 * build made elsewhere (e.g. `vite build --outDir /tmp/x`), used as it is.
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
  // The tests run the server as production does: built to JavaScript (npm run build:server).
  const serverBuilt = existsSync('dist-server/main.js') ? statSync('dist-server/main.js').mtimeMs : 0
  if (serverBuilt < Math.max(newestMtime('server'), newestMtime('src/domain'), newestMtime('mock'), statSync('vite.server.config.ts').mtimeMs)) {
    console.log('Building the server for the e2e tests…')
    execSync('npm run build:server', { stdio: 'inherit' })
  }
  if (process.env.STATIC_DIR)
    return
  const built = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0
  if (built < Math.max(newestMtime('src'), newestMtime('public'), statSync('index.html').mtimeMs, statSync('vite.config.ts').mtimeMs)) {
    console.log('Building the PWA for the e2e tests…')
    execSync('npx vite build', { stdio: 'inherit' })
  }
}
