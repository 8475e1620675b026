import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from './support'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bindAtOffice, pageApi, phoneContext, saveScreenshot, signInResident, signInStaff, step, TEST_TIMEOUT_MS, withServerAndBrowser } from './support'

// Offline from the first session (issue #16): a volunteer signs in at the village committee on
// a phone that never opened the app before, walks out of coverage WITHOUT reloading, and logs a
// visit; back in coverage it is uploaded once. Before, the service worker controlled the page
// only after a reload, and the visit form's chunk could not be fetched offline.

const LI = { idNumber: '339901197506080012', name: '李建国' }
const AUTO_SYNC_WAIT_MS = 15_000

interface MyVisits { visits: { id: string, clientId: string, type: string }[] }

let server: RunningServer
let browser: Browser

withServerAndBrowser((s, b) => {
  server = s
  browser = b
})

async function choose(page: Page, group: string, choice: string) {
  await page.getByRole('group', { name: group, exact: true }).getByText(choice, { exact: true }).click()
}

describe('a volunteer\'s first day with no signal', () => {
  it('logs a visit offline in the very first session, never reloading, and uploads it once', { timeout: TEST_TIMEOUT_MS * 2 }, async (t) => {
    const residentContext = await phoneContext(browser, server.url)
    t.after(() => residentContext.close())
    const resident = await residentContext.newPage()
    await bindAtOffice(server, '13800138091', LI)
    await signInResident(resident, server, '13800138091')
    const { url } = (await pageApi<{ url: string }>(resident, 'GET', '/api/household-code')).json

    // A fresh context: nothing cached, no service worker yet.
    const context = await phoneContext(browser, server.url)
    t.after(() => context.close())
    const page = await context.newPage()
    let before: MyVisits = { visits: [] }
    let reloads = 0
    page.on('load', () => reloads++)

    await step(page, 'first-day-online', async () => {
      await signInStaff(page, 'volunteer')
      await page.getByRole('button', { name: '扫幸福码' }).waitFor()
      // The first install takes control of this very page (clientsClaim) once the app is precached.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      before = (await pageApi<MyVisits>(page, 'GET', '/api/visits/mine')).json
      await page.goto(url)
      await page.getByText('李**家').waitFor()
    })
    const loadsBeforeOffline = reloads

    await context.setOffline(true)
    await step(page, 'first-day-offline-visit', async () => {
      // A tap, not a navigation: the visit form's chunk comes from the precache.
      await page.getByRole('button', { name: '记录探访' }).click()
      await choose(page, '探访类型', '探访关爱')
      await saveScreenshot(page, 'first-day-visit-form-offline')
      await page.getByRole('button', { name: '保存探访记录' }).click()
      await page.getByText('已保存，联网后自动上传').waitFor()
    })
    assert.equal(reloads, loadsBeforeOffline, 'nothing was reloaded after going offline')

    await context.setOffline(false)
    await step(page, 'first-day-synced', async () => {
      await page.goto('/volunteer/visits')
      const synced = page.getByText('0 条待上传')
      if (!(await synced.waitFor({ timeout: AUTO_SYNC_WAIT_MS }).then(() => true, () => false)))
        await page.getByRole('button', { name: '立即同步' }).click()
      await synced.waitFor()
      const mine = (await pageApi<MyVisits>(page, 'GET', '/api/visits/mine')).json
      const fresh = mine.visits.filter(v => !before.visits.some(b => b.id === v.id))
      assert.deepEqual(fresh.map(v => v.type), ['care'], 'exactly one new visit on the server')
    })
  })
})
