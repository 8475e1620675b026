import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from './support'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bindAtOffice, pageApi, phoneContext, readQrOnScreen, saveScreenshot, signInResident, step, TEST_TIMEOUT_MS, withServerAndBrowser } from './support'

// The household's own code with no signal, from the first session (issue #16): an old person
// shows 幸福码 at the door. A phone that never opened the app signs in, shows the code once, and
// loses the network WITHOUT reloading: away and back, and after a reload, the code is still
// there ("离线显示，上次更新于 …"), never "绑定家庭后才有幸福码". A regenerated code replaces the kept
// one at the next sync; signing out leaves nothing of it on the phone.

const LI = { idNumber: '339901197506080012', name: '李建国' }
const PHONE = '13800138092'
/** A second phone of the same household, where the code is regenerated. */
const OTHER_PHONE = '13800138093'
const OWN_CODE_KEY = 'household-code.own'

let server: RunningServer
let browser: Browser

withServerAndBrowser((s, b) => {
  server = s
  browser = b
})

/** What the app keeps under the key in its stored state (IndexedDB 'xingfuma' / 'state'). */
async function keptCode(page: Page): Promise<{ code: { version: number, url: string } } | null> {
  return page.evaluate(key => new Promise((resolve, reject) => {
    const open = indexedDB.open('xingfuma')
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const db = open.result
      if (!db.objectStoreNames.contains('state'))
        return resolve(null)
      const request = db.transaction('state').objectStore('state').get(key)
      request.onsuccess = () => resolve(request.result ?? null)
      request.onerror = () => reject(request.error)
    }
  }), OWN_CODE_KEY)
}

describe('the household code with no signal', () => {
  it('keeps showing the code offline from the first session: away and back, and after a reload', { timeout: TEST_TIMEOUT_MS * 2 }, async (t) => {
    await bindAtOffice(server, PHONE, LI)
    await bindAtOffice(server, OTHER_PHONE, LI)
    // A fresh context: nothing cached, no service worker yet.
    const context = await phoneContext(browser, server.url)
    t.after(() => context.close())
    const page = await context.newPage()
    const scratch = await phoneContext(browser, server.url)
    t.after(() => scratch.close())
    let url = ''
    let reloads = 0
    page.on('load', () => reloads++)

    await step(page, 'resident-code-online', async () => {
      await signInResident(page, server, PHONE)
      await page.getByRole('tab', { name: '幸福码' }).click()
      await page.getByRole('img', { name: '本户幸福码二维码' }).locator('svg').waitFor()
      await page.getByText('第 1 版').waitFor()
      url = (await pageApi<{ url: string }>(page, 'GET', '/api/household-code')).json.url
      // The first install takes control of this very page (clientsClaim).
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      assert.ok(!page.url().includes(url.split('/h/')[1]!), 'the code is not in the address')
    })
    const loadsBeforeOffline = reloads

    await context.setOffline(true)
    await step(page, 'resident-code-away-and-back', async () => {
      await page.getByRole('tab', { name: '首页' }).click()
      await page.getByRole('link', { name: /申请救助/ }).waitFor()
      await page.getByRole('tab', { name: '幸福码' }).click()
      await page.getByText('离线显示，上次更新于').waitFor()
      const qr = page.getByRole('img', { name: '本户幸福码二维码' })
      await qr.locator('svg').waitFor()
      assert.equal(await readQrOnScreen(qr, scratch), url, 'the QR on screen is the household\'s code')
      assert.equal(await page.getByText('绑定家庭后才有幸福码').count(), 0)
      assert.equal(await page.getByText('去绑定家庭').count(), 0)
      assert.equal(reloads, loadsBeforeOffline, 'nothing was reloaded after going offline')
    })

    await step(page, 'resident-code-reload-offline', async () => {
      await page.reload()
      await page.getByText('离线显示，上次更新于').waitFor()
      const qr = page.getByRole('img', { name: '本户幸福码二维码' })
      await qr.locator('svg').waitFor()
      await page.getByText('第 1 版').waitFor()
      assert.equal(await readQrOnScreen(qr, scratch), url)
      assert.equal(await page.getByText('绑定家庭后才有幸福码').count(), 0)
      // A new code needs the server: not offered offline.
      assert.equal(await page.getByRole('button', { name: '重新生成幸福码' }).count(), 0)
      await saveScreenshot(page, 'resident-code-offline')
    })

    await step(page, 'resident-code-replaced', async () => {
      // The household makes a new code on its other phone; this one is back online.
      const other = await scratch.newPage()
      await signInResident(other, server, OTHER_PHONE)
      const next = await pageApi<{ url: string, version: number }>(other, 'POST', '/api/household-code/regenerate', {})
      assert.equal(next.json.version, 2)
      await context.setOffline(false)
      await page.reload()
      await page.getByText('第 2 版').waitFor()
      assert.equal((await keptCode(page))?.code.version, 2)
      await context.setOffline(true)
      await page.getByRole('tab', { name: '首页' }).click()
      await page.getByRole('tab', { name: '幸福码' }).click()
      await page.getByText('离线显示，上次更新于').waitFor()
      await page.getByText('第 2 版').waitFor()
      assert.equal(await readQrOnScreen(page.getByRole('img', { name: '本户幸福码二维码' }), scratch), next.json.url)
      await context.setOffline(false)
    })

    await step(page, 'resident-code-signed-out', async () => {
      await page.getByRole('tab', { name: '我的' }).click()
      await page.getByRole('button', { name: '退出登录' }).click()
      await page.getByRole('heading', { name: '登录幸福码' }).waitFor()
      assert.equal(await keptCode(page), null, 'signing out leaves no code on the phone')
    })
  })
})
