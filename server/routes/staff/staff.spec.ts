import type { DbKind } from '../../db'
import type { TestApp } from '../applications/test-builders'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fieldCipher } from '../../crypto/field-cipher'
import { createTestApp, TEST_DIALECTS, TestClient } from '../../testing'
import { act, applicationInput, caseOf, forgetDemoPayments, HOUSEHOLD, JPEG_BASE64, residentOf, staffClient, submitDemoApplication, toReviewing, withdrawOpenCases } from '../applications/test-builders'

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT/)
const [liJianguo, zhangLi] = HOUSEHOLD.li.members

describe.each(TEST_DIALECTS)('staff review API on %s', (kind: DbKind) => {
  let t: TestApp
  let town: TestClient
  let townYibao: TestClient
  let town2: TestClient
  let county: TestClient

  beforeAll(async () => {
    t = await createTestApp(kind)
    await forgetDemoPayments(t)
    ;[town, townYibao, town2, county] = await Promise.all(['town', 'town_yibao', 'town2', 'county'].map(u => staffClient(t, u)))
  })
  // The five demo households are shared by every test of this file: an approval in one test
  // must not make another test's household "already confirmed".
  beforeEach(async () => {
    await t.db.kysely.deleteFrom('entitlements').execute()
  })
  afterAll(async () => {
    await t.close()
  })

  const caseStatus = async (resident: TestClient, applicationId: string) =>
    Object.fromEntries((await resident.get(`/api/applications/${applicationId}`)).json().cases.map((c: { item: string, status: string }) => [c.item, c.status]))

  describe('dependent items (routing)', () => {
    it('should start the waiting medical item by itself when dibao is approved', async () => {
      const resident = await residentOf(t)
      const application = await submitDemoApplication(resident)
      expect(await caseStatus(resident, application.id)).toEqual({ dibao: 'submitted', medical: 'waiting' })

      await toReviewing(town, caseOf(application, 'dibao').id)
      const approved = await act(town, caseOf(application, 'dibao').id, 'approve')
      expect(approved.statusCode).toBe(200)
      const view = (await resident.get(`/api/applications/${application.id}`)).json()
      const medical = view.cases.find((c: { item: string }) => c.item === 'medical')
      expect(medical).toMatchObject({ status: 'submitted', dueAt: ISO })
      expect(medical.steps.at(-1)).toEqual({ status: 'submitted', action: 'start', actor: '系统', at: ISO, note: '民政部门已认定困难身份，自动开始办理' })
      // Now 医保 can work on it.
      expect((await act(townYibao, medical.id, 'accept')).statusCode).toBe(200)
    })

    it('should reject the waiting item by the system, with a reason, when dibao is rejected', async () => {
      const resident = await residentOf(t)
      const application = await submitDemoApplication(resident)
      await act(town, caseOf(application, 'dibao').id, 'reject', { reason: '家庭人均收入高于低保标准' })
      const view = (await resident.get(`/api/applications/${application.id}`)).json()
      const [dibao, medical] = view.cases
      expect(dibao).toMatchObject({ status: 'rejected', decision: { monthlyAmount: null, startDate: null, reason: '家庭人均收入高于低保标准' } })
      expect(medical).toMatchObject({
        status: 'rejected',
        dueAt: null,
        decision: { monthlyAmount: null, startDate: null, reason: '困难身份未获认定（申请的低保等事项均未批准），此事项无法继续办理' },
      })
      expect(medical.steps.at(-1)).toMatchObject({ status: 'rejected', action: 'reject', actor: '系统' })
    })

    it('should wait while another hardship item of the application is still open', async () => {
      const resident = await residentOf(t)
      const application = await submitDemoApplication(resident, 'li', { items: ['dibao', 'dibao_edge', 'education'] })
      await act(town, caseOf(application, 'dibao').id, 'reject')
      expect(await caseStatus(resident, application.id)).toEqual({ dibao: 'rejected', dibao_edge: 'submitted', education: 'waiting' })
      await toReviewing(town, caseOf(application, 'dibao_edge').id)
      await act(town, caseOf(application, 'dibao_edge').id, 'approve', { monthlyAmount: 300 })
      expect(await caseStatus(resident, application.id)).toEqual({ dibao: 'rejected', dibao_edge: 'approved', education: 'submitted' })
    })

    it('should reject the waiting item when the resident withdraws the only hardship item', async () => {
      const resident = await residentOf(t)
      const application = await submitDemoApplication(resident)
      await resident.post(`/api/cases/${caseOf(application, 'dibao').id}/withdraw`, {})
      expect(await caseStatus(resident, application.id)).toEqual({ dibao: 'withdrawn', medical: 'rejected' })
    })

    it('should start medical at once for a household that already receives dibao', async () => {
      const resident = await residentOf(t)
      const application = await submitDemoApplication(resident, 'li', { receiving: ['dibao'] })
      expect(await caseStatus(resident, application.id)).toEqual({ dibao: 'submitted', medical: 'submitted' })
    })

    it('should start medical at once once an earlier application was approved for the household', async () => {
      const resident = await residentOf(t, 'wang')
      const first = await submitDemoApplication(resident, 'wang', { items: ['tekun'] })
      await toReviewing(town, first.cases[0].id)
      await act(town, first.cases[0].id, 'approve', { monthlyAmount: 1410 })
      const second = await submitDemoApplication(resident, 'wang', { items: ['medical', 'temporary'] })
      expect(await caseStatus(resident, second.id)).toEqual({ medical: 'submitted', temporary: 'submitted' })
    })
  })

  describe('state machine over HTTP', () => {
    it('should go submitted → accepted → checking → reviewing → approved, creating the entitlement', async () => {
      const resident = await residentOf(t, 'zhao')
      const application = await submitDemoApplication(resident, 'zhao', { items: ['dibao'] })
      const id = application.cases[0].id
      const expected = [['accept', 'accepted', ['start_check', 'request_info']], ['start_check', 'checking', ['start_review', 'request_info']], ['start_review', 'reviewing', ['approve', 'reject', 'request_info']]] as const
      for (const [action, status, next] of expected) {
        const res = await act(town2, id, action, { note: `备注：${action}` })
        expect(res.statusCode).toBe(200)
        expect(res.json().case.status).toBe(status)
        expect(res.json().allowedActions).toEqual(next)
        expect(res.json().case.steps.at(-1)).toEqual({ status, action, actor: '长寿镇 民政部门', at: ISO, note: `备注：${action}` })
      }
      const approved = await act(town2, id, 'approve', { monthlyAmount: 600.5, startDate: '2026-12-01' })
      expect(approved.json()).toMatchObject({ case: { status: 'approved', dueAt: null, decision: { monthlyAmount: 600.5, startDate: '2026-12-01', reason: null, decidedAt: ISO, decidedBy: '长寿镇 民政部门' } }, allowedActions: [] })
      const entitlement = await t.db.kysely.selectFrom('entitlements').select(['item', 'monthly_amount_fen', 'start_date']).where('case_id', '=', id).execute()
      expect(entitlement).toEqual([{ item: 'dibao', monthly_amount_fen: 60_050, start_date: '2026-12-01' }])
      const notes = (await resident.get('/api/notifications')).json().items.map((n: { text: string }) => n.text)
      expect(notes[0]).toBe('“最低生活保障（低保）”已批准，每月 600.5 元，自 2026年12月1日 起发放')
    })

    it.each([
      ['start_check', '开始核对'],
      ['start_review', '提交审核'],
      ['approve', '批准'],
    ] as const)('should refuse %s on a submitted case with 409', async (action, actionName) => {
      const application = await submitDemoApplication(await residentOf(t), 'li', { items: ['temporary'] })
      const res = await act(town, application.cases[0].id, action)
      expect(res.statusCode).toBe(409)
      expect(res.json()).toEqual({ code: 'conflict', message: `该事项当前为“已提交”，不能${actionName}` })
    })

    it('should refuse any action on a decided case, in the reader\'s language', async () => {
      const application = await submitDemoApplication(await residentOf(t), 'li', { items: ['temporary'] })
      await act(town, application.cases[0].id, 'reject')
      const en = await staffClient(t, 'town', 'en')
      const res = await act(en, application.cases[0].id, 'accept')
      expect(res.statusCode).toBe(409)
      expect(res.json()).toEqual({ code: 'conflict', message: 'Not possible now: the item is "Not approved", so you cannot accept it' })
    })

    it('should not let staff act on a waiting case', async () => {
      const application = await submitDemoApplication(await residentOf(t))
      const res = await act(townYibao, caseOf(application, 'medical').id, 'accept')
      expect(res.statusCode).toBe(409)
      expect(res.json().message).toBe('该事项当前为“等待困难身份认定”，不能受理')
    })

    it('should bring the case back where it was once the resident answers a request for information', async () => {
      const resident = await residentOf(t)
      const application = await submitDemoApplication(resident, 'li', { items: ['temporary'] })
      const id = application.cases[0].id
      await act(town, id, 'accept')
      await act(town, id, 'start_check')
      const asked = await act(town, id, 'request_info', { reason: '请补充医院诊断证明' })
      expect(asked.json()).toMatchObject({ case: { status: 'need_more_info', residentTodo: '请补充材料：请补充医院诊断证明' }, allowedActions: [] })
      expect((await resident.get(`/api/applications/${application.id}`)).json().cases[0].residentTodo).toBe('请补充材料：请补充医院诊断证明')

      const photo = (await resident.post('/api/attachments', { type: 'image/jpeg', data: JPEG_BASE64 })).json()
      const answered = await resident.post(`/api/cases/${id}/answer`, { text: '已上传诊断证明照片', attachmentIds: [photo.id] })
      expect(answered.statusCode).toBe(200)
      expect(answered.json()).toMatchObject({ status: 'checking', residentTodo: null, dueAt: ISO })
      expect(answered.json().steps.at(-1)).toEqual({ status: 'checking', action: 'answer_info', actor: '申请人', at: ISO, note: '已上传诊断证明照片' })

      const page = (await town.get(`/api/staff/cases/${id}`)).json()
      expect(page.application.infoAnswers).toEqual([{ at: ISO, text: '已上传诊断证明照片', attachmentIds: [photo.id] }])
      expect(page.application.attachments).toEqual([{ id: photo.id, type: 'image/jpeg', size: Buffer.from(JPEG_BASE64, 'base64').length }])
      const image = await town.get(`/api/attachments/${photo.id}`)
      expect(image.statusCode).toBe(200)
      expect(image.headers['content-type']).toBe('image/jpeg')
      expect(await t.db.kysely.selectFrom('audit_log').select(['subject_id', 'detail']).where('action', '=', 'attachment_view').where('actor_id', 'is not', null).where('subject_id', '=', id).execute()).toEqual([{ subject_id: id, detail: `attachment=${photo.id}` }])
      // Staff of another town or department do not see it.
      expect((await town2.get(`/api/attachments/${photo.id}`)).statusCode).toBe(404)
      expect((await townYibao.get(`/api/attachments/${photo.id}`)).statusCode).toBe(404)
    })

    it('should refuse an answer when nothing was asked', async () => {
      const resident = await residentOf(t)
      const application = await submitDemoApplication(resident, 'li', { items: ['temporary'] })
      const res = await resident.post(`/api/cases/${application.cases[0].id}/answer`, { text: '补充说明' })
      expect(res.statusCode).toBe(409)
      expect(res.json()).toEqual({ code: 'conflict', message: '该事项当前为“已提交”，不能补充材料' })
    })

    it.each([
      ['approve without a start date', { action: 'approve', monthlyAmount: 886 }, 'startDate', '开始日期填写有误'],
      ['approve dibao without a monthly amount', { action: 'approve', startDate: '2026-12-01' }, 'monthlyAmount', '每月金额填写有误'],
      ['approve with a negative amount', { action: 'approve', monthlyAmount: -5, startDate: '2026-12-01' }, 'monthlyAmount', '每月金额填写有误'],
      ['approve with a date that is not a date', { action: 'approve', monthlyAmount: 886, startDate: '2026-13-45' }, 'startDate', '开始日期填写有误'],
      ['reject without a reason', { action: 'reject' }, 'reason', '理由填写有误'],
      ['request information without saying what', { action: 'request_info', reason: ' ' }, 'reason', '理由填写有误'],
      ['an unknown action', { action: 'start' }, 'action', '操作填写有误'],
    ])('should answer 400 to %s', async (_, body, field, message) => {
      const application = await submitDemoApplication(await residentOf(t), 'li', { items: ['dibao'] })
      await toReviewing(town, application.cases[0].id)
      const res = await town.post(`/api/staff/cases/${application.cases[0].id}/actions`, body)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({ code: 'validation_failed', message, field })
    })

    it('should approve medical aid without a monthly amount', async () => {
      const application = await submitDemoApplication(await residentOf(t), 'li', { items: ['medical'] })
      await toReviewing(townYibao, application.cases[0].id)
      const res = await act(townYibao, application.cases[0].id, 'approve', { monthlyAmount: undefined })
      expect(res.statusCode).toBe(200)
      expect(res.json().case.decision).toEqual({ monthlyAmount: null, startDate: '2026-12-01', reason: null, decidedAt: ISO, decidedBy: '安乐镇 医保部门' })
    })

    it('should let only one of two simultaneous decisions through', async () => {
      const application = await submitDemoApplication(await residentOf(t), 'li', { items: ['temporary'] })
      const id = application.cases[0].id
      const results = await Promise.all([act(town, id, 'accept'), act(county, id, 'reject')])
      expect(results.map(r => r.statusCode).sort()).toEqual([200, 409])
      const steps = await t.db.kysely.selectFrom('case_steps').select('seq').where('case_id', '=', id).execute()
      expect(steps).toHaveLength(2)
    })
  })

  describe('who sees what', () => {
    let application: Awaited<ReturnType<typeof submitDemoApplication>>
    let dibaoId: string
    let medicalId: string

    beforeAll(async () => {
      application = await submitDemoApplication(await residentOf(t))
      dibaoId = caseOf(application, 'dibao').id
      medicalId = caseOf(application, 'medical').id
    })

    it.each([
      ['town', 'dibao', 200],
      ['county', 'dibao', 200],
      ['town_yibao', 'medical', 200],
      ['town_yibao', 'dibao', 404],
      ['town', 'medical', 404],
      ['town2', 'dibao', 404],
    ] as const)('should answer %s about the %s case with %i', async (username, item, status) => {
      const staff = { town, county, town_yibao: townYibao, town2 }[username]
      const id = item === 'dibao' ? dibaoId : medicalId
      for (const url of [`/api/staff/cases/${id}`, `/api/staff/cases/${id}/check-report`])
        expect((await staff.get(url)).statusCode).toBe(status)
      if (status === 404) {
        expect((await staff.get(`/api/staff/cases/${id}`)).json()).toEqual({ code: 'not_found', message: '没有找到您要的内容' })
        expect((await staff.post(`/api/staff/cases/${id}/reveal`, { target: 'applicant_id', reason: '核实身份' })).statusCode).toBe(404)
        expect((await act(staff, id, 'accept')).statusCode).toBe(404)
        expect((await staff.get('/api/staff/cases')).json().cases.map((c: { id: string }) => c.id)).not.toContain(id)
      }
    })

    it('should answer a case id that does not exist exactly like one of another town', async () => {
      const unknown = await town2.get('/api/staff/cases/00000000-0000-4000-8000-000000000000')
      const other = await town2.get(`/api/staff/cases/${dibaoId}`)
      expect(unknown.statusCode).toBe(404)
      expect(other.body).toBe(unknown.body)
    })

    it.each(['volunteer', 'shegong'])('should refuse %s everything about applications with 403', async (username) => {
      const field = await staffClient(t, username)
      const forbidden = { code: 'forbidden', message: '您没有权限进行此操作' }
      for (const res of [
        await field.get('/api/staff/cases'),
        await field.get(`/api/staff/cases/${dibaoId}`),
        await field.get(`/api/staff/cases/${dibaoId}/check-report`),
        await field.post(`/api/staff/cases/${dibaoId}/reveal`, { target: 'applicant_id', reason: '核实身份' }),
        await act(field, dibaoId, 'accept'),
        await field.get('/api/staff/audit'),
        await field.get('/api/applications'),
        await field.get('/api/notifications'),
      ]) {
        expect(res.statusCode).toBe(403)
        expect(res.json()).toEqual(forbidden)
      }
    })

    it('should refuse a resident the staff area with 403 and anyone signed out with 401', async () => {
      const resident = await residentOf(t)
      expect((await resident.get('/api/staff/cases')).statusCode).toBe(403)
      expect((await resident.get(`/api/staff/cases/${dibaoId}`)).statusCode).toBe(403)
      const anonymous = new TestClient(t.app, '10.45.0.1')
      for (const url of ['/api/staff/cases', `/api/staff/cases/${dibaoId}`, '/api/applications', '/api/notifications', '/api/application-draft']) {
        const res = await anonymous.get(url)
        expect(res.statusCode).toBe(401)
        expect(res.json()).toEqual({ code: 'unauthenticated', message: '请先登录' })
      }
    })

    it('should show staff masked names, ID numbers and phone numbers only, and audit the view', async () => {
      const res = await town.get(`/api/staff/cases/${dibaoId}`)
      expect(res.statusCode).toBe(200)
      const body = res.json()
      expect(body.application).toMatchObject({
        number: application.number,
        applicant: { nameMasked: '李**', idMasked: '339***********0012', phoneMasked: '139****1111' },
        authorisations: [{ nameMasked: expect.stringMatching(/^[李张]\*+$/), agreedAt: '2026-11-20T08:00:00.000Z', recordedAt: ISO }, expect.anything()],
      })
      expect(body.application.members[2]).toEqual({ index: 2, nameMasked: '李**', idMasked: '339***********001X', relation: 'child', age: expect.any(Number), monthlyIncome: 0, disabilityGrade: 0, seriousIllness: false, student: 'compulsory', registryStatus: 'registered' })
      expect(body.allowedActions).toEqual(['accept', 'request_info', 'reject'])
      for (const secret of [liJianguo.idNumber, zhangLi.idNumber, '13900001111', liJianguo.name, zhangLi.name])
        expect(res.body).not.toContain(secret)
      const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'case_view').where('subject_id', '=', dibaoId).execute()
      expect(audit.length).toBeGreaterThan(0)
    })

    it('should list only the own department and area in the queue, filterable', async () => {
      const queue = (await town.get('/api/staff/cases?item=dibao&status=submitted')).json().cases
      expect(queue.length).toBeGreaterThan(0)
      expect(queue.every((c: { item: string, status: string, townName: string }) => c.item === 'dibao' && c.status === 'submitted' && c.townName === '安乐镇')).toBe(true)
      expect(queue.find((c: { id: string }) => c.id === dibaoId)).toEqual({
        id: dibaoId,
        applicationNumber: application.number,
        item: 'dibao',
        itemName: '最低生活保障（低保）',
        status: 'submitted',
        townName: '安乐镇',
        applicantNameMasked: '李**',
        submittedAt: ISO,
        dueAt: ISO,
        overdue: false,
      })
      expect((await townYibao.get('/api/staff/cases')).json().cases.every((c: { item: string }) => c.item === 'medical')).toBe(true)
      expect((await county.get('/api/staff/cases')).json().cases.map((c: { id: string }) => c.id)).toContain(dibaoId)
    })

    it('should list overdue cases when asked', async () => {
      const late = await submitDemoApplication(await residentOf(t), 'li', { items: ['temporary'] })
      await t.db.kysely.updateTable('cases').set({ due_at: '2020-01-01T00:00:00.000Z' }).where('id', '=', late.cases[0].id).execute()
      const overdue = (await town.get('/api/staff/cases?overdue=true')).json().cases
      expect(overdue.map((c: { id: string }) => c.id)).toContain(late.cases[0].id)
      expect(overdue.every((c: { overdue: boolean }) => c.overdue)).toBe(true)
      expect(overdue.map((c: { id: string }) => c.id)).not.toContain(dibaoId)
    })

    it.each([
      ['status=lost', 'status', '状态填写有误'],
      ['item=lottery', 'item', '事项填写有误'],
    ])('should answer 400 to a queue filter %s', async (query, field, message) => {
      const res = await town.get(`/api/staff/cases?${query}`)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({ code: 'validation_failed', message, field })
    })
  })

  describe('revealing personal data (POST /api/staff/cases/:id/reveal)', () => {
    it('should show a value only with a reason, and audit the reason without the value', async () => {
      const application = await submitDemoApplication(await residentOf(t))
      const id = caseOf(application, 'dibao').id
      const res = await town.post(`/api/staff/cases/${id}/reveal`, { target: 'member_id', memberIndex: 1, reason: '入户调查核实身份' })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ value: zhangLi.idNumber })
      expect((await town.post(`/api/staff/cases/${id}/reveal`, { target: 'applicant_phone', reason: '电话预约入户' })).json()).toEqual({ value: '13900001111' })

      const rows = await t.db.kysely.selectFrom('audit_log').select(['action', 'actor_role', 'detail']).where('subject_id', '=', id).where('action', '=', 'reveal').orderBy('at').execute()
      expect(rows).toEqual([
        { action: 'reveal', actor_role: 'town_staff', detail: 'target=member_id:1; reason=入户调查核实身份' },
        { action: 'reveal', actor_role: 'town_staff', detail: 'target=applicant_phone; reason=电话预约入户' },
      ])
      const all = JSON.stringify(await t.db.kysely.selectFrom('audit_log').select('detail').execute())
      for (const secret of [zhangLi.idNumber, liJianguo.idNumber, '13900001111', zhangLi.name])
        expect(all).not.toContain(secret)
    })

    it.each([
      ['without a reason', { target: 'applicant_id' }, 'reason', '理由填写有误'],
      ['with a one-character reason', { target: 'applicant_id', reason: '看' }, 'reason', '理由填写有误'],
      ['of a member without saying which', { target: 'member_id', reason: '核实身份' }, 'memberIndex', '家庭成员序号填写有误'],
      ['of a member who is not there', { target: 'member_id', memberIndex: 9, reason: '核实身份' }, 'memberIndex', '家庭成员序号填写有误'],
      ['of something unknown', { target: 'bank_account', reason: '核实身份' }, 'target', '查看内容填写有误'],
    ])('should answer 400 to a reveal %s, and audit nothing', async (_, body, field, message) => {
      const application = await submitDemoApplication(await residentOf(t))
      const id = caseOf(application, 'dibao').id
      const res = await town.post(`/api/staff/cases/${id}/reveal`, body)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({ code: 'validation_failed', message, field })
      expect(await t.db.kysely.selectFrom('audit_log').select('id').where('subject_id', '=', id).where('action', '=', 'reveal').execute()).toEqual([])
    })
  })

  describe('economic check report (GET /api/staff/cases/:id/check-report)', () => {
    it('should flag the wage, the car, the second flat and the deposits of 李建国\'s household', async () => {
      const application = await submitDemoApplication(await residentOf(t))
      const res = await town.get(`/api/staff/cases/${caseOf(application, 'dibao').id}/check-report`)
      expect(res.statusCode).toBe(200)
      const report = res.json()
      expect(report.generatedAt).toEqual(ISO)
      expect(report.householdFlags).toEqual([
        { kind: 'extra_property', text: '家庭名下房产 2 套，共 154 平方米（申报无多余住房）' },
        { kind: 'deposits_over_limit', text: '家庭人均存款及金融资产 24000 元，超过本地标准 21264 元（申报人均 1000 元）' },
      ])
      const [head, spouse, child] = report.members
      expect(head).toMatchObject({ index: 0, nameMasked: '李**', declaredMonthlyIncome: 1500, foundMonthlyIncome: 4200 })
      expect(head.flags).toEqual([
        { kind: 'income_mismatch', text: '申报月收入 1500 元，核对发现 4200 元（工资 4200 元）' },
        { kind: 'vehicle', text: '名下有机动车 1 辆，估值约 68000 元（申报 0 辆）' },
      ])
      expect(head.sources.map((s: { source: string }) => s.source)).toEqual(['huji', 'shebao', 'budongchan', 'cheliang', 'gongjijin', 'yinhang', 'gongshang'])
      expect(head.sources[3]).toEqual({ source: 'cheliang', sourceName: '机动车登记（公安交管）', summary: '1 辆，估值约 68000 元', found: { vehicles: 1, estimatedValue: 68000 } })
      expect(spouse.flags).toEqual([])
      expect(child.flags).toEqual([])
      expect(res.body).not.toContain(liJianguo.idNumber)
    })

    it('should compare with the household\'s declaration, per capita over the application\'s members', async () => {
      const declaration = { depositsTotal: 9000, vehicles: 1, extraHousing: true, fromDiagnosis: true }
      const application = await submitDemoApplication(await residentOf(t), 'li', { declaration })
      const report = (await town.get(`/api/staff/cases/${caseOf(application, 'dibao').id}/check-report`)).json()
      expect(report.householdFlags.map((f: { text: string }) => f.text)).toEqual([
        '家庭名下房产 2 套，共 154 平方米',
        '家庭人均存款及金融资产 24000 元，超过本地标准 21264 元（申报人均 3000 元）',
      ])
      expect(report.members[0].flags[1].text).toBe('名下有机动车 1 辆，估值约 68000 元（申报 1 辆）')
      const page = (await town.get(`/api/staff/cases/${caseOf(application, 'dibao').id}`)).json()
      expect(page.application.declaration).toEqual({ ...declaration, depositsPerCapita: 3000 })
      // The diagnosis' verdicts reach staff only when the resident shared them.
      expect(page.application.diagnosis).toBeNull()
    })

    it('should show the diagnosis\' verdicts only when the resident shared them, and nothing else of it', async () => {
      const diagnosis = { verdicts: [{ item: 'dibao' as const, verdict: 'likely' as const }] }
      const application = await submitDemoApplication(await residentOf(t), 'li', { diagnosis: { ...diagnosis, assets: { depositsPerCapita: 1 } } as never })
      expect((await town.get(`/api/staff/cases/${caseOf(application, 'dibao').id}`)).json().application.diagnosis).toEqual(diagnosis)
    })

    it('should use the higher deposit limit for a dibao-edge application', async () => {
      const application = await submitDemoApplication(await residentOf(t), 'li', { items: ['dibao_edge'] })
      const report = (await town.get(`/api/staff/cases/${application.cases[0].id}/check-report`)).json()
      expect(report.householdFlags.map((f: { kind: string }) => f.kind)).toEqual(['extra_property'])
    })

    it('should flag 刘芳\'s registered business and find nothing to flag for 王秀英', async () => {
      const liu = await submitDemoApplication(await residentOf(t, 'liu'), 'liu', { items: ['dibao'] })
      const liuReport = (await town.get(`/api/staff/cases/${liu.cases[0].id}/check-report`)).json()
      expect(liuReport.members[0].flags).toEqual([
        { kind: 'income_mismatch', text: '申报月收入 800 元，核对发现 2600 元（经营所得 2600 元）' },
        { kind: 'business', text: '登记有工商户或企业 1 户，月应税收入 2600 元' },
      ])
      const wang = await submitDemoApplication(await residentOf(t, 'wang'), 'wang', { items: ['dibao'] })
      const wangReport = (await town.get(`/api/staff/cases/${wang.cases[0].id}/check-report`)).json()
      expect(wangReport.members[0].flags).toEqual([])
      expect(wangReport.householdFlags).toEqual([])
    })

    it('should flag a member the registry does not know', async () => {
      const input = applicationInput('wang')
      input.members.push({ name: '王小二', idNumber: '11010519491231002X', relation: 'other', monthlyIncome: 0, disabilityGrade: 0, seriousIllness: false, student: 'none' })
      input.authorisations.push({ ...input.authorisations[0], idNumber: '11010519491231002X', name: '王小二' })
      const resident = await residentOf(t, 'wang')
      await withdrawOpenCases(resident, ['dibao'])
      const application = (await resident.post('/api/applications', { ...input, items: ['dibao'] })).json()
      const caseId = application.cases[0].id
      await town.post(`/api/staff/cases/${caseId}/members/1/confirm`)
      const report = (await town.get(`/api/staff/cases/${caseId}/check-report`)).json()
      expect(report.members[1].flags).toEqual([{ kind: 'not_registered', text: '户籍系统中未找到此人' }])
    })

    it('should run no check on someone outside the registered household until staff confirm them', async () => {
      // 赵大山 lives in another household and town: named as a member, he is only "unconfirmed".
      const stranger = HOUSEHOLD.zhao.members[0]
      const input = applicationInput('wang')
      input.members.push({ name: stranger.name, idNumber: stranger.idNumber, relation: 'other', monthlyIncome: 0, disabilityGrade: 0, seriousIllness: false, student: 'none' })
      input.authorisations.push({ ...input.authorisations[0], idNumber: stranger.idNumber, name: stranger.name })
      const resident = await residentOf(t, 'wang')
      await withdrawOpenCases(resident, ['dibao'])
      const application = (await resident.post('/api/applications', { ...input, items: ['dibao'] })).json()
      const caseId = application.cases[0].id
      const members = (await town.get(`/api/staff/cases/${caseId}`)).json().application.members
      expect(members.map((m: { registryStatus: string }) => m.registryStatus)).toEqual(['registered', 'unconfirmed'])

      const refused = await town.get(`/api/staff/cases/${caseId}/check-report`)
      expect(refused.statusCode).toBe(409)
      expect(refused.json()).toEqual({ code: 'conflict', message: expect.stringContaining('不在本户户籍中的成员') })

      expect((await town.post(`/api/staff/cases/${caseId}/members/0/confirm`)).statusCode).toBe(404)
      expect((await town.post(`/api/staff/cases/${caseId}/members/1/confirm`)).json()).toEqual({ registryStatus: 'confirmed' })
      expect((await town.post(`/api/staff/cases/${caseId}/members/1/confirm`)).statusCode).toBe(404)
      expect((await town.get(`/api/staff/cases/${caseId}/check-report`)).statusCode).toBe(200)
      const audit = await t.db.kysely.selectFrom('audit_log').select('detail').where('subject_id', '=', caseId).where('action', '=', 'member_confirm').execute()
      expect(audit).toEqual([{ detail: 'member=1' }])
    })

    it('should word the report in English for an English reader', async () => {
      const application = await submitDemoApplication(await residentOf(t))
      const en = await staffClient(t, 'town', 'en')
      const report = (await en.get(`/api/staff/cases/${caseOf(application, 'dibao').id}/check-report`)).json()
      expect(report.members[0].flags[0].text).toBe('Declared income 1500 yuan/month; the sources found 4200 yuan/month (wage 4200)')
      expect(report.members[0].sources[0].sourceName).toBe('Household registration (police)')
    })

    it('should refuse the check with 409 when an adult\'s authorisation is missing, and audit every report', async () => {
      const application = await submitDemoApplication(await residentOf(t))
      const id = caseOf(application, 'dibao').id
      expect((await town.get(`/api/staff/cases/${id}/check-report`)).statusCode).toBe(200)
      expect(await t.db.kysely.selectFrom('audit_log').select('detail').where('subject_id', '=', id).where('action', '=', 'check_report_view').execute()).toEqual([{ detail: null }])

      const signed = await t.db.kysely.selectFrom('authorisations').select(['id', 'id_number']).where('application_id', '=', application.id).execute()
      await t.db.kysely.deleteFrom('authorisations').where('id', '=', signed.find(a => fieldCipher().open(a.id_number) === zhangLi.idNumber)!.id).execute()
      const res = await town.get(`/api/staff/cases/${id}/check-report`)
      expect(res.statusCode).toBe(409)
      expect(res.json()).toEqual({ code: 'conflict', message: '尚未取得每位成年家庭成员签署的家庭经济状况核对授权书，不能核对' })
    })
  })

  describe('audit log (GET /api/staff/audit)', () => {
    it('should list transitions, views and reveals of a case to staff who may see it', async () => {
      const application = await submitDemoApplication(await residentOf(t), 'li', { items: ['temporary'] })
      const id = application.cases[0].id
      await act(town, id, 'accept')
      await town.get(`/api/staff/cases/${id}`)
      await town.post(`/api/staff/cases/${id}/reveal`, { target: 'applicant_id', reason: '核实身份' })
      const res = await town.get(`/api/staff/audit?subjectType=case&subjectId=${id}`)
      expect(res.statusCode).toBe(200)
      // Newest first; entries of the same millisecond may come in either order.
      expect(res.json().entries.map((e: { action: string }) => e.action).sort()).toEqual(['case_transition', 'case_view', 'reveal'])
      expect(res.json().entries.find((e: { action: string }) => e.action === 'case_transition')).toEqual({ at: ISO, actorRole: 'town_staff', actorName: '安乐镇民政 孙静', action: 'case_transition', subjectType: 'case', subjectId: id, detail: 'accept: submitted -> accepted' })
      expect((await town2.get(`/api/staff/audit?subjectType=case&subjectId=${id}`)).json()).toEqual({ entries: [] })
    })
  })
})
