import type { Browser } from '@playwright/test'
import type { RunningServer } from './support'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, expect, test } from '@playwright/test'
import { makeTestCertificate } from '../tls-certificate'
import { signInStaff } from './helpers'
import { CHROMIUM, CHROMIUM_ARGS, PHONE_CONTEXT, startServer } from './support'

// The one process serving HTTPS itself (TLS_CERT_FILE, TLS_KEY_FILE; issue #18): browsers get
// HTTP/2, and everything the app does over plain HTTP on localhost works the same: the sign-in
// (cookies and the CSRF header), the service worker's install and precache, opening offline.
// Its own server and browser: Chromium trusts the throw-away certificate by its key.

let dir: string
let server: RunningServer
let browser: Browser

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xfm-e2e-tls-'))
  const cert = makeTestCertificate(dir)
  server = await startServer({ TLS_CERT_FILE: cert.certFile, TLS_KEY_FILE: cert.keyFile })
  browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${cert.spkiSha256}`] })
})

test.afterAll(async () => {
  await browser?.close()
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

test('over HTTPS with HTTP/2: a volunteer signs in, the service worker takes over, and the app opens offline', async () => {
  expect(server.url).toMatch(/^https:/)
  const context = await browser.newContext({ ...PHONE_CONTEXT, baseURL: server.url })
  const page = await context.newPage()
  try {
    await signInStaff(page, 'volunteer')
    await expect(page.getByRole('button', { name: '扫幸福码' })).toBeVisible()
    // The page, its scripts and the API calls all came over HTTP/2.
    const protocols = await page.evaluate(() => [
      ...performance.getEntriesByType('navigation'),
      ...performance.getEntriesByType('resource'),
    ].map(e => (e as PerformanceResourceTiming).nextHopProtocol))
    expect(protocols.length).toBeGreaterThan(3)
    expect(new Set(protocols)).toEqual(new Set(['h2']))
    // A secure context with a trusted certificate: the service worker installs and takes this page.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null)

    await context.setOffline(true)
    await page.reload()
    await expect(page.getByRole('button', { name: '扫幸福码' })).toBeVisible()
  }
  finally {
    await context.close()
  }
})
