import { DEMO_HOUSEHOLDS } from '../../mock/demo-data'
import { formatYuan } from '../../src/domain/happiness-list/money'
import { expect, saveScreenshot, step, test } from './fixtures'
import { bindAtOffice, pageApi, signInResident, signInStaff } from './helpers'

const LIU_HOUSEHOLD = DEMO_HOUSEHOLDS[3]
const [LIU, SON] = LIU_HOUSEHOLD.members
const PHONE = '13800138020'
/** A 1×1 PNG: a drawn signature, as far as the server can tell. */
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII='

/** Yuan as the staff screens write them (thin space between thousands). */
const yuan = (value: number) => formatYuan(Math.round(value * 100), 'zh-CN')
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

test.describe('一证通办: apply, review, decide, follow', () => {
  test('routes dibao + medical, lets town staff approve dibao after the check, and starts medical by itself', async ({ page: resident, newContext, server }) => {
    let applicationId = ''

    await step(resident, 'review-resident-applies', async () => {
      // 刘芳's household (she and her son): the demo's 李建国 family already receives 低保 since
      // 2025-07 and may not apply again (issue #15), so this test starts from another family.
      // The form itself is walked by application.e2e.ts; here the application goes in through the API.
      await bindAtOffice(server, PHONE, LIU)
      await signInResident(resident, server, PHONE)
      const person = (m: { name: string, idNumber: string }, relation: string, monthlyIncome: number) => ({ name: m.name, idNumber: m.idNumber, relation, monthlyIncome, disabilityGrade: 0, seriousIllness: false, student: relation === 'child' ? 'compulsory' : 'none' })
      const submitted = await pageApi<{ id: string }>(resident, 'POST', '/api/applications', {
        idempotencyKey: crypto.randomUUID(),
        applicant: { name: LIU.name, idNumber: LIU.idNumber, phone: PHONE, address: LIU_HOUSEHOLD.address, region: '339901' },
        members: [person(LIU, 'self', 800), person(SON, 'child', 0)],
        items: ['dibao', 'medical'],
        reason: '儿子残疾需要长期康复，本人只能打零工，家庭收入很低。',
        receiving: [],
        attachmentIds: [],
        authorisations: [{ idNumber: LIU.idNumber, name: LIU.name, agreedAt: new Date().toISOString(), signature: SIGNATURE }],
        declaration: { depositsTotal: 3000, vehicles: 0, extraHousing: false, fromDiagnosis: false },
        removedMembers: [],
      })
      expect(submitted.status, JSON.stringify(submitted.json)).toBe(201)
      applicationId = submitted.json.id
      const res = await pageApi<{ cases: { item: string, status: string }[] }>(resident, 'GET', `/api/applications/${applicationId}`)
      expect(res.json.cases.map(c => [c.item, c.status])).toEqual([['dibao', 'submitted'], ['medical', 'waiting']])
    })

    const staff = await (await newContext()).newPage()

    await step(staff, 'review-staff-decides', async () => {
      await signInStaff(staff, 'town', '/staff')
      await expect(staff.getByRole('heading', { name: '待审核事项' })).toBeVisible()
      // 民政 sees dibao; medical belongs to 医保 and is still waiting.
      // The queue is a table: each case's item (with the masked applicant) links to its page.
      await staff.getByRole('link', { name: /最低生活保障.*刘\*/ }).first().click()
      await expect(staff.getByRole('heading', { name: '事项办理' })).toBeVisible()
      // The ID number is masked until a reason is given.
      await expect(staff.getByText(`339***********${LIU.idNumber.slice(-4)}`).first()).toBeVisible()

      for (const action of ['受理', '开始核对']) {
        await staff.getByRole('radio', { name: action, exact: true }).check()
        await staff.getByRole('button', { name: action, exact: true }).click()
        await expect(staff.getByRole('radio', { name: action === '受理' ? '开始核对' : '提交审核', exact: true })).toBeVisible()
      }
      await staff.getByRole('button', { name: '查询核对报告' }).click()
      await expect(staff.getByText(/报告生成于/)).toBeVisible()
      await expect(staff.locator('.flag'), 'the check report flags a difference from the application').not.toHaveCount(0)

      await staff.getByRole('radio', { name: '提交审核', exact: true }).check()
      await staff.getByRole('button', { name: '提交审核', exact: true }).click()
      await staff.getByRole('radio', { name: '批准', exact: true }).check()
    })

    await step(staff, 'review-staff-amount', async () => {
      // The region's figures give the suggestion and the limit (issue #15): 浙江 line 886 per person,
      // the household's income per person below it.
      const caseId = new URL(staff.url()).pathname.split('/').pop()!
      const { amountGuide: guide } = (await pageApi<{ amountGuide: { suggested: number, max: number, working: { line: number, members: number } } }>(staff, 'GET', `/api/staff/cases/${caseId}`)).json
      expect(guide.working.line).toBe(886)
      expect(guide.max).toBe(886 * guide.working.members)
      expect(guide.suggested).toBeGreaterThan(0)
      expect(guide.suggested).toBeLessThanOrEqual(guide.max)
      const box = staff.getByRole('region', { name: '每月金额参考' })
      await expect(box.getByText(`建议金额：每月 ${yuan(guide.suggested)} 元`)).toBeVisible()
      const figure = '[\\d.\u2009]+'
      await expect(box.getByText(new RegExp(`^低保标准 886 元 − 人均收入 ${figure} 元 = ${figure} 元/人 × ${guide.working.members} 人 = ${escape(yuan(guide.suggested))} 元/月$`))).toBeVisible()
      // Nothing is filled in silently.
      await expect(staff.getByLabel('每月金额（元）')).toHaveValue('')

      // 50 000 a month for this household is refused here, with the limit, and by the server too.
      await staff.getByLabel('每月金额（元）').fill('50000')
      await staff.getByLabel('开始发放日期').fill('2026-12-01')
      await staff.getByRole('button', { name: '批准', exact: true }).click()
      await expect(staff.getByText(`每月金额不能超过 ${yuan(guide.max)} 元`).first()).toBeVisible()
      const refused = await pageApi<{ code: string, message: string }>(staff, 'POST', `/api/staff/cases/${caseId}/actions`, { action: 'approve', monthlyAmount: 50000, startDate: '2026-12-01' })
      expect(refused.status).toBe(400)
      expect(refused.json.code).toBe('amount_above_max')
      expect(refused.json.message).toContain(String(guide.max))

      await saveScreenshot(staff, 'staff-case-amount')
      await box.getByRole('button', { name: '按建议金额填写' }).click()
      await expect.poll(async () => Number(await staff.getByLabel('每月金额（元）').inputValue())).toBe(guide.suggested)
      await staff.getByRole('button', { name: '批准', exact: true }).click()
      // A decision is confirmed, then waits with 撤销 before it is sent (issue #16).
      const dialog = staff.getByRole('dialog', { name: '确定批准吗？' })
      await expect(dialog.getByText(`每月 ${yuan(guide.suggested)} 元，自 2026年12月1日 起发放`)).toBeVisible()
      await dialog.getByRole('button', { name: '确定批准' }).click()
      await expect(staff.getByRole('status').getByText('将批准“最低生活保障（低保）”')).toBeVisible()
      expect((await pageApi<{ case: { status: string } }>(staff, 'GET', `/api/staff/cases/${caseId}`)).json.case.status, 'nothing is sent during the undo window').toBe('reviewing')
      await staff.getByRole('button', { name: '立即提交' }).click()
      await expect(staff.locator('.status-line').getByText('已批准')).toBeVisible()

      // The decision stays on the case: amount, start, who and when, also after a reload.
      for (const reload of [false, true]) {
        if (reload)
          await staff.reload()
        const decision = staff.getByRole('region', { name: '办理决定' })
        await expect(decision.getByText(`${yuan(guide.suggested)} 元/月`)).toBeVisible()
        await expect(decision.getByText('2026年12月1日', { exact: true })).toBeVisible()
        await expect(decision.getByText(/民政/)).toBeVisible()
        await expect(decision.getByText(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/)).toBeVisible()
      }
      await saveScreenshot(staff, 'staff-case-decision')
    })

    await step(staff, 'review-staff-regenerates-code', async () => {
      // The household says its code was photographed by a stranger: staff revoke it from the case.
      const before = (await pageApi<{ token: string, version: number }>(resident, 'GET', '/api/household-code')).json
      const section = staff.getByRole('region', { name: '本户幸福码' })
      await section.getByRole('button', { name: '重新生成幸福码' }).click()
      await section.getByRole('button', { name: '确定重新生成' }).click()
      await expect(section.getByText('已生成新的幸福码，旧码已作废')).toBeVisible()
      const after = (await pageApi<{ token: string, version: number }>(resident, 'GET', '/api/household-code')).json
      expect(after.version).toBe(before.version + 1)
      expect((await pageApi(resident, 'POST', '/api/household-code/verify', { token: before.token })).status, 'the old code no longer works').toBe(400)
    })

    await step(resident, 'review-resident-follows', async () => {
      const res = await pageApi<{ cases: { item: string, status: string, steps: { actor: string }[] }[] }>(resident, 'GET', `/api/applications/${applicationId}`)
      expect(res.json.cases.map(c => [c.item, c.status])).toEqual([['dibao', 'approved'], ['medical', 'submitted']])
      await resident.goto(`/progress/${applicationId}`)
      await expect(resident.getByText('已批准').first()).toBeVisible()
      await expect(resident.getByText('已提交').first()).toBeVisible()
    })
  })
})
