import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from './support'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { describe, it } from 'node:test'
import { decodeToken } from '../../src/domain/household-code/token'
import { seriousViolations } from './axe'
import { ARTIFACTS, bindAtOffice, bindHousehold, documentPhoto, pageApi, persistentPhoneContext, phoneContext, signInResident, signInStaff, step, TEST_TIMEOUT_MS, withServerAndBrowser } from './support'

// Care visits offline first (issue #6): a volunteer with no signal logs two visits at the door,
// reloads the app, comes back online, and both are uploaded exactly once; the household then
// sees them under 谁来看过我.

const LI = { idNumber: '339901197506080012', name: '李建国' }
/** An offline check says how old the phone's list of revoked codes is (issue #16). */
const OFFLINE_CHECKED = /^已在本机离线核对（名单更新于.+）$/
/** The 'online' event should start the upload by itself; 立即同步 is the fallback after this. */
const AUTO_SYNC_WAIT_MS = 15_000

interface MyVisits { visits: { id: string, clientId: string, type: string, maskedHeadName: string, villageName: string, urgent: boolean }[], countThisMonth: number, unconfirmed?: { clientId: string, status: string }[] }

let server: RunningServer
let browser: Browser

/** The household reference a token names (public: the phone's lists of revoked codes hold it). */
function decodedRef(token: string): string {
  const decoded = decodeToken(token)
  return decoded.ok ? decoded.payload.ref : ''
}

withServerAndBrowser((s, b) => {
  server = s
  browser = b
})

async function signInVolunteer(page: Page) {
  await signInStaff(page, 'volunteer')
  await page.getByRole('button', { name: '扫幸福码' }).waitFor()
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

describe('care visits with no signal', () => {
  it('logs two visits offline, keeps them over a reload, uploads each once when online, and the household sees them', { timeout: TEST_TIMEOUT_MS * 2 }, async (t) => {
    const residentContext = await phoneContext(browser, server.url)
    t.after(() => residentContext.close())
    const resident = await residentContext.newPage()
    let code = { token: '', url: '' }
    await step(resident, 'visits-resident-code', async () => {
      await signInResident(resident, server, '13800138000')
      await bindHousehold(resident, LI)
      code = (await pageApi<{ token: string, url: string }>(resident, 'GET', '/api/household-code')).json
      assert.equal(code.url, `${server.url}/h/${code.token}`)
    })

    // A persistent profile: the service worker serves the app shell with no network.
    const context = await persistentPhoneContext(server.url)
    t.after(() => context.close())
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
      await page.getByText('李**家').waitFor()
      await page.getByRole('button', { name: '记录探访' }).waitFor()
    })

    await context.setOffline(true)
    await step(page, 'visits-offline-first', async () => {
      await page.goto(`/h/${code.token}/visit`)
      await page.getByText(OFFLINE_CHECKED).waitFor()
      await choose(page, '探访类型', '探访关爱')
      await choose(page, '健康', '需关注')
      await page.getByLabel('健康情况说明').fill('腿脚不便，需要助行器')
      await choose(page, '社会参与', '正常')
      await page.getByLabel('工作记录').fill('下次带上助行器的申请表')
      await page.locator('input[name=photo]').setInputFiles(await documentPhoto(page, 'visit.png'))
      await page.getByRole('img', { name: '探访照片' }).waitFor()
      // What was typed survives a reload before saving.
      await page.reload()
      await page.getByText('已恢复上次未保存的内容').waitFor()
      assert.equal(await page.getByLabel('健康情况说明').inputValue(), '腿脚不便，需要助行器')
      await page.getByRole('img', { name: '探访照片' }).waitFor()
      mkdirSync(ARTIFACTS, { recursive: true })
      await page.screenshot({ path: `${ARTIFACTS}/visit-form-offline.png`, fullPage: true })
      await page.getByRole('button', { name: '保存探访记录' }).click()
      await page.getByText('已保存，联网后自动上传').waitFor()
      await page.waitForURL(url => url.pathname === `/h/${code.token}`)
    })

    await step(page, 'visits-offline-second', async () => {
      await page.goto(`/h/${code.token}/visit`)
      await page.getByText(OFFLINE_CHECKED).waitFor()
      assert.equal(await page.getByText('已恢复上次未保存的内容').count(), 0, 'a saved visit leaves no draft behind')
      await choose(page, '探访类型', '入户调查')
      await choose(page, '住房', '急需帮助')
      assert.equal(await page.getByRole('switch', { name: '发现急需帮助的情况' }).getAttribute('aria-checked'), 'true')
      await page.getByRole('button', { name: '保存探访记录' }).click()
      await page.getByText('请写明急需什么帮助').waitFor()
      await page.getByLabel('急需什么帮助').fill('屋顶漏雨，需要尽快修缮')
      await page.getByRole('button', { name: '保存探访记录' }).click()
      await page.waitForURL(url => url.pathname === `/h/${code.token}`)
    })

    await step(page, 'visits-offline-reload', async () => {
      await page.goto('/volunteer/visits')
      await page.getByText('2 条待上传').waitFor()
      assert.equal(await page.locator('.entries').first().getByText('待上传', { exact: true }).count(), 2)
      assert.equal(await page.getByText('急需帮助', { exact: true }).count(), 1)
      await page.screenshot({ path: `${ARTIFACTS}/my-visits-offline.png`, fullPage: true })
    })

    const clientIds = await outboxClientIds(page)
    assert.equal(clientIds.length, 2)

    await context.setOffline(false)
    await step(page, 'visits-sync', async () => {
      const synced = page.getByText('0 条待上传')
      const auto = await synced.waitFor({ timeout: AUTO_SYNC_WAIT_MS }).then(() => true, () => false)
      if (!auto)
        await page.getByRole('button', { name: '立即同步' }).click()
      await synced.waitFor()
      t.diagnostic(auto ? 'uploaded by the \'online\' event' : 'uploaded with 立即同步')
      await page.locator('.entries').first().getByText('已上传', { exact: true }).nth(1).waitFor()
      // A second run has nothing left to send.
      await page.getByRole('button', { name: '立即同步' }).click()
      await page.getByText('刚才同步：0 条上传成功').waitFor()

      const mine = (await pageApi<MyVisits>(page, 'GET', '/api/visits/mine')).json
      const fresh = mine.visits.filter(v => !before.visits.some(b => b.id === v.id))
      assert.equal(fresh.length, 2, 'exactly two new visits on the server')
      assert.deepEqual(fresh.map(v => v.clientId).sort(), [...clientIds].sort())
      assert.deepEqual(fresh.map(v => v.type).sort(), ['care', 'survey'])
      assert.ok(fresh.every(v => v.maskedHeadName === '李**' && v.villageName === '和美村'))
      assert.equal(mine.countThisMonth, before.countThisMonth + 2)
      await page.getByText(`本月 ${mine.countThisMonth} 次`).waitFor()
      await page.screenshot({ path: `${ARTIFACTS}/my-visits-synced.png`, fullPage: true })
    })

    await step(resident, 'visits-resident-sees', async () => {
      await resident.goto('/')
      await resident.getByRole('link', { name: /谁来看过我/ }).click()
      await resident.getByRole('heading', { name: '谁来看过我' }).waitFor()
      const items = resident.locator('li.visit')
      await items.nth(1).waitFor()
      const texts = await items.allTextContents()
      const byVolunteer = texts.filter(text => text.includes('志愿者 · 和美村志愿服务队'))
      assert.equal(byVolunteer.length, 2, texts.join(' | '))
      assert.ok(byVolunteer.some(text => text.includes('探访关爱')) && byVolunteer.some(text => text.includes('入户调查')))
      // Work notes and urgent notes stay with the visitors and staff.
      const page = await resident.content()
      assert.ok(!page.includes('助行器') && !page.includes('屋顶漏雨'))
      await resident.screenshot({ path: `${ARTIFACTS}/who-visited-us.png`, fullPage: true })
    })
  })

  it('asks before signing out with visits not uploaded, uploads them with 立即同步, and leaves nothing on the phone', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const residentContext = await phoneContext(browser, server.url)
    t.after(() => residentContext.close())
    const resident = await residentContext.newPage()
    await bindAtOffice(server, '13800138072', LI)
    await signInResident(resident, server, '13800138072')
    const { token } = (await pageApi<{ token: string }>(resident, 'GET', '/api/household-code')).json

    const context = await phoneContext(browser, server.url)
    t.after(() => context.close())
    const page = await context.newPage()
    await signInVolunteer(page)
    // The server cannot be reached for uploads (the rest of the app works).
    await page.route('**/api/visits', route => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()))

    await step(page, 'visits-guard-save', async () => {
      await page.goto(`/h/${token}/visit`)
      await page.getByText('幸福码有效').waitFor()
      await choose(page, '探访类型', '服务')
      await page.getByRole('button', { name: '保存探访记录' }).click()
      await page.waitForURL(url => url.pathname === `/h/${token}`)
      await page.goto('/volunteer/visits')
      await page.getByText('1 条待上传').waitFor()
      await page.getByText('网络不通，联网后自动上传').waitFor()
    })

    await step(page, 'visits-guard-dialog', async () => {
      await page.goto('/me')
      await page.getByRole('button', { name: '退出登录' }).click()
      const dialog = page.getByRole('dialog', { name: '1 条探访尚未上传' })
      await dialog.waitFor()
      await page.screenshot({ path: `${ARTIFACTS}/sign-out-pending-visits.png` })
      await page.unroute('**/api/visits')
      await dialog.getByRole('button', { name: '立即同步' }).click()
      await page.getByRole('heading', { name: '登录幸福码' }).waitFor()
      assert.deepEqual(await outboxClientIds(page), [], 'the outbox is wiped on sign-out')
      assert.deepEqual(await page.evaluate(() => fetch('/api/session').then(r => r.json())), { user: null })
    })

    await step(page, 'visits-guard-uploaded', async () => {
      await signInVolunteer(page)
      const mine = (await pageApi<MyVisits>(page, 'GET', '/api/visits/mine')).json
      assert.equal(mine.visits.filter(v => v.type === 'service').length, 1)
    })
  })
  it('sends a visit saved offline from the service worker (Background Sync) with the app closed', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const residentContext = await phoneContext(browser, server.url)
    t.after(() => residentContext.close())
    const resident = await residentContext.newPage()
    await bindAtOffice(server, '13800138073', LI)
    await signInResident(resident, server, '13800138073')
    const { token } = (await pageApi<{ token: string }>(resident, 'GET', '/api/household-code')).json

    const context = await persistentPhoneContext(server.url)
    t.after(() => context.close())
    const page = context.pages()[0] ?? await context.newPage()
    let before: MyVisits = { visits: [], countThisMonth: 0 }
    await step(page, 'visits-bg-online', async () => {
      await signInVolunteer(page)
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
      await page.reload()
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      before = (await pageApi<MyVisits>(page, 'GET', '/api/visits/mine')).json
      await page.goto(`/h/${token}`)
      await page.getByRole('button', { name: '记录探访' }).waitFor()
    })

    await context.setOffline(true)
    await step(page, 'visits-bg-save-offline', async () => {
      await page.goto(`/h/${token}/visit`)
      await page.getByText(OFFLINE_CHECKED).waitFor()
      await choose(page, '探访类型', '服务')
      await page.getByRole('button', { name: '保存探访记录' }).click()
      await page.waitForURL(url => url.pathname === `/h/${token}`)
      // Saved offline: the page asked the browser for a Background Sync.
      const tags = await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration() as ServiceWorkerRegistration & { sync: { getTags: () => Promise<string[]> } }
        return registration.sync.getTags()
      })
      assert.deepEqual(tags, ['xingfuma-visits'])
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
      let fresh: MyVisits['visits'] = []
      for (let i = 0; i < 50 && fresh.length === 0; i++) {
        const mine = await page.evaluate(async () => (await fetch('/api/visits/mine')).json()) as MyVisits
        fresh = mine.visits.filter(v => !before.visits.some(b => b.id === v.id))
        if (fresh.length === 0)
          await page.waitForTimeout(200)
      }
      assert.deepEqual(fresh.map(v => [v.clientId, v.type]), [[clientId, 'service']], 'the service worker sent the visit, once')
      // The outbox the app will show says so too.
      await page.goto('/volunteer/visits')
      await page.getByText('0 条待上传').waitFor()
    })
  })

  it('keeps a visit made with a code regenerated meanwhile for staff to confirm, goes back where the volunteer came from, and refuses that code offline afterwards', { timeout: TEST_TIMEOUT_MS * 2 }, async (t) => {
    const residentContext = await phoneContext(browser, server.url)
    t.after(() => residentContext.close())
    const resident = await residentContext.newPage()
    await bindAtOffice(server, '13800138074', LI)
    await signInResident(resident, server, '13800138074')
    const old = (await pageApi<{ token: string, url: string }>(resident, 'GET', '/api/household-code')).json

    const context = await phoneContext(browser, server.url)
    t.after(() => context.close())
    const page = await context.newPage()
    await step(page, 'held-online', async () => {
      await signInVolunteer(page)
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      // The phone checks the code once with signal: its list of revoked codes is fresh now…
      await page.goto(old.url)
      await page.getByRole('button', { name: '记录探访' }).waitFor()
      await page.goto('/volunteer/scan')
      await page.getByLabel('粘贴或输入幸福码链接').waitFor()
    })
    // …and the household makes a new code while the volunteer walks out of coverage.
    assert.equal((await pageApi(resident, 'POST', '/api/household-code/regenerate', {})).status, 200)

    await context.setOffline(true)
    await step(page, 'held-offline-visit', async () => {
      await page.getByLabel('粘贴或输入幸福码链接').fill(old.url)
      await page.getByRole('button', { name: '打开', exact: true }).click()
      await page.getByText(/^已离线验证（名单更新于.+）$/).waitFor()
      await page.getByRole('button', { name: '记录探访' }).click()
      await page.getByText(OFFLINE_CHECKED).waitFor()
      await choose(page, '探访类型', '探访关爱')
      await page.getByRole('button', { name: '保存探访记录' }).click()
      await page.getByText('已保存，联网后自动上传').waitFor()
      // Back on the card; its 返回 leads to the scanner, not to a second copy of the card.
      await page.waitForURL(url => url.pathname === `/h/${old.token}`)
      await page.getByRole('button', { name: '返回' }).click()
      await page.waitForURL(url => url.pathname === '/volunteer/scan')
    })

    await context.setOffline(false)
    await step(page, 'held-waiting', async () => {
      await page.goto('/volunteer/visits')
      const synced = page.getByText('0 条待上传')
      if (!(await synced.waitFor({ timeout: AUTO_SYNC_WAIT_MS }).then(() => true, () => false)))
        await page.getByRole('button', { name: '立即同步' }).click()
      await synced.waitFor()
      const entry = page.locator('.entries').first().locator('li').first()
      await entry.getByText('等待工作人员确认', { exact: true }).waitFor()
      await entry.getByText(/需镇（街道）民政工作人员确认后计入探访记录/).waitFor()
      await entry.getByText('李**家 · 和美村').waitFor()
      assert.equal(await entry.getByRole('button', { name: /删除/ }).count(), 0, 'nothing to delete: the server keeps it')
      await page.screenshot({ path: `${ARTIFACTS}/my-visits-awaiting.png`, fullPage: true })
      assert.deepEqual(await seriousViolations(page), [])
    })

    await step(page, 'held-learnt', async () => {
      // What the server said is kept: the old code is refused at the next door with no signal.
      await page.waitForFunction(async (ref) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open('xingfuma-code-keys')
          open.onsuccess = () => resolve(open.result)
          open.onerror = () => reject(open.error)
        })
        const kept = await new Promise<{ revoked?: { ref: string }[] } | undefined>((resolve, reject) => {
          const request = db.transaction('keys').objectStore('keys').get('published')
          request.onsuccess = () => resolve(request.result)
          request.onerror = () => reject(request.error)
        })
        return kept?.revoked?.some(r => r.ref === ref) ?? false
      }, decodedRef(old.token))
      await context.setOffline(true)
      await page.goto(old.url)
      await page.getByRole('alert').getByText('已作废（住户已重新生成）').waitFor()
      await context.setOffline(false)
    })

    const staffContext = await phoneContext(browser, server.url)
    t.after(() => staffContext.close())
    const staff = await staffContext.newPage()
    await step(staff, 'held-confirmed-by-staff', async () => {
      await signInStaff(staff, 'town', '/staff/visits/confirmations')
      await staff.getByRole('heading', { name: '待确认的探访' }).waitFor()
      const item = staff.locator('li.visit').filter({ hasText: '志愿者 周敏' }).first()
      await item.getByText('扫的是第 1 版').waitFor()
      await staff.screenshot({ path: `${ARTIFACTS}/visits-to-confirm.png`, fullPage: true })
      assert.deepEqual(await seriousViolations(staff), [])
      await item.getByRole('button', { name: '确认探访：李**家 · 和美村' }).click()
      await item.getByRole('button', { name: '确定确认' }).click()
      await staff.getByRole('status').getByText('已确认李**家 · 和美村的探访').waitFor()
    })

    await step(page, 'held-confirmed', async () => {
      await page.goto('/volunteer/visits')
      const entry = page.locator('.entries').first().locator('li').first()
      await entry.getByText('已上传', { exact: true }).waitFor()
      const mine = (await pageApi<MyVisits>(page, 'GET', '/api/visits/mine')).json
      assert.equal(mine.unconfirmed?.length ?? 0, 0)
    })
  })
})
