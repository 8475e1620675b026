import { shanghaiToday } from '../../src/domain/time'
import { expect, saveScreenshot, step, test } from './fixtures'
import { bindAtOffice, signInResident } from './helpers'

// The resident's 幸福清单 offline from the first session (issue #16): a phone that never opened
// the app signs in, opens the list once, loses signal and opens the app again: the last list is
// there, saying it is shown offline and when it was last updated. Nothing asks to bind a
// household that is bound, or to go online for a list the phone has.

const LI = { idNumber: '339901197506080012', name: '李建国' }
const PHONE = '13800138093'
const year = Number(shanghaiToday().slice(0, 4))

test.describe('a resident\'s happiness list with no signal', () => {
  test('shows the last list offline in a fresh phone\'s first session, also after reopening the app', async ({ page, context, server }) => {
    await bindAtOffice(server, PHONE, LI)
    // `page` is a fresh context: nothing cached, no service worker yet.
    const total = page.getByRole('heading', { name: `${year} 年共收到` })

    await step(page, 'list-offline-first-online', async () => {
      await signInResident(page, server, PHONE)
      // The first install takes control of this very page (clientsClaim) once the app is precached.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      await page.getByRole('link', { name: /幸福清单/ }).click()
      await expect(total).toBeVisible()
      await expect(page.getByRole('status').filter({ hasText: '更新于' })).toHaveText(/^\s*更新于 \d{4}年/)
    })

    await context.setOffline(true)
    await step(page, 'list-offline-back-and-again', async () => {
      // 返回 is a button; home and the list open without the network.
      await page.getByRole('button', { name: '返回' }).click()
      await expect(page.getByRole('link', { name: /幸福清单/ })).toBeVisible()
      await expect(page.getByText('去绑定'), 'a bound household is not asked to bind').toHaveCount(0)
      await page.getByRole('link', { name: /幸福清单/ }).click()
      await expect(total).toBeVisible()
      await expect(page.getByRole('status').filter({ hasText: /^离线显示，上次更新于 \d{4}年/ })).toBeVisible()
    })

    await step(page, 'list-offline-reopened', async () => {
      // Reopening the app offline: the page comes from the service worker, the list from the device.
      await page.reload()
      await expect(total).toBeVisible()
      await expect(page.getByRole('status').filter({ hasText: /^离线显示，上次更新于 \d{4}年/ })).toBeVisible()
      await expect(page.getByText('还没有同步过')).toHaveCount(0)
      await expect(page.getByText('去绑定')).toHaveCount(0)
      await expect(page.getByRole('alert'), 'being offline with a kept list is no error').toHaveCount(0)
      await saveScreenshot(page, 'resident-list-offline')
    })

    await step(page, 'list-offline-new-window', async () => {
      const again = await context.newPage()
      await again.goto('/')
      await again.getByRole('link', { name: /幸福清单/ }).click()
      await expect(again.getByRole('heading', { name: `${year} 年共收到` })).toBeVisible()
      await expect(again.getByRole('status').filter({ hasText: '离线显示，上次更新于' })).toBeVisible()
      await again.close()
    })

    await context.setOffline(false)
    await step(page, 'list-online-again', async () => {
      await page.reload()
      await expect(total).toBeVisible()
      await expect(page.getByRole('status').filter({ hasText: /^更新于 / })).toBeVisible()
      await expect(page.getByText('离线显示')).toHaveCount(0)
    })
  })
})
