/**
 * e2e support: the production build served by the real server on a free port with a fresh
 * SQLite database, and Debian's Chromium driven by playwright-core at phone size.
 */
import type { ChildProcess } from 'node:child_process'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const PHONE = { width: 360, height: 740 }
export const ARTIFACTS = 'test-results/e2e'
const SERVER_START_TIMEOUT_MS = 30_000
/** One e2e test may take this long; node's runner has no limit of its own. */
export const TEST_TIMEOUT_MS = 120_000

/** Flags for headless Chromium as root on a machine with no outside network. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage']

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

export interface RunningServer {
  url: string
  stop: () => Promise<void>
  output: () => string
}

/** Starts `server/main.ts` as `npm start` does, on the built PWA in dist/. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  if (!existsSync('dist/index.html'))
    throw new Error('dist/ is missing: run `npm run build` first (npm run test:e2e does)')
  const dir = mkdtempSync(join(tmpdir(), 'xfm-e2e-'))
  const port = await freePort()
  let log = ''
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'app.db')}`, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS
  while (true) {
    if (child.exitCode !== null)
      throw new Error(`server exited early:\n${log}`)
    try {
      if ((await fetch(`${url}/api/health`)).ok)
        break
    }
    catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`server did not start in time:\n${log}`)
    await new Promise(r => setTimeout(r, 200))
  }
  return {
    url,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise(r => child.once('exit', r))
        child.kill('SIGTERM')
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000)
        await exited
        clearTimeout(killer)
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (the CI script does)`)
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
}

export async function phoneContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
}

/** A phone-sized browser with an on-disk profile (installability needs one); closing it removes the profile. */
export async function persistentPhoneContext(baseURL: string): Promise<BrowserContext> {
  const dir = mkdtempSync(join(tmpdir(), 'xfm-profile-'))
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, baseURL, viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  // Chromium may still be writing the profile when 'close' fires: remove it when the run ends.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }))
  return context
}

/** Runs a step of a test; on failure saves a screenshot named after it, then fails. */
export async function step<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  }
  catch (error) {
    mkdirSync(ARTIFACTS, { recursive: true })
    await page.screenshot({ path: join(ARTIFACTS, `${name.replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => {})
    throw error
  }
}

/** Reads the newest sign-in code for a phone from the demo SMS outbox, as a demo user would. */
export async function smsCodeFor(baseUrl: string, phone: string): Promise<string> {
  const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`
  const { messages } = await (await fetch(`${baseUrl}/api/dev/sms-outbox`)).json() as { messages: { phoneMasked: string, text: string }[] }
  const found = messages.find(m => m.phoneMasked === masked)
  if (!found)
    throw new Error(`no SMS for ${masked}`)
  return /\d{6}/.exec(found.text)![0]
}
