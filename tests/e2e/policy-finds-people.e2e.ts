import type { Page } from '@playwright/test'
import type { RunningServer } from './support'
import { shanghaiToday } from '../../src/domain/time'
import { declareAssets, fillApplicant, fillMembers, giveReasonWithPhoto, LIU_HOUSEHOLD, next, signAuthorisations } from './application-flow'
import { expect, saveScreenshot, step, test } from './fixtures'
import { bindAtOffice, bindHousehold, pageApi, signInResident, signInStaff } from './helpers'

// 政策找人 (issue #19), the two walks of the issue:
// 1. 医保 posts a medical bill that takes 刘芳's household over the line (the demo already holds
//    two of her bills, 18 600 元 in 12 months, mock/demo-warnings.ts) → a warning in 安乐镇's queue
//    → town staff verify it and take the household in → the resident's home shows the invitation,
//    the resident confirms the prefilled application and signs → staff approve → the happiness
//    list shows the benefit; the funnel counts it once at each stage.
// 2. A volunteer with no signal refers a household from a visit; back online it is uploaded once,
//    and staff see the referral in the queue with the visit beside it.

const [LIU] = LIU_HOUSEHOLD.members
const LI = { idNumber: '339901197506080012', name: '李建国' }
const RESIDENT_PHONE = '13800138031'
const today = shanghaiToday()
/** 3 200 元: with the demo's 12 600 + 6 000 元, 21 800 元 in 12 months, over 浙江's 20 000 元. */
const BILL_FEN = 320_000

interface Funnel { rows: { issued: number, verified: number, takenIn: number }[] }
interface FunnelCounts { issued: number, verified: number, takenIn: number }

async function funnelCounts(staff: Page): Promise<FunnelCounts> {
  const month = today.slice(0, 7)
  const { status, json } = await pageApi<Funnel>(staff, 'GET', `/api/staff/warnings/funnel?from=${month}&to=${month}`)
  expect(status, JSON.stringify(json)).toBe(200)
  return json.rows.reduce((sum, r) => ({ issued: sum.issued + r.issued, verified: sum.verified + r.verified, takenIn: sum.takenIn + r.takenIn }), { issued: 0, verified: 0, takenIn: 0 })
}

/** A department's system: plain HTTP with its Bearer token, no browser. */
async function postEvents(server: RunningServer, token: string, events: unknown[]) {
  const res = await fetch(`${server.url}/api/feeds/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` }, body: JSON.stringify({ events }) })
  return { status: res.status, json: await res.json() as { inserted: number, unchanged: number, warnings: number } }
}

test.describe('政策找人: a signal becomes help', () => {
  test('a medical bill raises a warning; staff take the household in; the resident applies in one tap; the benefit reaches the list', async ({ page: staff, newContext, server }) => {
    test.slow()
    let before: FunnelCounts = { issued: 0, verified: 0, takenIn: 0 }

    await step(staff, 'pfp-department-posts', async () => {
      await signInStaff(staff, 'county', '/staff')
      await expect(staff.getByRole('heading', { name: '待审核事项' })).toBeVisible()
      const { token } = (await pageApi<{ token: string }>(staff, 'POST', '/api/staff/feed-credentials', { department: 'yibao', name: '县医保结算系统（e2e）' })).json
      const countyBefore = await funnelCounts(staff)
      const event = { kind: 'medical_spending', externalId: 'E2E-YB-1', idNumber: LIU.idNumber, occurredAt: today, amountFen: BILL_FEN, period: today.slice(0, 7) }
      expect((await postEvents(server, token, [event])).json).toEqual({ inserted: 1, unchanged: 0, warnings: 1 })
      // Sent again by a retrying system: the same event, nothing more.
      expect((await postEvents(server, token, [event])).json).toEqual({ inserted: 0, unchanged: 1, warnings: 0 })
      // The funnel counts the warning issued, once.
      expect(await funnelCounts(staff)).toEqual({ ...countyBefore, issued: countyBefore.issued + 1 })
    })

    await step(staff, 'pfp-staff-queue', async () => {
      await staff.context().clearCookies()
      await signInStaff(staff, 'town', '/staff')
      await expect(staff.getByRole('heading', { name: '待审核事项' })).toBeVisible()
      before = await funnelCounts(staff)
      await staff.getByRole('link', { name: '预警核实' }).click()
      await expect(staff.getByRole('heading', { name: '本镇预警' })).toBeVisible()
      await staff.getByRole('link', { name: /医疗支出预警 · 桃源村 刘\*/ }).click()
      await expect(staff.getByTestId('warning-text')).toContainText('21800 元')
      // Behind the warning, every bill its sum counts: the demo's two and the one just sent.
      await expect(staff.getByRole('heading', { name: '预警来源（3 条）' })).toBeVisible()
      await saveScreenshot(staff, 'pfp-warning-detail', { fullPage: true })
    })

    await step(staff, 'pfp-staff-takes-in', async () => {
      const form = staff.getByRole('form', { name: '核实' })
      await form.getByRole('radio', { name: '纳入救助' }).check()
      // The rule's suggestions are ticked: staff confirm them.
      await expect(form.getByRole('checkbox', { name: '支出型困难家庭救助（民政部门）' })).toBeChecked()
      await expect(form.getByRole('checkbox', { name: '医疗救助（医保部门）' })).toBeChecked()
      await form.getByLabel('备注（选填）').fill('电话核实：住院治疗，家中仅刘芳打零工。')
      await form.getByRole('button', { name: '提交核实结果' }).click()
      await expect(staff.getByRole('status').getByText(/^已纳入救助/)).toBeVisible()
      const after = await funnelCounts(staff)
      expect(after).toEqual({ issued: before.issued, verified: before.verified + 1, takenIn: before.takenIn + 1 })
    })

    const resident = await (await newContext()).newPage()
    await step(resident, 'pfp-resident-invited', async () => {
      await bindAtOffice(server, RESIDENT_PHONE, LIU)
      await signInResident(resident, server, RESIDENT_PHONE)
      const card = resident.getByRole('region', { name: /您家可能可以申请/ })
      await expect(card).toBeVisible()
      await expect(card.getByText(/近 12 个月自付医疗费用 21800 元，超过本地 20000 元的标准/)).toBeVisible()
      await saveScreenshot(resident, 'pfp-invitation')
      // An SMS says there is news, with a link, and nothing of the illness or the amounts.
      await card.getByRole('button', { name: '马上申请' }).click()
      await expect(resident.getByText('已勾选工作人员建议申请的救助事项')).toBeVisible()
    })

    let applicationId = ''
    await step(resident, 'pfp-resident-applies', async () => {
      await fillApplicant(resident, LIU_HOUSEHOLD, RESIDENT_PHONE)
      await next(resident, '家庭成员')
      await fillMembers(resident, LIU_HOUSEHOLD, [{ income: '900', seriouslyIll: true }, { income: '0', seriouslyIll: false }])
      await next(resident, '家庭财产申报')
      await declareAssets(resident, { deposits: '2000', vehicles: '0', extraHousing: false })
      await next(resident, '申请哪些救助')
      // Ticked from the invitation: the resident only checks them.
      await expect(resident.getByRole('checkbox', { name: /^支出型困难家庭救助/ })).toBeChecked()
      await expect(resident.getByRole('checkbox', { name: /^医疗救助/ })).toBeChecked()
      await expect(resident.getByText('已选 2 项')).toBeVisible()
      await next(resident, '申请理由和材料')
      await giveReasonWithPhoto(resident, '今年住院两次，自付医疗费用两万多元，本人只能打零工。')
      await next(resident, '核对授权（一证一书）')
      await signAuthorisations(resident, [LIU])
      await next(resident, '确认并提交')
      await resident.getByRole('button', { name: '提交申请' }).click()
      await expect(resident.getByRole('heading', { level: 1, name: '申请回执' })).toBeVisible()
      applicationId = new URL(resident.url()).pathname.split('/').pop()!
      // The invitation is answered: home no longer offers it.
      await resident.goto('/')
      await expect(resident.getByRole('link', { name: /申请救助/ })).toBeVisible()
      await expect(resident.getByRole('region', { name: /您家可能可以申请/ })).toHaveCount(0)
    })

    await step(staff, 'pfp-staff-approves', async () => {
      await staff.goto('/staff')
      await staff.getByRole('link', { name: /支出型困难家庭救助.*刘\*/ }).first().click()
      await expect(staff.getByRole('heading', { name: '事项办理' })).toBeVisible()
      for (const action of ['受理', '开始核对']) {
        await staff.getByRole('radio', { name: action, exact: true }).check()
        await staff.getByRole('button', { name: action, exact: true }).click()
        await expect(staff.getByRole('radio', { name: action === '受理' ? '开始核对' : '提交审核', exact: true })).toBeVisible()
      }
      await staff.getByRole('button', { name: '查询核对报告' }).click()
      await expect(staff.getByText(/报告生成于/)).toBeVisible()
      await staff.getByRole('radio', { name: '提交审核', exact: true }).check()
      await staff.getByRole('button', { name: '提交审核', exact: true }).click()
      await staff.getByRole('radio', { name: '批准', exact: true }).check()
      const amount = staff.getByLabel('每月金额（元）')
      if (await amount.isVisible()) {
        await staff.getByRole('region', { name: '每月金额参考' }).getByRole('button', { name: '按建议金额填写' }).click()
        await expect(amount).not.toHaveValue('')
      }
      const start = staff.getByLabel('开始发放日期')
      if (await start.isVisible())
        await start.fill(`${today.slice(0, 7)}-01`)
      await staff.getByRole('button', { name: '批准', exact: true }).click()
      await staff.getByRole('dialog', { name: '确定批准吗？' }).getByRole('button', { name: '确定批准' }).click()
      await staff.getByRole('button', { name: '立即提交' }).click()
      await expect(staff.locator('.status-line').getByText('已批准')).toBeVisible()
    })

    await step(resident, 'pfp-resident-list', async () => {
      const res = await pageApi<{ cases: { item: string, status: string }[] }>(resident, 'GET', `/api/applications/${applicationId}`)
      expect(res.json.cases.find(c => c.item === 'expense_hardship')?.status).toBe('approved')
      await resident.goto('/list')
      await expect(resident.getByText('支出型困难家庭救助').first()).toBeVisible()
      await saveScreenshot(resident, 'pfp-list', { fullPage: true })
    })

    await step(staff, 'pfp-funnel', async () => {
      // Approving the application counts nowhere again: the funnel counts the warning once per stage.
      expect(await funnelCounts(staff)).toEqual({ issued: before.issued, verified: before.verified + 1, takenIn: before.takenIn + 1 })
      await staff.goto('/staff/warnings')
      const funnel = staff.getByTestId('warning-funnel')
      await expect(funnel.locator('li[data-stage=takenIn] .stage-value')).toContainText(`${before.takenIn + 1} 条`)
      await saveScreenshot(staff, 'pfp-funnel', { fullPage: true })
    })
  })

  test('a volunteer refers a household from a visit with no signal; it is uploaded once and staff see it beside the visit', async ({ page: resident, persistentContext: context, newContext, server }) => {
    test.slow()
    let token = ''
    await step(resident, 'pfp-referral-code', async () => {
      await signInResident(resident, server, '13800138000')
      await bindHousehold(resident, LI)
      token = (await pageApi<{ token: string }>(resident, 'GET', '/api/household-code')).json.token
    })

    // A persistent profile: the service worker serves the app with no network.
    const page = context.pages()[0] ?? await context.newPage()
    await step(page, 'pfp-referral-online', async () => {
      await signInStaff(page, 'volunteer')
      await expect(page.getByRole('button', { name: '扫幸福码' })).toBeVisible()
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
      await page.reload()
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      // Opening the code once online keeps the public keys on the phone for offline checks.
      await page.goto(`/h/${token}`)
      await expect(page.getByRole('button', { name: '记录探访' })).toBeVisible()
    })

    await context.setOffline(true)
    await step(page, 'pfp-referral-offline', async () => {
      await page.goto(`/h/${token}/visit`)
      await page.getByRole('group', { name: '探访类型', exact: true }).getByText('探访关爱', { exact: true }).click()
      await expect(page.getByRole('heading', { name: '转介给工作人员（选填）' })).toBeVisible()
      await page.getByRole('checkbox', { name: '有人患重病' }).click()
      await page.getByRole('checkbox', { name: '家庭没有收入来源' }).click()
      await page.getByLabel('转介说明').fill('户主腰伤卧床两个月，家里没有收入')
      // What was ticked survives a reload before saving.
      await page.reload()
      await expect(page.getByRole('checkbox', { name: '有人患重病' })).toHaveAttribute('aria-checked', 'true')
      await expect(page.getByLabel('转介说明')).toHaveValue('户主腰伤卧床两个月，家里没有收入')
      await page.getByRole('button', { name: '保存探访记录' }).click()
      await expect(page.getByText('已保存，联网后自动上传')).toBeVisible()
      await page.goto('/volunteer/visits')
      await expect(page.locator('.referred').getByText('转介待上传')).toBeVisible()
    })

    await context.setOffline(false)
    await step(page, 'pfp-referral-synced', async () => {
      await expect(page.getByText('0 条待上传')).toBeVisible()
      await expect(page.locator('.referred').getByText('已转介').first()).toBeVisible()
      // A second run sends nothing more.
      await page.getByRole('button', { name: '立即同步' }).click()
      await expect(page.getByText('刚才同步：0 条上传成功')).toBeVisible()
      // The volunteer sees that it was referred, never the warning.
      expect((await pageApi(page, 'GET', '/api/staff/warnings')).status).toBe(403)
    })

    const staff = await (await newContext()).newPage()
    await step(staff, 'pfp-referral-staff', async () => {
      await signInStaff(staff, 'town', '/staff/warnings')
      await expect(staff.getByRole('heading', { name: '本镇预警' })).toBeVisible()
      const links = staff.getByRole('link', { name: /志愿者走访转介 · 和美村 李\*\*/ })
      await expect(links, 'one referral, however often the phone tried').toHaveCount(1)
      await links.click()
      await expect(staff.getByRole('heading', { name: '预警来源（1 条）' })).toBeVisible()
      const visit = staff.getByTestId('signal-visit')
      await expect(visit.getByRole('heading', { name: '走访记录' })).toBeVisible()
      await expect(visit).toContainText('志愿者')
      await expect(staff.getByTestId('warning-text')).toContainText('户主腰伤卧床两个月')
      await saveScreenshot(staff, 'pfp-referral-detail', { fullPage: true })
    })
  })
})
