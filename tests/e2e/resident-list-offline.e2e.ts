import type { Browser } from 'playwright-core'
import type { RunningServer } from './support'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { shanghaiToday } from '../../src/domain/time'
import { bindAtOffice, phoneContext, saveScreenshot, signInResident, step, TEST_TIMEOUT_MS, withServerAndBrowser } from './support'

// The resident's 幸福清单 offline from the first session (issue #16): a phone that never opened
// the app signs in, opens the list once, loses signal and opens the app again: the last list is
// there, saying it is shown offline and when it was last updated. Nothing asks to bind a
// household that is bound, or to go online for a list the phone has.

const LI = { idNumber: '339901197506080012', name: '李建国' }
const PHONE = '13800138093'
const year = Number(shanghaiToday().slice(0, 4))

let server: RunningServer
let browser: Browser

withServerAndBrowser((s, b) => {
  server = s
  browser = b
})

describe('a resident\'s happiness list with no signal', () => {
  it('shows the last list offline in a fresh phone\'s first session, also after reopening the app', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    await bindAtOffice(server, PHONE, LI)
    // A fresh context: nothing cached, no service worker yet.
    const context = await phoneContext(browser, server.url)
    t.after(() => context.close())
    const page = await context.newPage()
    const total = page.getByRole('heading', { name: `${year} 年共收到` })

    await step(page, 'list-offline-first-online', async () => {
      await signInResident(page, server, PHONE)
      // The first install takes control of this very page (clientsClaim) once the app is precached.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      await page.getByRole('link', { name: /幸福清单/ }).click()
      await total.waitFor()
      assert.match(await page.getByRole('status').filter({ hasText: '更新于' }).textContent() ?? '', /^\s*更新于 \d{4}年/)
    })

    await context.setOffline(true)
    await step(page, 'list-offline-back-and-again', async () => {
      // 返回 is a button; home and the list open without the network.
      await page.getByRole('button', { name: '返回' }).click()
      await page.getByRole('link', { name: /幸福清单/ }).waitFor()
      assert.equal(await page.getByText('去绑定').count(), 0, 'a bound household is not asked to bind')
      await page.getByRole('link', { name: /幸福清单/ }).click()
      await total.waitFor()
      await page.getByRole('status').filter({ hasText: /^离线显示，上次更新于 \d{4}年/ }).waitFor()
    })

    await step(page, 'list-offline-reopened', async () => {
      // Reopening the app offline: the page comes from the service worker, the list from the device.
      await page.reload()
      await total.waitFor()
      await page.getByRole('status').filter({ hasText: /^离线显示，上次更新于 \d{4}年/ }).waitFor()
      assert.equal(await page.getByText('还没有同步过').count(), 0)
      assert.equal(await page.getByText('去绑定').count(), 0)
      assert.equal(await page.getByRole('alert').count(), 0, 'being offline with a kept list is no error')
      await saveScreenshot(page, 'resident-list-offline')
    })

    await step(page, 'list-offline-new-window', async () => {
      const again = await context.newPage()
      await again.goto('/')
      await again.getByRole('link', { name: /幸福清单/ }).click()
      await again.getByRole('heading', { name: `${year} 年共收到` }).waitFor()
      await again.getByRole('status').filter({ hasText: '离线显示，上次更新于' }).waitFor()
      await again.close()
    })

    await context.setOffline(false)
    await step(page, 'list-online-again', async () => {
      await page.reload()
      await total.waitFor()
      await page.getByRole('status').filter({ hasText: /^更新于 / }).waitFor()
      assert.equal(await page.getByText('离线显示').count(), 0)
    })
  })
})
