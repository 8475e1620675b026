import type { Browser, Request } from 'playwright-core'
import type { RunningServer } from './support'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CSRF_COOKIE, CSRF_HEADER } from '../../src/domain/http/csrf'
import { chooseItems, declareAssets, fillApplicant, fillMembers, giveReasonWithPhoto, LI_HOUSEHOLD, maskedId, memberCard, next, signAuthorisations } from './application-flow'
import { bindHousehold, phoneContext, signInResident, step, TEST_TIMEOUT_MS, withServerAndBrowser } from './support'

let server: RunningServer
let browser: Browser

withServerAndBrowser((s, b) => {
  server = s
  browser = b
})

describe('applying on a phone (一证通办)', () => {
  it('a resident applies from the registry\'s members, declares the assets, is not offered the 低保 the family receives, signs, reloads half-way, submits once, and follows both items', { timeout: TEST_TIMEOUT_MS }, async (t) => {
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
      await page.getByText('已按户籍登记带入家庭成员').waitFor()
      await fillApplicant(page)
      await next(page, '家庭成员')
      await memberCard(page, 2).getByText(`配偶 · 女 · 身份证 ${maskedId(spouse.idNumber)}`).waitFor()
      await fillMembers(page, LI_HOUSEHOLD, [
        { income: '600', seriouslyIll: true },
        { income: '800', seriouslyIll: false },
        { income: '0', seriouslyIll: false },
      ])
      assert.ok(!(await page.content()).includes(spouse.idNumber), 'no full ID number on the screen')
    })

    await step(page, 'apply-reload-half-way', async () => {
      // Let the last keystrokes reach IndexedDB, as they would while a person reads the screen.
      await page.waitForTimeout(300)
      await page.reload()
      await page.getByRole('heading', { level: 2, name: '家庭成员' }).waitFor()
      await page.getByText('已恢复您上次填写的内容').waitFor()
      const spouseCard = memberCard(page, 2)
      await spouseCard.getByRole('heading', { name: `第 2 位：${spouse.name}` }).waitFor()
      assert.equal(await spouseCard.getByLabel('每月收入').inputValue(), '800')
      assert.equal(await page.locator('.member-card').count(), 3)
      await page.getByRole('button', { name: '上一步' }).click()
      await page.getByText(maskedId(head.idNumber), { exact: true }).waitFor()
      assert.equal(await page.getByLabel('手机号').inputValue(), '13800138000')
      assert.equal(await page.getByLabel('地区代码').inputValue(), '339901')
      await next(page, '家庭成员')
    })

    await step(page, 'apply-declaration', async () => {
      await next(page, '家庭财产申报')
      await page.getByLabel('存款、现金和理财等，全家合计').fill('1e12')
      await page.getByRole('button', { name: '下一步' }).click()
      await page.getByText('没能认出这个数，请只写数字，如 1200、1200.5 或 1.5万').waitFor()
      await declareAssets(page, { deposits: '1.2万', vehicles: '0', extraHousing: false })
      // Read as meant, and said so; per capita for this application's three members.
      await page.getByText(/^按 12\s000 元 计$/).waitFor()
      await page.getByText(/按本次申请的 3 人算，人均 4\s000 元。/).waitFor()
    })

    await step(page, 'apply-items', async () => {
      await next(page, '申请哪些救助')
      // The family receives 低保 since July 2025 (demo feed): not offered again, nor 特困 beside it.
      const dibao = page.getByRole('checkbox', { name: /^最低生活保障/ })
      assert.ok(await dibao.isDisabled(), '低保 is not offered to a household that receives it')
      await page.getByText('您家已在享受最低生活保障（低保）（自 2025年7月 起）', { exact: true }).waitFor()
      assert.ok(await page.getByRole('checkbox', { name: /^特困人员救助供养/ }).isDisabled())
      // Nothing chosen: the message is brought into view and focused, wherever the button was.
      await page.getByRole('button', { name: '下一步' }).click()
      const error = page.getByText('请至少选择一项救助', { exact: true })
      await error.waitFor()
      const seen = await error.evaluate((el) => {
        const box = el.getBoundingClientRect()
        return box.top >= 0 && box.bottom <= window.innerHeight && document.activeElement === el
      })
      assert.ok(seen, 'the items error is on screen and has the focus')
      await chooseItems(page, ['医疗救助', '临时救助'])
    })

    await step(page, 'apply-last-screens', async () => {
      await next(page, '申请理由和材料')
      await giveReasonWithPhoto(page)
      await next(page, '核对授权（一证一书）')
      const declared = page.getByRole('region', { name: '申报内容' })
      await declared.getByText(`${spouse.name}，配偶，${maskedId(spouse.idNumber)}，每月收入 800 元`).waitFor()
      await declared.getByText(/存款、现金和理财等：12\s000 元（3 人，人均 4\s000 元）/).waitFor()
      await page.getByRole('button', { name: '下一步' }).click()
      await page.getByText('请本人阅读授权书后勾选同意').first().waitFor()
      await signAuthorisations(page, [head, spouse])
      await next(page, '确认并提交')
      const review = page.getByRole('region', { name: '家庭财产申报' })
      await review.getByText(/12\s000 元（3 人，人均 4\s000 元）/).waitFor()
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling at 360 px')
    })

    let body = ''
    const number = await step(page, 'apply-submit', async () => {
      const submitted = page.waitForRequest((r: Request) => r.url().endsWith('/api/applications') && r.method() === 'POST')
      await page.getByRole('button', { name: '提交申请' }).click()
      body = (await submitted).postData() ?? ''
      const sent = JSON.parse(body) as Record<string, unknown>
      assert.deepEqual(sent.declaration, { depositsTotal: 12_000, vehicles: 0, extraHousing: false, fromDiagnosis: false })
      assert.deepEqual(sent.removedMembers, [])
      assert.deepEqual(sent.receiving, ['dibao'], 'what the family receives lets the special items start at once')
      assert.ok(!('diagnosis' in sent), 'no self-diagnosis verdicts unless shared')
      await page.getByRole('heading', { level: 1, name: '申请回执' }).waitFor()
      const text = (await page.locator('#receipt-number').textContent())!.trim()
      assert.ok(text.length >= 4, `application number "${text}"`)
      await page.getByText('医疗救助').first().waitFor()
      await page.getByText('临时救助').first().waitFor()
      return text
    })

    await step(page, 'apply-resend-same-key', async () => {
      // A retry after a timeout sends the very same body: the server answers with the same application.
      const replay = await page.evaluate(async ({ json, cookieName, headerName }) => {
        const csrf = new RegExp(`(?:^|; )${cookieName}=([^;]+)`).exec(document.cookie)?.[1] ?? ''
        const res = await fetch('/api/applications', { method: 'POST', headers: { 'Content-Type': 'application/json', [headerName]: decodeURIComponent(csrf) }, body: json })
        return { status: res.status, number: (await res.json() as { number: string }).number }
      }, { json: body, cookieName: CSRF_COOKIE, headerName: CSRF_HEADER })
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
      const medical = page.getByRole('article', { name: '医疗救助' })
      const temporary = page.getByRole('article', { name: '临时救助' })
      await medical.getByText('已提交', { exact: true }).waitFor()
      await temporary.getByText('已提交', { exact: true }).waitFor()
      await page.goto('/progress')
      await page.getByRole('link', { name: new RegExp(`申请编号 ${number}`) }).waitFor()
      await page.goto('/apply')
      await page.getByRole('heading', { level: 2, name: '申请人' }).waitFor()
      assert.equal(await page.getByLabel('手机号').inputValue(), '', 'a fresh form after submitting')
    })

    await step(page, 'apply-progress-offline', async () => {
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
      await page.goto('/progress')
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      await page.getByText(/更新于 /).waitFor()
      await context.setOffline(true)
      await page.reload()
      // The last sync, with its time, and that it is not newer for want of a network.
      await page.locator('.application-card', { hasText: `申请编号 ${number}` }).getByText('已提交').first().waitFor()
      await page.getByText(/更新于 /).waitFor()
      await page.getByText(/没有网络，显示的是上次更新（.+）的内容/).waitFor()
      await context.setOffline(false)
    })
  })
})
