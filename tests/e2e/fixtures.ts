/**
 * The e2e tests' `test`: Playwright's, with the server of the file under test, the
 * Content-Security-Policy guard, a phone with an on-disk profile, and more browser contexts that
 * close with the test. Import `test` and `expect` from here, not from @playwright/test.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from '@playwright/test'
import type { RunningServer } from './support'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { test as base, expect } from '@playwright/test'
import { PHONE_CONTEXT, startServer } from './support'

export { expect }

/** What Chromium logs when the Content-Security-Policy blocks something (issue #13). */
const CSP_VIOLATION = 'Content Security Policy'
/** Violations logged by any page of this worker since the last test began. */
const cspViolations: string[] = []

/** Notes every CSP violation a page of this browser (each of its contexts) or of this context logs. */
export function watchCsp(target: Browser | BrowserContext): void {
  const watch = (context: BrowserContext) => context.on('console', (msg) => {
    if (msg.text().includes(CSP_VIOLATION))
      cspViolations.push(`${msg.page()?.url() ?? '(no page)'}: ${msg.text()}`)
  })
  if ('newContext' in target)
    target.on('context', watch)
  else
    watch(target)
}

export type NewContext = (options?: BrowserContextOptions) => Promise<BrowserContext>

interface Fixtures {
  /** The server of this file: started for its first test, shared by its tests in order. */
  server: RunningServer
  /** Another browser (a second phone, a kiosk, a desk), closed when the test ends; what `options` leaves out is the config's phone. */
  newContext: NewContext
  /** A phone with an on-disk profile (installability and Background Sync need one), removed afterwards. */
  persistentContext: BrowserContext
  /** Fails the test during which a page broke the Content-Security-Policy. */
  cspGuard: void
}

interface WorkerFixtures {
  /** The server of a test file, by its path; the one of the file before is stopped. */
  fileServer: (file: string) => Promise<RunningServer>
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  // Each file has its own server and database, as its tests build on what the earlier ones did.
  // A worker runs one file's tests one after another before the next file's: the server of the
  // file before is done with when the next file asks for one.
  fileServer: [async ({}, use) => {
    let current: { file: string, server: RunningServer } | undefined
    await use(async (file) => {
      if (current?.file !== file) {
        const before = current
        current = undefined
        await before?.server.stop()
        current = { file, server: await startServer() }
      }
      return current.server
    })
    await current?.server.stop()
  }, { scope: 'worker' }],

  server: async ({ fileServer }, use, testInfo) => {
    await use(await fileServer(testInfo.file))
  },

  // Every context made during a test (the `page` fixture's, and browser.newContext()) opens the file's server.
  baseURL: async ({ server }, use) => {
    await use(server.url)
  },

  browser: [async ({ browser }, use) => {
    watchCsp(browser)
    await use(browser)
  }, { scope: 'worker' }],

  cspGuard: [async ({}, use) => {
    cspViolations.length = 0
    await use()
    const seen = cspViolations.splice(0)
    if (seen.length > 0)
      throw new Error(`The page broke the Content-Security-Policy:\n${seen.join('\n')}`)
  }, { auto: true }],

  newContext: async ({ browser }, use) => {
    const opened: BrowserContext[] = []
    await use(async (options) => {
      const context = await browser.newContext(options)
      opened.push(context)
      return context
    })
    await Promise.all(opened.map(c => c.close()))
  },

  persistentContext: async ({ playwright, launchOptions, baseURL }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'xfm-profile-'))
    const context = await playwright.chromium.launchPersistentContext(dir, { ...launchOptions, ...PHONE_CONTEXT, baseURL })
    watchCsp(context)
    await use(context)
    await context.close()
    // Chromium may still be writing the profile when it has closed.
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
  },
})

/**
 * A step of a test, as the report shows it; when it fails, a screenshot of `page` as it was
 * is attached under the step's name.
 */
export async function step<T>(page: Page, title: string, body: () => Promise<T>): Promise<T> {
  return test.step(title, async () => {
    try {
      return await body()
    }
    catch (error) {
      // The page may be gone (closed, crashed): the error that failed the step is what counts.
      const shot = await page.screenshot({ fullPage: true }).catch(() => null)
      if (shot)
        await test.info().attach(`${title}.png`, { body: shot, contentType: 'image/png' })
      throw error
    }
  })
}

/** A path in this test's folder of test-results/e2e for a file kept for people to look at (subfolders made). */
export function keptFile(name: string): string {
  const path = test.info().outputPath(name)
  mkdirSync(dirname(path), { recursive: true })
  return path
}

/** A screenshot kept with the test's results and attached to the report. */
export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const path = keptFile(`${name}.png`)
  await page.screenshot({ path, fullPage: options.fullPage ?? true })
  await test.info().attach(name, { path, contentType: 'image/png' })
}
