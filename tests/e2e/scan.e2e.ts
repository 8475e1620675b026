import type { BrowserContext, BrowserContextOptions, Page } from '@playwright/test'
import type { RunningServer } from './support'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import QRCode from 'qrcode'
import { DEMO_HOUSEHOLDS } from '../../mock/demo-data'
import { base64urlToBytes, bytesToBase64url, decodeToken } from '../../src/domain/household-code/token'
import { writeQrVideo } from './fake-camera'
import { expect, saveScreenshot, step, test, watchCsp } from './fixtures'
import { bindAtOffice, bindHousehold, pageApi, signInResident, signInStaff, storedValue } from './helpers'
import { PHONE_CONTEXT } from './support'

// Scanning a happiness code (issue #6) with a real QR image fed to Chromium's fake camera, then
// the page the code opens: the card for a volunteer, a plain refusal for a forged, truncated or
// revoked code, and verification with no network.

// The registry holds 13800138000 for him: signing in with it is the proof that binds (issue #13).
const LI = { idNumber: '339901197506080012', name: '李建国' }
const CAMERA_ARGS = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']
/** Reading the fake camera's frames takes a while on a loaded machine. */
const SCAN_TIMEOUT_MS = 20_000

// The tests build on each other: the first reads the code the later ones revoke and check offline.
test.describe.configure({ mode: 'serial' })

/** The household's code as the resident's app shows it, and the same after regenerating. */
let code: { token: string, url: string }
/** The resident's phone, signed in for the later tests (regenerating the code). */
let resident: Page | undefined
/** The first version of the code, revoked by the second test. */
let revokedToken = ''

test.afterAll(async () => {
  await resident?.context().close()
})

async function signInVolunteer(page: Page) {
  await signInStaff(page, 'volunteer')
  await expect(page.getByRole('button', { name: '扫幸福码' })).toBeVisible()
}

/** A resident of a demo household signed in on a phone of their own; returns the page and its code. */
async function householdCode(server: RunningServer, phone: BrowserContext, number: string, member: { idNumber: string, name: string }): Promise<{ page: Page, code: { token: string, url: string } }> {
  await bindAtOffice(server, number, member)
  const page = await phone.newPage()
  await signInResident(page, server, number)
  return { page, code: (await pageApi<{ token: string, url: string }>(page, 'GET', '/api/household-code')).json }
}

/** Whether the phone's kept list of revoked codes (IndexedDB) names this version of the household's code. */
async function keptAsRevoked(page: Page, { ref, version }: { ref: string, version: number }): Promise<boolean> {
  const kept = await storedValue<{ revoked?: { ref: string, version: number }[] }>(page, 'published', { db: 'xingfuma-code-keys', store: 'keys' })
  return (kept?.revoked ?? []).some(r => r.ref === ref && r.version === version)
}

/** The token with one byte of its signature changed: well-formed, but not what the server signed. */
function tampered(token: string): string {
  const bytes = base64urlToBytes(token)!
  bytes[40] ^= 0x20
  return bytesToBase64url(bytes)
}

test.describe('scanning a happiness code', () => {
  test('reads the QR through the camera and shows a volunteer the masked card', async ({ browser, playwright, launchOptions, baseURL, server }) => {
    resident = await (await browser.newContext()).newPage()
    await step(resident, 'scan-resident-code', async () => {
      await signInResident(resident!, server, '13800138000')
      await bindHousehold(resident!, LI)
      code = (await pageApi<{ token: string, url: string }>(resident!, 'GET', '/api/household-code')).json
      expect(code.url).toBe(`${server.url}/h/${code.token}`)
    })

    const dir = mkdtempSync(join(tmpdir(), 'xfm-camera-'))
    const video = join(dir, 'qr.y4m')
    const frame = writeQrVideo(video, code.url)
    // Noted for issue #6: what a cheap camera has to read.
    test.info().annotations.push({ type: 'QR', description: `version ${frame.qrVersion} (${frame.modules}×${frame.modules} modules, level M), ${frame.moduleSize} px per module in a ${frame.width}×${frame.height} frame` })
    // A browser of its own: the camera is a launch flag.
    const camera = await playwright.chromium.launch({ ...launchOptions, args: [...launchOptions.args ?? [], ...CAMERA_ARGS, `--use-file-for-fake-video-capture=${video}`] })
    watchCsp(camera)
    try {
      const context = await camera.newContext({ ...PHONE_CONTEXT, baseURL } satisfies BrowserContextOptions)
      await context.grantPermissions(['camera'])
      const page = await context.newPage()
      await step(page, 'scan-camera', async () => {
        await signInVolunteer(page)
        const native = await page.evaluate(() => 'BarcodeDetector' in window)
        // Where the browser has no QR reader of its own (Linux Chromium), the app loads jsQR from itself.
        const jsqrChunk = native ? null : page.waitForRequest(r => new URL(r.url()).pathname.match(/^\/assets\/jsQR-[\w-]+\.js$/) !== null)
        await page.getByRole('button', { name: '扫幸福码' }).click()
        await page.waitForURL(`**/h/${code.token}`, { timeout: SCAN_TIMEOUT_MS })
        if (jsqrChunk)
          expect((await jsqrChunk).url()).toMatch(new RegExp(`^${server.url}/`))
        test.info().annotations.push({ type: 'decoder', description: native ? 'BarcodeDetector' : 'jsQR (lazy chunk)' })
      })

      await step(page, 'scan-card', async () => {
        await expect(page.getByText('幸福码有效')).toBeVisible()
        await expect(page.getByRole('heading', { name: '李**家' })).toBeVisible()
        await expect(page.getByText('和美村 · 共 3 人')).toBeVisible()
        const main = page.locator('main')
        await expect(main, 'flag chips').toContainText('有未成年人')
        await expect(main, 'the full name never shows').not.toContainText('李建国')
        await expect(main, 'no ID number').not.toContainText(LI.idNumber)
        await expect(page.getByRole('button', { name: '记录探访' })).toBeVisible()
        await expect(page.getByRole('button', { name: '代为登记微心愿' })).toBeVisible()
        await saveScreenshot(page, 'scan-card')
      })
    }
    finally {
      await camera.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('tells a signed-out person what the code is, and turns a tampered, truncated or revoked code away', async ({ page }) => {
    const refused = async (token: string, text: string) => {
      await page.goto(`/h/${token}`)
      const alert = page.getByRole('alert')
      await expect(alert.getByText('无法使用这个幸福码')).toBeVisible()
      await expect(alert.getByText(text)).toBeVisible()
      await expect(page.getByRole('button', { name: '记录探访' })).toHaveCount(0)
    }

    await step(page, 'scan-signed-out', async () => {
      // Any phone camera opens the link: someone not signed in learns what it is, nothing more.
      await page.goto(`/h/${code.token}`)
      await expect(page.getByRole('heading', { name: '这是一户家庭的幸福码' })).toBeVisible()
      await expect(page.getByRole('button', { name: '工作人员登录' })).toBeVisible()
      const text = await page.locator('main').textContent() ?? ''
      expect(text, 'no household data for a signed-out person').not.toContain('李')
      expect(text, 'no household data for a signed-out person').not.toContain('和美村')
    })

    await step(page, 'scan-tampered', async () => {
      await signInVolunteer(page)
      await refused(tampered(code.token), '不是本系统签发的，或者已被改动过')
      await saveScreenshot(page, 'scan-tampered')
      await refused(code.token.slice(0, -3), '链接不完整，或者不是幸福码')
    })

    await step(page, 'scan-revoked', async () => {
      const next = await pageApi<{ token: string, url: string }>(resident!, 'POST', '/api/household-code/regenerate', {})
      expect(next.status).toBe(200)
      await refused(code.token, '已作废（住户已重新生成）')
      revokedToken = code.token
      code = next.json
    })
  })

  test('verifies a code with no network, from the keys kept on the phone', async ({ page, context }) => {
    await step(page, 'offline-prepare', async () => {
      await signInVolunteer(page)
      // Open a code once online: the keys and the revoked list are fetched and kept.
      await page.goto(`/h/${code.token}`)
      await expect(page.getByText('幸福码有效')).toBeVisible()
      // Reload once so that the service worker controls the page and serves the app offline.
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
      await page.reload()
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      await expect(page.getByText('幸福码有效')).toBeVisible()
    })

    await step(page, 'offline-verify', async () => {
      await context.setOffline(true)
      await page.goto(`/h/${code.token}`)
      await expect(page.getByText('已离线验证').first()).toBeVisible()
      await expect(page.getByText('联网后可查看家庭信息')).toBeVisible()
      await expect(page.getByRole('button', { name: '记录探访' })).toBeVisible()
      await saveScreenshot(page, 'scan-offline')
      await page.goto(`/h/${tampered(code.token)}`)
      await expect(page.getByRole('alert').getByText('不是本系统签发的，或者已被改动过')).toBeVisible()
      await page.goto(`/h/${revokedToken}`)
      await expect(page.getByRole('alert').getByText('已作废（住户已重新生成）')).toBeVisible()
      await context.setOffline(false)
    })
  })

  test('offers a pasted link or a photo when there is no camera', async ({ page }) => {
    // This browser has no camera device: getUserMedia fails.
    await step(page, 'scan-no-camera', async () => {
      await signInVolunteer(page)
      await page.goto('/volunteer/scan')
      await expect(page.getByRole('alert')).toBeVisible()
      await saveScreenshot(page, 'scan-no-camera')
      await page.getByLabel('粘贴或输入幸福码链接').fill(code.url)
      await page.getByRole('button', { name: '打开', exact: true }).click()
      await page.waitForURL(`**/h/${code.token}`)
      await expect(page.getByText('幸福码有效')).toBeVisible()
    })

    await step(page, 'scan-photo', async () => {
      await page.goto('/volunteer/scan')
      await expect(page.getByRole('alert')).toBeVisible()
      // A photo of the printed code, as the phone's camera app would hand it over.
      const photo = await QRCode.toBuffer(code.url, { errorCorrectionLevel: 'M', margin: 4, scale: 6 })
      await page.locator('input[type="file"]').setInputFiles({ name: 'code.png', mimeType: 'image/png', buffer: photo })
      await page.waitForURL(`**/h/${code.token}`)
      await expect(page.getByText('幸福码有效')).toBeVisible()
    })
  })

  test('keeps a revocation the server reported: the code it refused online is refused offline a minute later', async ({ page, context, newContext, server }) => {
    const wang = await householdCode(server, await newContext(), '13800138095', DEMO_HOUSEHOLDS[0].members[0])
    const decoded = decodeToken(wang.code.token)
    expect(decoded.ok).toBe(true)
    const revoked = { ref: decoded.ok ? decoded.payload.ref : '', version: 1 }

    await step(page, 'learn-online', async () => {
      await signInVolunteer(page)
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      // The list this phone had just fetched, before the household made a new code.
      const stale = (await pageApi(page, 'GET', '/api/household-code/keys')).json
      expect((await pageApi(wang.page, 'POST', '/api/household-code/regenerate', {})).status).toBe(200)
      await page.route('**/api/household-code/keys', route => route.fulfill({ json: stale }))
      await page.goto(wang.code.url)
      // The phone's own check passes (its list is old); the server knows better.
      await expect(page.getByRole('alert').getByText('这个幸福码无效或已作废')).toBeVisible()
      await expect(page.getByRole('button', { name: '记录探访' })).toHaveCount(0)
      await expect.poll(() => keptAsRevoked(page, revoked), { message: 'the phone keeps what the server said' }).toBe(true)
      await page.unroute('**/api/household-code/keys')
    })

    await context.setOffline(true)
    await step(page, 'learn-offline', async () => {
      // A minute later, out of coverage, after a reload: the phone remembers.
      await page.goto(wang.code.url)
      await expect(page.getByRole('alert').getByText('已作废（住户已重新生成）')).toBeVisible()
      await expect(page.getByRole('button', { name: '记录探访' })).toHaveCount(0)
      expect(await keptAsRevoked(page, revoked)).toBe(true)
    })
    await context.setOffline(false)
  })

  test('offers no visit for a household outside the volunteer\'s areas', async ({ page, newContext, server }) => {
    // 陈's household lives in 桃源村; the volunteer's village is 和美村.
    const chen = await householdCode(server, await newContext(), '13800138096', DEMO_HOUSEHOLDS[2].members[0])
    await step(page, 'outside-area', async () => {
      await signInVolunteer(page)
      await page.goto(chen.code.url)
      await expect(page.getByRole('note').getByText('这户不在您负责的区域')).toBeVisible()
      await expect(page.getByRole('button', { name: '记录探访' })).toHaveCount(0)
      await expect(page.getByRole('button', { name: '代为登记微心愿' })).toHaveCount(0)
      await expect(page.getByRole('button', { name: '继续扫码' })).toBeVisible()
      await saveScreenshot(page, 'scan-outside-area')
    })
  })
})
