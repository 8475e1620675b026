/**
 * What the e2e tests share with playwright.config.ts and the bench scripts, with no test runner
 * in it: the production build served by the real server on a free port with a fresh SQLite
 * database, and Debian's Chromium at phone size.
 */
import type { ChildProcess } from 'node:child_process'
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const PHONE = { width: 360, height: 740 }
/** The phone every test starts on (the config's `use`); other contexts fill in from it what they leave out. */
export const PHONE_CONTEXT = { viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' } satisfies BrowserContextOptions
/** Spread into a context that is no phone (a kiosk, a desk, the a11y sweep's resizable window). */
export const NO_PHONE_EMULATION = { isMobile: false, deviceScaleFactor: 1, hasTouch: false } satisfies BrowserContextOptions
/** Flags for headless Chromium as root on a machine with no outside network. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage']

const SERVER_START_TIMEOUT_MS = 30_000
const SERVER_STOP_GRACE_MS = 5_000
/** What server/main.ts prints once it listens. */
const LISTENING = 'is running at'

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

/**
 * Starts the built server (dist-server/main.js, or SERVER_DIR/main.js for a server built elsewhere)
 * as `npm start` does, on the built PWA (dist/, or STATIC_DIR), with a database of its own.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const staticDir = process.env.STATIC_DIR ?? 'dist'
  const serverEntry = join(process.env.SERVER_DIR ?? 'dist-server', 'main.js')
  if (!existsSync(serverEntry))
    throw new Error(`${serverEntry} is missing: run \`npm run build:server\` first`)
  if (!existsSync(join(staticDir, 'index.html')))
    throw new Error(`${staticDir}/ is missing: run \`npm run build\` first (npm run test:e2e does)`)
  const dir = mkdtempSync(join(tmpdir(), 'xfm-e2e-'))
  const port = await freePort()
  // HTTPS (HTTP/2) when given a certificate, as a deployment serves it.
  const origin = `${env.TLS_CERT_FILE ? 'https' : 'http'}://127.0.0.1:${port}`
  let log = ''
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', serverEntry], {
    env: { ...process.env, NODE_ENV: 'development', DEMO: '1', PORT: String(port), PUBLIC_URL: origin, HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'app.db')}`, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // A worker that dies leaves no server behind.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  const stop = async () => {
    process.off('exit', killOnExit)
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise(r => child.once('exit', r))
      child.kill('SIGTERM')
      // Not a wait for something to happen: the deadline after which a stuck server is killed.
      const killer = setTimeout(() => child.kill('SIGKILL'), SERVER_STOP_GRACE_MS)
      await exited
      clearTimeout(killer)
    }
    rmSync(dir, { recursive: true, force: true })
  }
  // Ready when it says so on stdout (after listen()), not when a poll happens to get through.
  await new Promise<void>((resolve, reject) => {
    const deadline = AbortSignal.timeout(SERVER_START_TIMEOUT_MS)
    const listeners = {
      data: (d: Buffer) => {
        log += d.toString()
        if (log.includes(LISTENING)) {
          done()
          resolve()
        }
      },
      exit: () => fail('server exited early'),
      deadline: () => fail('server did not start in time'),
    }
    function done() {
      child.stdout!.off('data', listeners.data)
      child.off('exit', listeners.exit)
      deadline.removeEventListener('abort', listeners.deadline)
    }
    function fail(why: string) {
      done()
      void stop().finally(() => reject(new Error(`${why}:\n${log}`)))
    }
    child.stdout!.on('data', listeners.data)
    child.once('exit', listeners.exit)
    deadline.addEventListener('abort', listeners.deadline)
  })
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()))
  return { url: origin, output: () => log, stop }
}

/**
 * Chromium outside the test runner (the bench scripts). `args`: extra flags, e.g. a fake camera
 * (tests/e2e/fake-camera.ts). The e2e tests get theirs from playwright.config.ts.
 */
export async function launchBrowser(options: { args?: string[] } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (the CI script does)`)
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...(options.args ?? [])] })
}

export async function phoneContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ ...PHONE_CONTEXT, baseURL })
}

/** Reads the newest sign-in code for a phone from the demo SMS outbox, as a demo user would. */
export async function smsCodeFor(baseUrl: string, phone: string, getJson: (url: string) => Promise<unknown> = async url => (await fetch(url)).json()): Promise<string> {
  const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`
  const { messages } = await getJson(`${baseUrl}/api/dev/sms-outbox`) as { messages: { phoneMasked: string, text: string }[] }
  const found = messages.find(m => m.phoneMasked === masked)
  if (!found)
    throw new Error(`no SMS for ${masked}`)
  return /\d{6}/.exec(found.text)![0]
}
