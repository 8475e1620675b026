/**
 * e2e support: the production build served by the real server on a free port with a fresh
 * SQLite database, and Debian's Chromium driven by playwright-core at phone size.
 */
import type { ChildProcess } from 'node:child_process'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, afterEach, before } from 'node:test'
import { chromium } from 'playwright-core'
import { DEMO_PASSWORD } from '../../mock/demo-data'
import { CSRF_COOKIE, CSRF_HEADER } from '../../src/domain/http/csrf'

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
  const staticDir = process.env.STATIC_DIR ?? 'dist'
  if (!existsSync(join(staticDir, 'index.html')))
    throw new Error(`${staticDir}/ is missing: run \`npm run build\` first (npm run test:e2e does)`)
  const dir = mkdtempSync(join(tmpdir(), 'xfm-e2e-'))
  const port = await freePort()
  let log = ''
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, NODE_ENV: 'development', DEMO: '1', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'app.db')}`, LOG_LEVEL: 'warn', ...env },
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

/** What Chromium logs when the Content-Security-Policy blocks something (issue #13). */
const CSP_VIOLATION = 'Content Security Policy'
/** Violations logged by any page since the last test ended. */
const cspViolations: string[] = []

/** Notes every CSP violation a page of this context logs. */
function watchCsp(context: BrowserContext): BrowserContext {
  const watch = (page: Page) => page.on('console', (msg) => {
    if (msg.text().includes(CSP_VIOLATION))
      cspViolations.push(`${page.url()}: ${msg.text()}`)
  })
  context.pages().forEach(watch)
  context.on('page', watch)
  return context
}

/**
 * Fails the test during which a page logged a CSP violation: the built PWA must run under the
 * server's policy untouched. Called by withServerAndBrowser and by files that start their own.
 */
export function failOnCspViolations(): void {
  afterEach(() => {
    const seen = cspViolations.splice(0)
    if (seen.length > 0)
      throw new Error(`The page broke the Content-Security-Policy:\n${seen.join('\n')}`)
  })
}

/** `args`: extra Chromium flags, e.g. a fake camera (tests/e2e/fake-camera.ts). Every context it makes is watched for CSP violations. */
export async function launchBrowser(options: { args?: string[] } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (the CI script does)`)
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...(options.args ?? [])] })
  // browser.newPage() makes its context through this too.
  const newContext = browser.newContext.bind(browser)
  browser.newContext = async (...args) => watchCsp(await newContext(...args))
  return browser
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
  return watchCsp(context)
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

/**
 * The server and browser of one e2e file: started before its tests, stopped after them. Each
 * file has its own, so that files can run side by side.
 */
export function withServerAndBrowser(started: (server: RunningServer, browser: Browser) => void): void {
  let server: RunningServer | undefined
  let browser: Browser | undefined
  failOnCspViolations()
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    started(server, browser)
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })
}

/** Signs a resident in with an SMS code read from the demo outbox; ends on the resident home. */
export async function signInResident(page: Page, server: RunningServer, phone: string): Promise<void> {
  await page.goto('/login')
  await page.getByRole('heading', { name: '登录幸福码' }).waitFor()
  await page.getByLabel('手机号').fill(phone)
  await page.getByRole('button', { name: '获取验证码' }).click()
  await page.getByText('验证码已发送').waitFor()
  await page.getByLabel('验证码').fill(await smsCodeFor(server.url, phone))
  await page.getByRole('button', { name: '登录', exact: true }).click()
  await page.getByRole('link', { name: /申请救助/ }).waitFor()
}

/** Signs a volunteer, social worker or staff member in with the demo password (mock/demo-data.ts), then, where given, lands on `redirect`. */
export async function signInStaff(page: Page, username: string, redirect?: string): Promise<void> {
  await page.goto(redirect ? `/login?redirect=${redirect}` : '/login')
  await page.getByRole('tab', { name: '工作人员登录' }).click()
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: '登录', exact: true }).click()
}

/** A full-page screenshot kept with the test results, for people to look at. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })
}

/** Binds the signed-in resident's household with a member's ID and name (mock/demo-data.ts). */
export async function bindHousehold(page: Page, member: { idNumber: string, name: string }): Promise<void> {
  await page.goto('/bind')
  await page.getByLabel('身份证号').fill(member.idNumber)
  await page.getByLabel('姓名').fill(member.name)
  await page.getByRole('button', { name: '核对并绑定' }).click()
  await page.getByText(`${member.name}家`).first().waitFor()
}

/**
 * Binds a phone to a member's household as the town office does after seeing the ID card (issue
 * #13): for tests whose resident is not the member the registry holds that phone for. Plain HTTP
 * as town staff, before the resident signs in.
 */
export async function bindAtOffice(server: RunningServer, phone: string, member: { idNumber: string, name: string }): Promise<void> {
  const health = await fetch(`${server.url}/api/health`)
  const csrf = new RegExp(`${CSRF_COOKIE}=([^;]+)`).exec(health.headers.get('set-cookie') ?? '')![1]
  const headers = { 'content-type': 'application/json', [CSRF_HEADER]: csrf }
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { ...headers, cookie: `${CSRF_COOKIE}=${csrf}` }, body: JSON.stringify({ username: 'town', password: DEMO_PASSWORD }) })
  // Signing in may hand out a new CSRF token along with the session.
  const cookies = new Map([[CSRF_COOKIE, csrf]])
  for (const c of login.headers.getSetCookie())
    cookies.set(c.split('=')[0], c.split(';')[0].slice(c.indexOf('=') + 1))
  const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const bound = await fetch(`${server.url}/api/staff/household-bindings`, {
    method: 'POST',
    headers: { ...headers, [CSRF_HEADER]: cookies.get(CSRF_COOKIE)!, cookie },
    body: JSON.stringify({ phone, idNumber: member.idNumber, name: member.name, idCardChecked: true }),
  })
  if (!bound.ok)
    throw new Error(`binding at the office failed: ${bound.status} ${await bound.text()}`)
}

/** A PNG photo made by the browser's canvas (a "document" with text lines), as setInputFiles takes it. */
export async function documentPhoto(page: Page, name = 'bingli.png'): Promise<{ name: string, mimeType: string, buffer: Buffer }> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 1600
    canvas.height = 1200
    const ctx = canvas.getContext('2d')!
    ctx.fillStyle = '#fdfdf8'
    ctx.fillRect(0, 0, canvas.width, canvas.height)
    ctx.fillStyle = '#222'
    ctx.font = '48px sans-serif'
    for (let y = 100; y < 1150; y += 70)
      ctx.fillText(`住院病历 第 ${y} 行 ${Math.random().toString(36).slice(2)}`, 80, y)
    return canvas.toDataURL('image/png')
  })
  return { name, mimeType: 'image/png', buffer: Buffer.from(dataUrl.split(',')[1], 'base64') }
}

/** Draws a short signature-like scribble on a canvas with the mouse (pointer events). */
export async function drawSignature(page: Page, canvas: ReturnType<Page['locator']>): Promise<void> {
  await canvas.scrollIntoViewIfNeeded()
  const box = await canvas.boundingBox()
  if (!box)
    throw new Error('signature pad not visible')
  const y = box.y + box.height / 2
  await page.mouse.move(box.x + 20, y)
  await page.mouse.down()
  for (let i = 1; i <= 20; i++)
    await page.mouse.move(box.x + 20 + i * ((box.width - 40) / 20), y + Math.sin(i) * 30, { steps: 2 })
  await page.mouse.up()
}

/** The page's own fetch with the CSRF token the app would send: API calls as the signed-in person. */
export async function pageApi<T>(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number, json: T }> {
  return page.evaluate(async ({ method, url, body, cookieName, headerName }) => {
    const csrf = document.cookie.split('; ').find(c => c.startsWith(`${cookieName}=`))?.split('=')[1] ?? ''
    const res = await fetch(url, { method, headers: { 'content-type': 'application/json', [headerName]: csrf }, body: body === undefined ? undefined : JSON.stringify(body) })
    return { status: res.status, json: await res.json() }
  }, { method, url, body, cookieName: CSRF_COOKIE, headerName: CSRF_HEADER }) as Promise<{ status: number, json: T }>
}

/**
 * Reads a QR on screen the way a phone camera would: a screenshot of the element, decoded with
 * jsQR in a scratch page of the given context (the page under test is left untouched).
 */
export async function readQrOnScreen(qr: Locator, scratchContext: BrowserContext): Promise<string> {
  const png = (await qr.screenshot()).toString('base64')
  const scratch = await scratchContext.newPage()
  try {
    await scratch.addScriptTag({ path: 'node_modules/jsqr/dist/jsQR.js' })
    const text = await scratch.evaluate(async (data) => {
      const image = new Image()
      image.src = `data:image/png;base64,${data}`
      await image.decode()
      const canvas = document.createElement('canvas')
      canvas.width = image.width
      canvas.height = image.height
      const ctx = canvas.getContext('2d')!
      ctx.drawImage(image, 0, 0)
      const pixels = ctx.getImageData(0, 0, image.width, image.height)
      type JsQr = (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null
      const global = window as unknown as { jsQR: JsQr | { default: JsQr } }
      const jsQR = typeof global.jsQR === 'function' ? global.jsQR : global.jsQR.default
      return jsQR(pixels.data, pixels.width, pixels.height)?.data ?? null
    }, png)
    if (!text)
      throw new Error('the QR on screen could not be read')
    return text
  }
  finally {
    await scratch.close()
  }
}
