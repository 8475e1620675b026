import type { Browser, Request } from 'playwright-core'
import type { RunningServer } from './support'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { chooseItems, fillApplicant, fillMembers, giveReasonWithPhoto, LI_HOUSEHOLD, next, signAuthorisations } from './application-flow'
import { bindHousehold, phoneContext, signInResident, step, TEST_TIMEOUT_MS, withServerAndBrowser } from './support'

let server: RunningServer
let browser: Browser

withServerAndBrowser((s, b) => {
  server = s
  browser = b
})

describe('applying on a phone (一证通办)', () => {
  it('a resident applies for dibao and medical assistance with a photo and signatures, reloads half-way, submits once, and follows both items', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const context = await phoneContext(browser, server.url)
    t.after(() => context.close())
    const page = await context.newPage()
    const [head, spouse] = LI_HOUSEHOLD.members

    await step(page, 'apply-sign-in', async () => {
      await signInResident(page, server, head.phone!)
      await bindHousehold(page, head)
    })

    await step(page, 'apply-first-screens', async () => {
      await page.goto('/apply')
      await fillApplicant(page)
      await next(page, '家庭成员')
      await fillMembers(page)
    })

    await step(page, 'apply-reload-half-way', async () => {
      // Let the last keystrokes reach IndexedDB, as they would while a person reads the screen.
      await page.waitForTimeout(300)
      await page.reload()
      await page.getByRole('heading', { level: 2, name: '家庭成员' }).waitFor()
      await page.getByText('已恢复您上次填写的内容').waitFor()
      const spouseCard = page.getByRole('region', { name: /^第 2 位/ })
      assert.equal(await spouseCard.getByLabel('姓名').inputValue(), spouse.name)
      assert.equal(await spouseCard.getByLabel('身份证号').inputValue(), spouse.idNumber)
      assert.equal(await spouseCard.getByLabel('每月收入').inputValue(), '800')
      await page.getByRole('button', { name: '上一步' }).click()
      assert.equal(await page.getByLabel('身份证号').inputValue(), head.idNumber)
      assert.equal(await page.getByLabel('地区代码').inputValue(), '339901')
      await next(page, '家庭成员')
    })

    await step(page, 'apply-last-screens', async () => {
      await next(page, '申请哪些救助')
      await chooseItems(page)
      await next(page, '申请理由和材料')
      await giveReasonWithPhoto(page)
      await next(page, '核对授权（一证一书）')
      await page.getByRole('button', { name: '下一步' }).click()
      await page.getByText('请本人阅读授权书后勾选同意').first().waitFor()
      await signAuthorisations(page)
      await next(page, '确认并提交')
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling at 360 px')
    })

    let body = ''
    const number = await step(page, 'apply-submit', async () => {
      const submitted = page.waitForRequest((r: Request) => r.url().endsWith('/api/applications') && r.method() === 'POST')
      await page.getByRole('button', { name: '提交申请' }).click()
      body = (await submitted).postData() ?? ''
      await page.getByRole('heading', { level: 1, name: '申请回执' }).waitFor()
      const text = (await page.locator('#receipt-number').textContent())!.trim()
      assert.ok(text.length >= 4, `application number "${text}"`)
      await page.getByText('医疗救助').first().waitFor()
      await page.getByText('等困难身份认定后自动开始办理').waitFor()
      return text
    })

    await step(page, 'apply-resend-same-key', async () => {
      // A retry after a timeout sends the very same body: the server answers with the same application.
      const replay = await page.evaluate(async (json) => {
        const csrf = /(?:^|; )csrf_token=([^;]+)/.exec(document.cookie)?.[1] ?? ''
        const res = await fetch('/api/applications', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf) }, body: json })
        return { status: res.status, number: (await res.json() as { number: string }).number }
      }, body)
      assert.deepEqual(replay, { status: 200, number })
      const { applications } = await page.evaluate(() => fetch('/api/applications').then(r => r.json())) as { applications: { number: string }[] }
      assert.deepEqual(applications.map(a => a.number), [number])
      // The draft is gone on the device and on the server.
      const draft = await page.evaluate(() => fetch('/api/application-draft').then(r => r.json()))
      assert.deepEqual(draft, { draft: null, savedAt: null })
    })

    await step(page, 'apply-progress', async () => {
      await page.getByRole('button', { name: '查看办理进度' }).click()
      await page.getByRole('heading', { level: 1, name: '办理进度' }).waitFor()
      const dibao = page.getByRole('article', { name: '最低生活保障（低保）' })
      const medical = page.getByRole('article', { name: '医疗救助' })
      await dibao.getByText('已提交', { exact: true }).waitFor()
      await medical.getByText('等待困难认定', { exact: true }).waitFor()
      await medical.getByText('这一项要等低保等困难身份认定后才开始办理').waitFor()
      await page.goto('/progress')
      await page.getByRole('link', { name: new RegExp(`申请编号 ${number}`) }).waitFor()
      await page.goto('/apply')
      await page.getByRole('heading', { level: 2, name: '申请人' }).waitFor()
      assert.equal(await page.getByLabel('姓名').inputValue(), '', 'a fresh form after submitting')
    })

    await step(page, 'apply-progress-offline', async () => {
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
      await page.goto('/progress')
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      await page.getByText(/更新于 /).waitFor()
      await context.setOffline(true)
      await page.reload()
      // The last sync, with its time, and why it is not newer.
      await page.locator('.application-card', { hasText: `申请编号 ${number}` }).getByText('等待困难认定').waitFor()
      await page.getByText(/更新于 /).waitFor()
      await page.getByText(/暂时无法更新/).waitFor()
      await context.setOffline(false)
    })
  })
})
