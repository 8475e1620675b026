import type { Page } from '@playwright/test'
import { expect, saveScreenshot, step, test } from './fixtures'
import { bindAtOffice, pageApi, signInResident, signInStaff } from './helpers'

// Offline from the first session (issue #16): a volunteer signs in at the village committee on
// a phone that never opened the app before, walks out of coverage WITHOUT reloading, and logs a
// visit; back in coverage it is uploaded once. Before, the service worker controlled the page
// only after a reload, and the visit form's chunk could not be fetched offline.

const LI = { idNumber: '339901197506080012', name: '李建国' }

interface MyVisits { visits: { id: string, clientId: string, type: string }[] }

async function choose(page: Page, group: string, choice: string) {
  await page.getByRole('group', { name: group, exact: true }).getByText(choice, { exact: true }).click()
}

test.describe('a volunteer\'s first day with no signal', () => {
  test('logs a visit offline in the very first session, never reloading, and uploads it once', async ({ page, context, newContext, server }) => {
    test.slow()
    const resident = await (await newContext()).newPage()
    await bindAtOffice(server, '13800138091', LI)
    await signInResident(resident, server, '13800138091')
    const { url } = (await pageApi<{ url: string }>(resident, 'GET', '/api/household-code')).json

    // `page` is a fresh context: nothing cached, no service worker yet.
    let before: MyVisits = { visits: [] }
    let reloads = 0
    page.on('load', () => reloads++)

    await step(page, 'first-day-online', async () => {
      await signInStaff(page, 'volunteer')
      await expect(page.getByRole('button', { name: '扫幸福码' })).toBeVisible()
      // The first install takes control of this very page (clientsClaim) once the app is precached.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      before = (await pageApi<MyVisits>(page, 'GET', '/api/visits/mine')).json
      await page.goto(url)
      await expect(page.getByText('李**家')).toBeVisible()
    })
    const loadsBeforeOffline = reloads

    await context.setOffline(true)
    await step(page, 'first-day-offline-visit', async () => {
      // A tap, not a navigation: the visit form's chunk comes from the precache.
      await page.getByRole('button', { name: '记录探访' }).click()
      await choose(page, '探访类型', '探访关爱')
      await saveScreenshot(page, 'first-day-visit-form-offline')
      await page.getByRole('button', { name: '保存探访记录' }).click()
      await expect(page.getByText('已保存，联网后自动上传')).toBeVisible()
    })
    expect(reloads, 'nothing was reloaded after going offline').toBe(loadsBeforeOffline)

    await context.setOffline(false)
    await step(page, 'first-day-synced', async () => {
      // Back online, the app sends what waits by itself (the 'online' event, and again at start).
      await page.goto('/volunteer/visits')
      await expect(page.getByText('0 条待上传')).toBeVisible()
      const mine = (await pageApi<MyVisits>(page, 'GET', '/api/visits/mine')).json
      const fresh = mine.visits.filter(v => !before.visits.some(b => b.id === v.id))
      expect(fresh.map(v => v.type), 'exactly one new visit on the server').toEqual(['care'])
    })
  })
})
