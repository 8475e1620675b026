import type { Page } from '@playwright/test'
import { decodeToken } from '../../src/domain/household-code/token'
import { seriousViolations } from './axe'
import { expect, saveScreenshot, step, test } from './fixtures'
import { bindAtOffice, bindHousehold, documentPhoto, pageApi, signInResident, signInStaff, storedValue } from './helpers'

// Care visits offline first (issue #6): a volunteer with no signal logs two visits at the door,
// reloads the app, comes back online, and both are uploaded exactly once; the household then
// sees them under 谁来看过我.

const LI = { idNumber: '339901197506080012', name: '李建国' }
/** An offline check says how old the phone's list of revoked codes is (issue #16). */
const OFFLINE_CHECKED = /^已在本机离线核对（名单更新于.+）$/

interface MyVisits { visits: { id: string, clientId: string, type: string, maskedHeadName: string, villageName: string, urgent: boolean }[], countThisMonth: number, unconfirmed?: { clientId: string, status: string }[] }

/** The household reference a token names (public: the phone's lists of revoked codes hold it). */
function decodedRef(token: string): string {
  const decoded = decodeToken(token)
  return decoded.ok ? decoded.payload.ref : ''
}

async function signInVolunteer(page: Page) {
  await signInStaff(page, 'volunteer')
  await expect(page.getByRole('button', { name: '扫幸福码' })).toBeVisible()
}

/** Picks a choice of a radio group (the legend names the group: 探访类型, 健康, …). */
async function choose(page: Page, group: string, choice: string) {
  await page.getByRole('group', { name: group, exact: true }).getByText(choice, { exact: true }).click()
}

async function outboxClientIds(page: Page): Promise<string[]> {
  return page.evaluate(() => new Promise<string[]>((resolve, reject) => {
    const open = indexedDB.open('xingfuma-visits')
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const request = open.result.transaction('outbox').objectStore('outbox').getAllKeys()
      request.onsuccess = () => resolve(request.result.map(String))
      request.onerror = () => reject(request.error)
    }
  }))
}

/** Whether the phone's kept list of revoked codes (IndexedDB) names the household's code. */
async function keptAsRevoked(page: Page, ref: string): Promise<boolean> {
  const kept = await storedValue<{ revoked?: { ref: string }[] }>(page, 'published', { db: 'xingfuma-code-keys', store: 'keys' })
  return kept?.revoked?.some(r => r.ref === ref) ?? false
}

test.describe('care visits with no signal', () => {
  test('logs two visits offline, keeps them over a reload, uploads each once when online, and the household sees them', async ({ page: resident, persistentContext: context, server }) => {
    test.slow()
    let code = { token: '', url: '' }
    await step(resident, 'visits-resident-code', async () => {
      await signInResident(resident, server, '13800138000')
      await bindHousehold(resident, LI)
      code = (await pageApi<{ token: string, url: string }>(resident, 'GET', '/api/household-code')).json
      expect(code.url).toBe(`${server.url}/h/${code.token}`)
    })

    // A persistent profile: the service worker serves the app shell with no network.
    const page = context.pages()[0] ?? await context.newPage()
    let before: MyVisits = { visits: [], countThisMonth: 0 }

    await step(page, 'visits-volunteer-online', async () => {
      await signInVolunteer(page)
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
      await page.reload()
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      before = (await pageApi<MyVisits>(page, 'GET', '/api/visits/mine')).json
      // Opening the code once online keeps the public keys on the phone for offline checks.
      await page.goto(code.url)
      await expect(page.getByText('李**家')).toBeVisible()
      await expect(page.getByRole('button', { name: '记录探访' })).toBeVisible()
    })

    await context.setOffline(true)
    await step(page, 'visits-offline-first', async () => {
      await page.goto(`/h/${code.token}/visit`)
      await expect(page.getByText(OFFLINE_CHECKED)).toBeVisible()
      await choose(page, '探访类型', '探访关爱')
      await choose(page, '健康', '需关注')
      await page.getByLabel('健康情况说明').fill('腿脚不便，需要助行器')
      await choose(page, '社会参与', '正常')
      await page.getByLabel('工作记录').fill('下次带上助行器的申请表')
      await page.locator('input[name=photo]').setInputFiles(await documentPhoto(page, 'visit.png'))
      await expect(page.getByRole('img', { name: '探访照片' })).toBeVisible()
      // What was typed survives a reload before saving, once the form is on the device (it is
      // written as it changes; a photo takes a moment on a busy machine, as application.e2e's members do).
      await expect.poll(async () => (await storedValue<{ photo: unknown }>(page, `visits.draft.${code.token}`))?.photo ?? null).not.toBeNull()
      await page.reload()
      await expect(page.getByText('已恢复上次未保存的内容')).toBeVisible()
      await expect(page.getByLabel('健康情况说明')).toHaveValue('腿脚不便，需要助行器')
      await expect(page.getByRole('img', { name: '探访照片' })).toBeVisible()
      await saveScreenshot(page, 'visit-form-offline')
      await page.getByRole('button', { name: '保存探访记录' }).click()
      await expect(page.getByText('已保存，联网后自动上传')).toBeVisible()
      await page.waitForURL(url => url.pathname === `/h/${code.token}`)
    })

    await step(page, 'visits-offline-second', async () => {
      await page.goto(`/h/${code.token}/visit`)
      await expect(page.getByText(OFFLINE_CHECKED)).toBeVisible()
      await expect(page.getByText('已恢复上次未保存的内容'), 'a saved visit leaves no draft behind').toHaveCount(0)
      await choose(page, '探访类型', '入户调查')
      await choose(page, '住房', '急需帮助')
      await expect(page.getByRole('switch', { name: '发现急需帮助的情况' })).toHaveAttribute('aria-checked', 'true')
      await page.getByRole('button', { name: '保存探访记录' }).click()
      await expect(page.getByText('请写明急需什么帮助')).toBeVisible()
      await page.getByLabel('急需什么帮助').fill('屋顶漏雨，需要尽快修缮')
      await page.getByRole('button', { name: '保存探访记录' }).click()
      await page.waitForURL(url => url.pathname === `/h/${code.token}`)
    })

    await step(page, 'visits-offline-reload', async () => {
      await page.goto('/volunteer/visits')
      await expect(page.getByText('2 条待上传')).toBeVisible()
      await expect(page.locator('.entries').first().getByText('待上传', { exact: true })).toHaveCount(2)
      await expect(page.getByText('急需帮助', { exact: true })).toHaveCount(1)
      await saveScreenshot(page, 'my-visits-offline')
    })

    const clientIds = await outboxClientIds(page)
    expect(clientIds).toHaveLength(2)

    await context.setOffline(false)
    await step(page, 'visits-sync', async () => {
      // Back online, the app sends what waits by itself (the 'online' event, and again at start).
      await expect(page.getByText('0 条待上传')).toBeVisible()
      await expect(page.locator('.entries').first().getByText('已上传', { exact: true }).nth(1)).toBeVisible()
      // A second run has nothing left to send.
      await page.getByRole('button', { name: '立即同步' }).click()
      await expect(page.getByText('刚才同步：0 条上传成功')).toBeVisible()

      const mine = (await pageApi<MyVisits>(page, 'GET', '/api/visits/mine')).json
      const fresh = mine.visits.filter(v => !before.visits.some(b => b.id === v.id))
      expect(fresh, 'exactly two new visits on the server').toHaveLength(2)
      expect(fresh.map(v => v.clientId).sort()).toEqual([...clientIds].sort())
      expect(fresh.map(v => v.type).sort()).toEqual(['care', 'survey'])
      expect(fresh.map(v => [v.maskedHeadName, v.villageName])).toEqual([['李**', '和美村'], ['李**', '和美村']])
      expect(mine.countThisMonth).toBe(before.countThisMonth + 2)
      await expect(page.getByText(`本月 ${mine.countThisMonth} 次`)).toBeVisible()
      await saveScreenshot(page, 'my-visits-synced')
    })

    await step(resident, 'visits-resident-sees', async () => {
      await resident.goto('/')
      await resident.getByRole('link', { name: /谁来看过我/ }).click()
      await expect(resident.getByRole('heading', { name: '谁来看过我' })).toBeVisible()
      const byVolunteer = resident.locator('li.visit').filter({ hasText: '志愿者 · 和美村志愿服务队' })
      await expect(byVolunteer).toHaveCount(2)
      await expect(byVolunteer.filter({ hasText: '探访关爱' })).toHaveCount(1)
      await expect(byVolunteer.filter({ hasText: '入户调查' })).toHaveCount(1)
      // Work notes and urgent notes stay with the visitors and staff.
      const html = await resident.content()
      expect(html).not.toContain('助行器')
      expect(html).not.toContain('屋顶漏雨')
      await saveScreenshot(resident, 'who-visited-us')
    })
  })

  test('asks before signing out with visits not uploaded, uploads them with 立即同步, and leaves nothing on the phone', async ({ page, newContext, server }) => {
    const resident = await (await newContext()).newPage()
    await bindAtOffice(server, '13800138072', LI)
    await signInResident(resident, server, '13800138072')
    const { token } = (await pageApi<{ token: string }>(resident, 'GET', '/api/household-code')).json

    await signInVolunteer(page)
    // The server cannot be reached for uploads (the rest of the app works).
    await page.route('**/api/visits', route => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()))

    await step(page, 'visits-guard-save', async () => {
      await page.goto(`/h/${token}/visit`)
      await expect(page.getByText('幸福码有效')).toBeVisible()
      await choose(page, '探访类型', '服务')
      await page.getByRole('button', { name: '保存探访记录' }).click()
      await page.waitForURL(url => url.pathname === `/h/${token}`)
      await page.goto('/volunteer/visits')
      await expect(page.getByText('1 条待上传')).toBeVisible()
      await expect(page.getByText('网络不通，联网后自动上传')).toBeVisible()
    })

    await step(page, 'visits-guard-dialog', async () => {
      await page.goto('/me')
      await page.getByRole('button', { name: '退出登录' }).click()
      const dialog = page.getByRole('dialog', { name: '1 条探访尚未上传' })
      await expect(dialog).toBeVisible()
      await saveScreenshot(page, 'sign-out-pending-visits', { fullPage: false })
      await page.unroute('**/api/visits')
      await dialog.getByRole('button', { name: '立即同步' }).click()
      await expect(page.getByRole('heading', { name: '登录幸福码' })).toBeVisible()
      await expect.poll(() => outboxClientIds(page), { message: 'the outbox is wiped on sign-out' }).toEqual([])
      expect(await page.evaluate(() => fetch('/api/session').then(r => r.json()))).toEqual({ user: null })
    })

    await step(page, 'visits-guard-uploaded', async () => {
      await signInVolunteer(page)
      const mine = (await pageApi<MyVisits>(page, 'GET', '/api/visits/mine')).json
      expect(mine.visits.filter(v => v.type === 'service')).toHaveLength(1)
    })
  })
  test('sends a visit saved offline from the service worker (Background Sync) with the app closed', async ({ page: resident, persistentContext: context, server }) => {
    await bindAtOffice(server, '13800138073', LI)
    await signInResident(resident, server, '13800138073')
    const { token } = (await pageApi<{ token: string }>(resident, 'GET', '/api/household-code')).json

    const page = context.pages()[0] ?? await context.newPage()
    let before: MyVisits = { visits: [], countThisMonth: 0 }
    await step(page, 'visits-bg-online', async () => {
      await signInVolunteer(page)
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
      await page.reload()
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      before = (await pageApi<MyVisits>(page, 'GET', '/api/visits/mine')).json
      await page.goto(`/h/${token}`)
      await expect(page.getByRole('button', { name: '记录探访' })).toBeVisible()
    })

    await context.setOffline(true)
    await step(page, 'visits-bg-save-offline', async () => {
      await page.goto(`/h/${token}/visit`)
      await expect(page.getByText(OFFLINE_CHECKED)).toBeVisible()
      await choose(page, '探访类型', '服务')
      await page.getByRole('button', { name: '保存探访记录' }).click()
      await page.waitForURL(url => url.pathname === `/h/${token}`)
      // Saved offline: the page asked the browser for a Background Sync.
      const tags = await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration() as ServiceWorkerRegistration & { sync: { getTags: () => Promise<string[]> } }
        return registration.sync.getTags()
      })
      expect(tags).toEqual(['xingfuma-visits'])
    })
    const [clientId] = await outboxClientIds(page)

    await step(page, 'visits-bg-sync', async () => {
      // The app is closed: a static page of the same origin stays, with none of the app's code.
      await page.goto('/offline.html')
      await context.setOffline(false)
      // What the browser does when the network is back, asked for through DevTools.
      const cdp = await context.newCDPSession(page)
      const registrationId = new Promise<string>((resolve) => {
        cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
          const live = registrations.find(r => !r.isDeleted)
          if (live)
            resolve(live.registrationId)
        })
      })
      await cdp.send('ServiceWorker.enable')
      await cdp.send('ServiceWorker.dispatchSyncEvent', { origin: server.url, registrationId: await registrationId, tag: 'xingfuma-visits', lastChance: false })
      // The server has it once the service worker's upload went through.
      await expect.poll(async () => {
        const mine = await page.evaluate(async () => (await fetch('/api/visits/mine')).json()) as MyVisits
        return mine.visits.filter(v => !before.visits.some(b => b.id === v.id)).map(v => [v.clientId, v.type])
      }, { message: 'the service worker sent the visit, once' }).toEqual([[clientId, 'service']])
      // The outbox the app will show says so too.
      await page.goto('/volunteer/visits')
      await expect(page.getByText('0 条待上传')).toBeVisible()
    })
  })

  test('keeps a visit made with a code regenerated meanwhile for staff to confirm, goes back where the volunteer came from, and refuses that code offline afterwards', async ({ page, context, newContext, server }) => {
    test.slow()
    const resident = await (await newContext()).newPage()
    await bindAtOffice(server, '13800138074', LI)
    await signInResident(resident, server, '13800138074')
    const old = (await pageApi<{ token: string, url: string }>(resident, 'GET', '/api/household-code')).json

    await step(page, 'held-online', async () => {
      await signInVolunteer(page)
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      // The phone checks the code once with signal: its list of revoked codes is fresh now…
      await page.goto(old.url)
      await expect(page.getByRole('button', { name: '记录探访' })).toBeVisible()
      await page.goto('/volunteer/scan')
      await expect(page.getByLabel('粘贴或输入幸福码链接')).toBeVisible()
    })
    // …the volunteer walks out of coverage, and then the household makes a new code. In this
    // order: the app refreshes its list in the background when it opens, and a refresh after the
    // new code would rightly refuse the old one.
    await context.setOffline(true)
    expect((await pageApi(resident, 'POST', '/api/household-code/regenerate', {})).status).toBe(200)
    await step(page, 'held-offline-visit', async () => {
      await page.getByLabel('粘贴或输入幸福码链接').fill(old.url)
      await page.getByRole('button', { name: '打开', exact: true }).click()
      await expect(page.getByText(/^已离线验证（名单更新于.+）$/)).toBeVisible()
      await page.getByRole('button', { name: '记录探访' }).click()
      await expect(page.getByText(OFFLINE_CHECKED)).toBeVisible()
      await choose(page, '探访类型', '探访关爱')
      // A referral with it: it waits, sealed, for staff to confirm the visit.
      await page.getByRole('checkbox', { name: '有人患重病' }).click()
      await page.getByRole('button', { name: '保存探访记录' }).click()
      await expect(page.getByText('已保存，联网后自动上传')).toBeVisible()
      // Back on the card; its 返回 leads to the scanner, not to a second copy of the card.
      await page.waitForURL(url => url.pathname === `/h/${old.token}`)
      await page.getByRole('button', { name: '返回' }).click()
      await page.waitForURL(url => url.pathname === '/volunteer/scan')
    })

    await context.setOffline(false)
    await step(page, 'held-waiting', async () => {
      await page.goto('/volunteer/visits')
      // Sent by itself once back online, and held by the server for staff.
      await expect(page.getByText('0 条待上传')).toBeVisible()
      const entry = page.locator('.entries').first().locator('li').first()
      await expect(entry.getByText('等待工作人员确认', { exact: true })).toBeVisible()
      await expect(entry.getByText(/需镇（街道）民政工作人员确认后计入探访记录/)).toBeVisible()
      await expect(entry.getByText('李**家 · 和美村')).toBeVisible()
      await expect(entry.getByRole('button', { name: /删除/ }), 'nothing to delete: the server keeps it').toHaveCount(0)
      await saveScreenshot(page, 'my-visits-awaiting')
      expect(await seriousViolations(page)).toEqual([])
    })

    await step(page, 'held-learnt', async () => {
      // What the server said is kept: the old code is refused at the next door with no signal.
      await expect.poll(() => keptAsRevoked(page, decodedRef(old.token))).toBe(true)
      await context.setOffline(true)
      await page.goto(old.url)
      await expect(page.getByRole('alert').getByText('已作废（住户已重新生成）')).toBeVisible()
      await context.setOffline(false)
    })

    const staff = await (await newContext()).newPage()
    await step(staff, 'held-confirmed-by-staff', async () => {
      await signInStaff(staff, 'town', '/staff/warnings')
      const referral = staff.getByRole('link', { name: /志愿者走访转介 · 和美村 李\*\*/ })
      // The queue has loaded (the demo's own warnings), and this referral is not in it yet.
      await expect(staff.getByTestId('warning-counts')).toBeVisible()
      await expect(referral, 'the referral waits for the visit to be confirmed').toHaveCount(0)
      await staff.goto('/staff/visits/confirmations')
      await expect(staff.getByRole('heading', { name: '待确认的探访' })).toBeVisible()
      const item = staff.locator('li.visit').filter({ hasText: '志愿者 周敏' }).first()
      await expect(item.getByText('扫的是第 1 版')).toBeVisible()
      await expect(item.getByText('登记人同时转介了这户：确认探访后，转介进入预警核实；不予确认，转介一并作废。')).toBeVisible()
      await saveScreenshot(staff, 'visits-to-confirm')
      expect(await seriousViolations(staff)).toEqual([])
      await item.getByRole('button', { name: '确认探访：李**家 · 和美村' }).click()
      await item.getByRole('button', { name: '确定确认' }).click()
      await expect(staff.getByRole('status').getByText('已确认李**家 · 和美村的探访')).toBeVisible()
      await staff.goto('/staff/warnings')
      await expect(referral, 'confirmed: the referral is raised, once').toHaveCount(1)
    })

    await step(page, 'held-confirmed', async () => {
      await page.goto('/volunteer/visits')
      const entry = page.locator('.entries').first().locator('li').first()
      await expect(entry.getByText('已上传', { exact: true })).toBeVisible()
      const mine = (await pageApi<MyVisits>(page, 'GET', '/api/visits/mine')).json
      expect(mine.unconfirmed ?? []).toEqual([])
    })
  })
})
