import { DEMO_HOUSEHOLDS } from '../../mock/demo-data'
import { expect, step, test } from './fixtures'
import { bindHousehold, pageApi, signInResident, signInStaff } from './helpers'

// Issue #13: an application could name anyone as a member, and the economic check then ran on
// them. Someone outside the registered household now waits for staff to see proof first.

const [wang] = DEMO_HOUSEHOLDS[0].members
const [stranger] = DEMO_HOUSEHOLDS[4].members
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII='

test.describe('a member outside the registered household', () => {
  test('is checked by nobody until staff confirm they live with the applicant', async ({ page: resident, newContext, server }) => {
    const staff = await (await newContext()).newPage()
    let caseId = ''

    await step(resident, 'member-check-apply', async () => {
      await signInResident(resident, server, wang.phone!)
      await bindHousehold(resident, wang)
      const person = (m: { name: string, idNumber: string }, relation: string) => ({ name: m.name, idNumber: m.idNumber, relation, monthlyIncome: 0, disabilityGrade: 0, seriousIllness: false, student: 'none' })
      const authorise = (m: { name: string, idNumber: string }) => ({ idNumber: m.idNumber, name: m.name, agreedAt: new Date().toISOString(), signature: SIGNATURE })
      const res = await pageApi<{ cases: { id: string }[] }>(resident, 'POST', '/api/applications', {
        idempotencyKey: crypto.randomUUID(),
        applicant: { name: wang.name, idNumber: wang.idNumber, phone: wang.phone, address: DEMO_HOUSEHOLDS[0].address, region: '339901' },
        members: [person(wang, 'self'), person(stranger, 'other')],
        // 王秀英 already receives 低保 in the demo history (a second one is refused): temporary aid.
        items: ['temporary'],
        reason: '年老体弱，没有收入，想申请临时救助',
        receiving: [],
        attachmentIds: [],
        authorisations: [authorise(wang), authorise(stranger)],
        declaration: { depositsTotal: 2000, vehicles: 0, extraHousing: false, fromDiagnosis: false },
      })
      expect(res.status, JSON.stringify(res.json)).toBe(201)
      caseId = res.json.cases[0].id
    })

    await step(staff, 'member-check-staff', async () => {
      await signInStaff(staff, 'town', `/staff/cases/${caseId}`)
      await expect(staff.getByRole('heading', { name: '事项办理' })).toBeVisible()
      await expect(staff.getByText('不在本户户籍中，待核实')).toBeVisible()
      const refused = await pageApi<{ message: string }>(staff, 'GET', `/api/staff/cases/${caseId}/check-report`)
      expect(refused.status).toBe(409)
      expect(refused.json.message).toMatch(/不在本户户籍中的成员/)

      await staff.getByRole('button', { name: '核实', exact: true }).click()
      await expect(staff.getByText(/已查看证明材料，确认.+与申请人共同生活吗/)).toBeVisible()
      await staff.getByRole('button', { name: '已核实', exact: true }).click()
      await expect(staff.getByText('已核实共同生活')).toBeVisible()
      expect((await pageApi(staff, 'GET', `/api/staff/cases/${caseId}/check-report`)).status).toBe(200)
      // Still confirmed after a reload: it is stored, not only shown.
      await staff.reload()
      await expect(staff.getByText('已核实共同生活')).toBeVisible()
    })
  })
})
