import { expect, saveScreenshot, step, test } from './fixtures'
import { bindAtOffice, pageApi, readQrOnScreen, signInResident, storedValue } from './helpers'

// The household's own code with no signal, from the first session (issue #16): an old person
// shows 幸福码 at the door. A phone that never opened the app signs in, shows the code once, and
// loses the network WITHOUT reloading: away and back, and after a reload, the code is still
// there ("离线显示，上次更新于 …"), never "绑定家庭后才有幸福码". A regenerated code replaces the kept
// one at the next sync; signing out leaves nothing of it on the phone.

const LI = { idNumber: '339901197506080012', name: '李建国' }
const PHONE = '13800138092'
/** A second phone of the same household, where the code is regenerated. */
const OTHER_PHONE = '13800138093'
/** Where the app keeps the household's own code (IndexedDB 'xingfuma' / 'state'). */
const OWN_CODE_KEY = 'household-code.own'

interface KeptCode { code: { version: number, url: string } }

test.describe('the household code with no signal', () => {
  test('keeps showing the code offline from the first session: away and back, and after a reload', async ({ page, context, newContext, server }) => {
    test.slow()
    await bindAtOffice(server, PHONE, LI)
    await bindAtOffice(server, OTHER_PHONE, LI)
    // `page` is a fresh context: nothing cached, no service worker yet.
    const scratch = await newContext()
    let url = ''
    let reloads = 0
    page.on('load', () => reloads++)

    await step(page, 'resident-code-online', async () => {
      await signInResident(page, server, PHONE)
      await page.getByRole('tab', { name: '幸福码' }).click()
      await expect(page.getByRole('img', { name: '本户幸福码二维码' }).locator('svg')).toBeVisible()
      await expect(page.getByText('第 1 版')).toBeVisible()
      url = (await pageApi<{ url: string }>(page, 'GET', '/api/household-code')).json.url
      // The first install takes control of this very page (clientsClaim).
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      expect(page.url(), 'the code is not in the address').not.toContain(url.split('/h/')[1]!)
    })
    const loadsBeforeOffline = reloads

    await context.setOffline(true)
    await step(page, 'resident-code-away-and-back', async () => {
      await page.getByRole('tab', { name: '首页' }).click()
      await expect(page.getByRole('link', { name: /申请救助/ })).toBeVisible()
      await page.getByRole('tab', { name: '幸福码' }).click()
      await expect(page.getByText('离线显示，上次更新于')).toBeVisible()
      const qr = page.getByRole('img', { name: '本户幸福码二维码' })
      await expect(qr.locator('svg')).toBeVisible()
      expect(await readQrOnScreen(qr, scratch), 'the QR on screen is the household\'s code').toBe(url)
      await expect(page.getByText('绑定家庭后才有幸福码')).toHaveCount(0)
      await expect(page.getByText('去绑定家庭')).toHaveCount(0)
      expect(reloads, 'nothing was reloaded after going offline').toBe(loadsBeforeOffline)
    })

    await step(page, 'resident-code-reload-offline', async () => {
      await page.reload()
      await expect(page.getByText('离线显示，上次更新于')).toBeVisible()
      const qr = page.getByRole('img', { name: '本户幸福码二维码' })
      await expect(qr.locator('svg')).toBeVisible()
      await expect(page.getByText('第 1 版')).toBeVisible()
      expect(await readQrOnScreen(qr, scratch)).toBe(url)
      await expect(page.getByText('绑定家庭后才有幸福码')).toHaveCount(0)
      // A new code needs the server: not offered offline.
      await expect(page.getByRole('button', { name: '重新生成幸福码' })).toHaveCount(0)
      await saveScreenshot(page, 'resident-code-offline')
    })

    await step(page, 'resident-code-replaced', async () => {
      // The household makes a new code on its other phone; this one is back online.
      const other = await scratch.newPage()
      await signInResident(other, server, OTHER_PHONE)
      const next = await pageApi<{ url: string, version: number }>(other, 'POST', '/api/household-code/regenerate', {})
      expect(next.json.version).toBe(2)
      await context.setOffline(false)
      await page.reload()
      await expect(page.getByText('第 2 版')).toBeVisible()
      await expect.poll(async () => (await storedValue<KeptCode>(page, OWN_CODE_KEY))?.code.version).toBe(2)
      await context.setOffline(true)
      await page.getByRole('tab', { name: '首页' }).click()
      await page.getByRole('tab', { name: '幸福码' }).click()
      await expect(page.getByText('离线显示，上次更新于')).toBeVisible()
      await expect(page.getByText('第 2 版')).toBeVisible()
      expect(await readQrOnScreen(page.getByRole('img', { name: '本户幸福码二维码' }), scratch)).toBe(next.json.url)
      await context.setOffline(false)
    })

    await step(page, 'resident-code-signed-out', async () => {
      await page.getByRole('tab', { name: '我的' }).click()
      await page.getByRole('button', { name: '退出登录' }).click()
      await expect(page.getByRole('heading', { name: '登录幸福码' })).toBeVisible()
      await expect.poll(() => storedValue(page, OWN_CODE_KEY), { message: 'signing out leaves no code on the phone' }).toBeNull()
    })
  })
})
