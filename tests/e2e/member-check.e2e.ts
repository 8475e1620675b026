import type { Browser } from 'playwright-core'
import type { RunningServer } from './support'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEMO_HOUSEHOLDS } from '../../mock/demo-data'
import { bindHousehold, pageApi, phoneContext, signInResident, signInStaff, step, TEST_TIMEOUT_MS, withServerAndBrowser } from './support'

// Issue #13: an application could name anyone as a member, and the economic check then ran on
// them. Someone outside the registered household now waits for staff to see proof first.

let server: RunningServer
let browser: Browser

withServerAndBrowser((s, b) => {
  server = s
  browser = b
})

const [wang] = DEMO_HOUSEHOLDS[0].members
const [stranger] = DEMO_HOUSEHOLDS[4].members
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII='

describe('a member outside the registered household', () => {
  it('is checked by nobody until staff confirm they live with the applicant', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const residentContext = await phoneContext(browser, server.url)
    const staffContext = await phoneContext(browser, server.url)
    t.after(() => Promise.all([residentContext.close(), staffContext.close()]))
    const resident = await residentContext.newPage()
    const staff = await staffContext.newPage()
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
      assert.equal(res.status, 201, JSON.stringify(res.json))
      caseId = res.json.cases[0].id
    })

    await step(staff, 'member-check-staff', async () => {
      await signInStaff(staff, 'town', `/staff/cases/${caseId}`)
      await staff.getByRole('heading', { name: '事项办理' }).waitFor()
      await staff.getByText('不在本户户籍中，待核实').waitFor()
      const refused = await pageApi<{ message: string }>(staff, 'GET', `/api/staff/cases/${caseId}/check-report`)
      assert.equal(refused.status, 409)
      assert.match(refused.json.message, /不在本户户籍中的成员/)

      await staff.getByRole('button', { name: '核实', exact: true }).click()
      await staff.getByText(/已查看证明材料，确认.+与申请人共同生活吗/).waitFor()
      await staff.getByRole('button', { name: '已核实', exact: true }).click()
      await staff.getByText('已核实共同生活').waitFor()
      assert.equal((await pageApi(staff, 'GET', `/api/staff/cases/${caseId}/check-report`)).status, 200)
      // Still confirmed after a reload: it is stored, not only shown.
      await staff.reload()
      await staff.getByText('已核实共同生活').waitFor()
    })
  })
})
