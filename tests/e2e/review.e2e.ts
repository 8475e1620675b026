import type { Browser } from 'playwright-core'
import type { RunningServer } from './support'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { residentAppliesForDibaoAndMedical } from './application-flow'
import { pageApi, phoneContext, signInStaff, step, TEST_TIMEOUT_MS, withServerAndBrowser } from './support'

let server: RunningServer
let browser: Browser

withServerAndBrowser((s, b) => {
  server = s
  browser = b
})

describe('一证通办: apply, review, decide, follow', () => {
  it('routes dibao + medical, lets town staff approve dibao after the check, and starts medical by itself', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const residentContext = await phoneContext(browser, server.url)
    t.after(() => residentContext.close())
    const resident = await residentContext.newPage()
    let applicationId = ''

    await step(resident, 'review-resident-applies', async () => {
      // Through the real form: sign in, bind, six screens, photo, two signatures, submit.
      applicationId = (await residentAppliesForDibaoAndMedical(resident, server, '13800138020')).id
      const res = await pageApi<{ cases: { item: string, status: string }[] }>(resident, 'GET', `/api/applications/${applicationId}`)
      assert.deepEqual(res.json.cases.map(c => [c.item, c.status]), [['dibao', 'submitted'], ['medical', 'waiting']])
    })

    const staffContext = await phoneContext(browser, server.url)
    t.after(() => staffContext.close())
    const staff = await staffContext.newPage()

    await step(staff, 'review-staff-decides', async () => {
      await signInStaff(staff, 'town', '/staff')
      await staff.getByRole('heading', { name: '待审核事项' }).waitFor()
      // 民政 sees dibao; medical belongs to 医保 and is still waiting.
      await staff.getByRole('button', { name: /最低生活保障/ }).first().click()
      await staff.getByRole('heading', { name: '事项办理' }).waitFor()
      // The ID number is masked until a reason is given.
      await staff.getByText('339***********0012').first().waitFor()

      for (const action of ['受理', '开始核对']) {
        await staff.getByRole('radio', { name: action, exact: true }).check()
        await staff.getByRole('button', { name: action, exact: true }).click()
        await staff.getByRole('radio', { name: action === '受理' ? '开始核对' : '提交审核', exact: true }).waitFor()
      }
      await staff.getByRole('button', { name: '查询核对报告' }).click()
      await staff.getByText(/报告生成于/).waitFor()
      assert.ok(await staff.locator('.flag').count() > 0, 'the check report flags a difference from the application')

      await staff.getByRole('radio', { name: '提交审核', exact: true }).check()
      await staff.getByRole('button', { name: '提交审核', exact: true }).click()
      await staff.getByRole('radio', { name: '批准', exact: true }).check()
      await staff.getByLabel('每月金额（元）').fill('886')
      await staff.getByLabel('开始发放日期').fill('2026-12-01')
      await staff.getByRole('button', { name: '批准', exact: true }).click()
      await staff.locator('.status-line').getByText('已批准').waitFor()
    })

    await step(staff, 'review-staff-regenerates-code', async () => {
      // The household says its code was photographed by a stranger: staff revoke it from the case.
      const before = (await pageApi<{ token: string, version: number }>(resident, 'GET', '/api/household-code')).json
      const section = staff.getByRole('region', { name: '本户幸福码' })
      await section.getByRole('button', { name: '重新生成幸福码' }).click()
      await section.getByRole('button', { name: '确定重新生成' }).click()
      await section.getByText('已生成新的幸福码，旧码已作废').waitFor()
      const after = (await pageApi<{ token: string, version: number }>(resident, 'GET', '/api/household-code')).json
      assert.equal(after.version, before.version + 1)
      assert.equal((await pageApi(resident, 'POST', '/api/household-code/verify', { token: before.token })).status, 400, 'the old code no longer works')
    })

    await step(resident, 'review-resident-follows', async () => {
      const res = await pageApi<{ cases: { item: string, status: string, steps: { actor: string }[] }[] }>(resident, 'GET', `/api/applications/${applicationId}`)
      assert.deepEqual(res.json.cases.map(c => [c.item, c.status]), [['dibao', 'approved'], ['medical', 'submitted']])
      await resident.goto(`/progress/${applicationId}`)
      await resident.getByText('已批准').first().waitFor()
      await resident.getByText('已提交').first().waitFor()
    })
  })
})
