import type { DbKind } from '../../db'
import type { TestApp } from './test-builders'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UNATTACHED_UPLOADS_PER_DAY } from '.'
import { MAX_ATTACHMENT_BYTES } from '../../../src/domain/application/schemas'
import { fieldCipher } from '../../crypto/field-cipher'
import { createTestApp, TEST_DIALECTS, TestClient } from '../../testing'
import { act, applicationInput, caseOf, forgetDemoPayments, HOUSEHOLD, JPEG_BASE64, PNG_BASE64, residentOf, SIGNATURE, staffClient, submitDemoApplication, unboundResident, withdrawOpenCases } from './test-builders'

type Mutation = (input: any) => void

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT/)
const UUID = expect.stringMatching(/^[0-9a-f-]{36}$/)

describe.each(TEST_DIALECTS)('applications API on %s', (kind: DbKind) => {
  let t: TestApp

  beforeAll(async () => {
    t = await createTestApp(kind)
    await forgetDemoPayments(t)
  })
  afterAll(async () => {
    await t.close()
  })

  const countRows = async (table: 'applications' | 'cases', column: 'user_id' | 'application_id', value: string) =>
    Number((await t.db.kysely.selectFrom(table).select(eb => eb.fn.countAll<number>().as('n')).where(column, '=', value).executeTakeFirstOrThrow()).n)

  describe('submitting (POST /api/applications)', () => {
    it('should make one case per item, routed to the town of the household registration', async () => {
      const resident = await residentOf(t)
      const res = await resident.post('/api/applications', applicationInput('li'))
      expect(res.statusCode).toBe(201)
      const body = res.json()
      expect(body).toEqual({
        id: UUID,
        number: expect.stringMatching(/^XFM-\d{8}-\d{6}$/),
        submittedAt: ISO,
        applicantNameMasked: '李**',
        cases: [
          {
            id: UUID,
            item: 'dibao',
            itemName: '最低生活保障（低保）',
            department: 'mingzheng',
            departmentName: '民政部门',
            townCode: '339901001',
            townName: '安乐镇',
            status: 'submitted',
            dueAt: ISO,
            overdue: false,
            residentTodo: null,
            decision: null,
            steps: [{ status: 'submitted', action: null, actor: '申请人', at: ISO, note: null }],
          },
          expect.objectContaining({
            item: 'medical',
            department: 'yibao',
            departmentName: '医保部门',
            townCode: '339901001',
            status: 'waiting',
            dueAt: null,
            steps: [{ status: 'waiting', action: null, actor: '申请人', at: ISO, note: '需先由民政部门认定困难身份，认定后自动开始办理' }],
          }),
        ],
      })
      // Due in 3 days (acceptDays of the region).
      const due = Date.parse(body.cases[0].dueAt) - Date.parse(body.submittedAt)
      expect(due).toBe(3 * 86_400_000)
    })

    it('should route by the household registration whatever region the form names', async () => {
      const resident = await residentOf(t, 'zhao')
      const application = await submitDemoApplication(resident, 'zhao', { region: undefined, applicant: { ...applicationInput('zhao').applicant, region: '330106' } } as never)
      const res = await resident.get(`/api/applications/${application.id}`)
      expect(res.json().cases.map((c: { townCode: string, townName: string }) => [c.townCode, c.townName])).toEqual([['339901002', '长寿镇'], ['339901002', '长寿镇']])
    })

    it('should store members, authorisations with both times, and the signature', async () => {
      const resident = await residentOf(t)
      const application = await submitDemoApplication(resident)
      const members = await t.db.kysely.selectFrom('application_members').select(['position', 'name', 'relation']).where('application_id', '=', application.id).orderBy('position').execute()
      expect(members).toEqual([
        { position: 0, name: '李建国', relation: 'self' },
        { position: 1, name: '张丽', relation: 'spouse' },
        { position: 2, name: '李小明', relation: 'child' },
      ])
      const stored = await t.db.kysely.selectFrom('authorisations').select(['name', 'agreed_at', 'recorded_at', 'signature']).where('application_id', '=', application.id).orderBy('name').execute()
      // The drawn signature is stored sealed (issue #14).
      expect(stored.every(a => !a.signature.includes(SIGNATURE.slice(-40)))).toBe(true)
      const authorisations = stored.map(a => ({ ...a, signature: fieldCipher().open(a.signature) }))
      expect(authorisations).toEqual([
        { name: '张丽', agreed_at: '2026-11-20T08:00:00.000Z', recorded_at: ISO, signature: SIGNATURE },
        { name: '李建国', agreed_at: '2026-11-20T08:00:00.000Z', recorded_at: ISO, signature: SIGNATURE },
      ])
    })

    it('should answer a resent submit with the same application (200) and store it once', async () => {
      const resident = await residentOf(t)
      const input = applicationInput('li')
      await withdrawOpenCases(resident, input.items)
      const first = await resident.post('/api/applications', input)
      const again = await resident.post('/api/applications', input)
      expect(first.statusCode).toBe(201)
      expect(again.statusCode).toBe(200)
      expect(again.json()).toEqual(first.json())
      const rows = await t.db.kysely.selectFrom('applications').select('id').where('idempotency_key', '=', input.idempotencyKey).execute()
      expect(rows).toHaveLength(1)
      expect(await countRows('cases', 'application_id', first.json().id)).toBe(2)
    })

    it('should make one application of two submits racing with the same key', async () => {
      const resident = await residentOf(t)
      const input = applicationInput('li')
      await withdrawOpenCases(resident, input.items)
      const [a, b] = await Promise.all([resident.post('/api/applications', input), resident.post('/api/applications', input)])
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201])
      expect(a.json().id).toBe(b.json().id)
      const rows = await t.db.kysely.selectFrom('applications').select('id').where('idempotency_key', '=', input.idempotencyKey).execute()
      expect(rows).toHaveLength(1)
    })

    it('should make a new application for a new key', async () => {
      const resident = await residentOf(t)
      const a = await submitDemoApplication(resident)
      const b = await submitDemoApplication(resident)
      expect(a.id).not.toBe(b.id)
      expect(a.number).not.toBe(b.number)
    })

    it('should delete the server copy of the draft once submitted', async () => {
      const resident = await residentOf(t)
      await resident.put('/api/application-draft', { draft: { step: 3 } })
      await submitDemoApplication(resident)
      expect((await resident.get('/api/application-draft')).json()).toEqual({ draft: null, savedAt: null })
    })

    it.each<[string, Mutation, number, object]>([
      ['the applicant\'s ID check digit is wrong', i => (i.applicant.idNumber = '339901197506080013'), 400, { code: 'invalid_id_number', message: '身份证号不正确，请核对 18 位身份证号', field: 'applicant.idNumber' }],
      ['a member\'s ID number is too short', i => (i.members[1].idNumber = '33990119780920'), 400, { code: 'invalid_id_number', message: '身份证号不正确，请核对 18 位身份证号', field: 'members.1.idNumber' }],
      ['the mobile number is not a mobile number', i => (i.applicant.phone = '0571-8888'), 400, { code: 'invalid_mobile', message: '手机号格式不正确，请输入 11 位手机号', field: 'applicant.phone' }],
      ['an adult has not signed the authorisation', i => i.authorisations.pop(), 400, { code: 'authorisation_missing', message: '核对授权书不全：每位成年家庭成员都要签署家庭经济状况核对授权书', field: 'authorisations.1' }],
      ['the signature is not a PNG image', i => (i.authorisations[0].signature = 'data:image/png;base64,/9j/4AAQSkZJRg=='), 400, { code: 'invalid_signature', message: '签名无效，请重新手写签名', field: 'authorisations.0.signature' }],
      ['the signature is not a data URL', i => (i.authorisations[0].signature = 'https://example.com/sig.png'), 400, { code: 'invalid_signature', message: '签名无效，请重新手写签名', field: 'authorisations.0.signature' }],
      ['no item is chosen', i => (i.items = []), 400, { code: 'validation_failed', message: '申请事项填写有误', field: 'items' }],
      ['an item is unknown', i => (i.items = ['lottery']), 400, { code: 'validation_failed', message: '申请事项填写有误', field: 'items.0' }],
      ['the reason is empty', i => (i.reason = ' '), 400, { code: 'validation_failed', message: '理由填写有误', field: 'reason' }],
      ['the address is too short', i => (i.applicant.address = '村'), 400, { code: 'validation_failed', message: '住址填写有误', field: 'applicant.address' }],
      ['the region is not a 6-digit code', i => (i.applicant.region = '3399'), 400, { code: 'validation_failed', message: '地区填写有误', field: 'applicant.region' }],
      ['the region has no figures', i => (i.applicant.region = '110101'), 400, { code: 'validation_failed', message: '地区填写有误', field: 'applicant.region' }],
      ['the applicant is not among the members', i => (i.members[0].relation = 'other'), 400, { code: 'applicant_not_member', message: '家庭成员中须有且只有一位“本人”，其身份证号与申请人一致', field: 'members' }],
      ['a member is listed twice', i => i.members.push({ ...i.members[2] }), 400, { code: 'duplicate_member', message: '家庭成员中有重复的身份证号', field: 'members' }],
      ['there are no members', i => (i.members = []), 400, { code: 'validation_failed', message: '家庭成员填写有误', field: 'members' }],
      ['an income is negative', i => (i.members[0].monthlyIncome = -1), 400, { code: 'validation_failed', message: '月收入填写有误', field: 'members.0.monthlyIncome' }],
      ['a relation is unknown', i => (i.members[1].relation = 'friend'), 400, { code: 'validation_failed', message: '与申请人的关系填写有误', field: 'members.1.relation' }],
      ['the idempotency key is too short', i => (i.idempotencyKey = 'abc'), 400, { code: 'validation_failed', message: '提交编号填写有误', field: 'idempotencyKey' }],
      ['an attachment id is not an id', i => (i.attachmentIds = ['photo.jpg']), 400, { code: 'validation_failed', message: '材料照片填写有误', field: 'attachmentIds.0' }],
      ['an attachment does not exist', i => (i.attachmentIds = ['00000000-0000-4000-8000-000000000000']), 400, { code: 'invalid_attachment', message: '材料照片无效：只接受不超过 500 KB 的 JPEG、PNG 或 WebP 图片，且须是您家庭上传、尚未使用的材料', field: 'attachmentIds.0' }],
      ['the time of agreement is not a time', i => (i.authorisations[0].agreedAt = 'yesterday'), 400, { code: 'validation_failed', message: '签署时间填写有误', field: 'authorisations.0.agreedAt' }],
    ])('should answer 400 naming the field when %s', async (_, mutate, status, body) => {
      const resident = await residentOf(t)
      const input = structuredClone(applicationInput('li'))
      mutate(input)
      const res = await resident.post('/api/applications', input)
      expect(res.statusCode).toBe(status)
      expect(res.json()).toEqual(body)
      expect(await countRows('applications', 'user_id', (await resident.get('/api/session')).json().user.id)).toBe(0)
    })

    it('should name the field in English for an English reader', async () => {
      const resident = await residentOf(t, 'li', 'en')
      const input = applicationInput('li')
      input.authorisations.pop()
      const res = await resident.post('/api/applications', input)
      expect(res.json()).toEqual({ code: 'authorisation_missing', message: 'Authorisations for the economic check incomplete: every adult member must sign the authorisation for the household economic check', field: 'authorisations.1' })
    })

    it('should not ask a child for an authorisation', async () => {
      const resident = await residentOf(t, 'chen')
      // 陈浩 (born 2010) is a minor: only 陈桂兰 signs.
      expect(applicationInput('chen').authorisations).toHaveLength(1)
      await submitDemoApplication(resident, 'chen')
    })

    it('should refuse an applicant who is not a member of the bound household', async () => {
      const resident = await residentOf(t, 'li')
      const res = await resident.post('/api/applications', applicationInput('wang'))
      expect(res.statusCode).toBe(403)
      expect(res.json()).toEqual({ code: 'forbidden', message: '申请人须是您已绑定家庭的成员' })
    })

    it('should ask a resident without a household to link one first', async () => {
      const resident = await unboundResident(t)
      const res = await resident.post('/api/applications', applicationInput('li'))
      expect(res.statusCode).toBe(403)
      expect(res.json()).toEqual({ code: 'forbidden', message: '请先绑定您的家庭' })
    })

    it('should answer 401 without a sign-in and 403 to staff', async () => {
      const anonymous = await new TestClient(t.app, '10.43.0.1').post('/api/applications', applicationInput('li'))
      expect(anonymous.statusCode).toBe(401)
      expect(anonymous.json()).toEqual({ code: 'unauthenticated', message: '请先登录' })
      const staff = await (await staffClient(t, 'town')).post('/api/applications', applicationInput('li'))
      expect(staff.statusCode).toBe(403)
      expect(staff.json()).toEqual({ code: 'forbidden', message: '您没有权限进行此操作' })
    })
  })

  describe('progress (GET /api/applications)', () => {
    it('should list the household\'s applications newest first, also to another member of it', async () => {
      const head = await residentOf(t, 'liu')
      const first = await submitDemoApplication(head, 'liu', { items: ['temporary'] })
      const second = await submitDemoApplication(head, 'liu', { items: ['dibao_edge'] })
      const spouseLike = await residentOf(t, 'liu')
      const res = await spouseLike.get('/api/applications')
      expect(res.statusCode).toBe(200)
      expect(res.json().applications.map((a: { id: string }) => a.id).slice(0, 2)).toEqual([second.id, first.id])
    })

    it('should word items, departments and system notes in English for an English reader', async () => {
      const resident = await residentOf(t, 'li', 'en')
      const application = await submitDemoApplication(resident)
      const view = (await resident.get(`/api/applications/${application.id}`)).json()
      expect(view.cases[1]).toMatchObject({
        itemName: 'Medical assistance',
        departmentName: 'Healthcare Security',
        steps: [{ actor: 'Applicant', note: 'Starts by itself once Civil Affairs has confirmed the household\'s hardship status' }],
      })
    })

    it('should answer 404 for another household\'s application, as for one that does not exist', async () => {
      const owner = await residentOf(t, 'li')
      const application = await submitDemoApplication(owner)
      const other = await residentOf(t, 'wang')
      const res = await other.get(`/api/applications/${application.id}`)
      expect(res.statusCode).toBe(404)
      expect(res.json()).toEqual({ code: 'not_found', message: '没有找到您要的内容' })
      expect((await other.get('/api/applications/no-such-id')).json()).toEqual(res.json())
      expect((await other.get('/api/applications')).json().applications.map((a: { id: string }) => a.id)).not.toContain(application.id)
    })
  })

  describe('withdrawing (POST /api/cases/:id/withdraw)', () => {
    it('should withdraw an item before the decision, with who and when', async () => {
      const resident = await residentOf(t)
      const application = await submitDemoApplication(resident, 'li', { items: ['temporary'] })
      const res = await resident.post(`/api/cases/${application.cases[0].id}/withdraw`, { note: '情况已好转' })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toMatchObject({ status: 'withdrawn', dueAt: null, decision: null })
      expect(res.json().steps.at(-1)).toEqual({ status: 'withdrawn', action: 'withdraw', actor: '申请人', at: ISO, note: '情况已好转' })
    })

    it('should refuse to withdraw twice with 409 naming the status', async () => {
      const resident = await residentOf(t)
      const application = await submitDemoApplication(resident, 'li', { items: ['temporary'] })
      await resident.post(`/api/cases/${application.cases[0].id}/withdraw`, {})
      const res = await resident.post(`/api/cases/${application.cases[0].id}/withdraw`, {})
      expect(res.statusCode).toBe(409)
      expect(res.json()).toEqual({ code: 'conflict', message: '该事项当前为“已撤回”，不能撤回' })
    })

    it('should refuse after the decision', async () => {
      const resident = await residentOf(t)
      const application = await submitDemoApplication(resident, 'li', { items: ['temporary'] })
      const staff = await staffClient(t, 'town')
      await act(staff, application.cases[0].id, 'reject')
      const res = await resident.post(`/api/cases/${application.cases[0].id}/withdraw`, {})
      expect(res.statusCode).toBe(409)
      expect(res.json()).toEqual({ code: 'conflict', message: '该事项当前为“未获批准”，不能撤回' })
    })

    it('should answer 404 for another household\'s case', async () => {
      const owner = await residentOf(t)
      const application = await submitDemoApplication(owner)
      const other = await residentOf(t, 'zhao')
      const res = await other.post(`/api/cases/${application.cases[0].id}/withdraw`, {})
      expect(res.statusCode).toBe(404)
    })
  })

  describe('photos (POST /api/attachments, GET /api/attachments/:id)', () => {
    it('should store a photo and give its bytes back to the household only', async () => {
      const resident = await residentOf(t, 'wang')
      const res = await resident.post('/api/attachments', { type: 'image/png', data: PNG_BASE64 })
      expect(res.statusCode).toBe(201)
      const size = Buffer.from(PNG_BASE64, 'base64').length
      expect(res.json()).toEqual({ id: UUID, type: 'image/png', size })
      const image = await resident.get(`/api/attachments/${res.json().id}`)
      expect(image.statusCode).toBe(200)
      expect(image.headers['content-type']).toBe('image/png')
      expect(image.rawPayload.equals(Buffer.from(PNG_BASE64, 'base64'))).toBe(true)
      const other = await (await residentOf(t, 'zhao')).get(`/api/attachments/${res.json().id}`)
      expect(other.statusCode).toBe(404)
    })

    const oversized = Buffer.concat([Buffer.from(JPEG_BASE64, 'base64'), Buffer.alloc(MAX_ATTACHMENT_BYTES)]).toString('base64')
    it.each<[string, object, object]>([
      ['the photo is larger than 500 KB', { type: 'image/jpeg', data: oversized }, { code: 'invalid_attachment', message: '图片无效：只接受不超过 500 KB 的 JPEG、PNG 或 WebP 图片，且须是您家庭上传、尚未使用的材料', field: 'data' }],
      ['the bytes are not of the declared type', { type: 'image/png', data: JPEG_BASE64 }, { code: 'invalid_attachment', message: '图片类型无效：只接受不超过 500 KB 的 JPEG、PNG 或 WebP 图片，且须是您家庭上传、尚未使用的材料', field: 'type' }],
      ['the type is not accepted', { type: 'application/pdf', data: JPEG_BASE64 }, { code: 'invalid_attachment', message: '图片类型无效：只接受不超过 500 KB 的 JPEG、PNG 或 WebP 图片，且须是您家庭上传、尚未使用的材料', field: 'type' }],
      ['the data is not base64', { type: 'image/jpeg', data: '<svg onload=alert(1)>' }, { code: 'invalid_attachment', message: '图片无效：只接受不超过 500 KB 的 JPEG、PNG 或 WebP 图片，且须是您家庭上传、尚未使用的材料', field: 'data' }],
    ])('should answer 400 when %s', async (_, body, error) => {
      const resident = await residentOf(t, 'wang')
      const res = await resident.post('/api/attachments', body)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual(error)
    })

    it('should answer 413 to a body far over the limit, before reading it', async () => {
      const resident = await residentOf(t, 'wang')
      const res = await resident.post('/api/attachments', { type: 'image/jpeg', data: 'A'.repeat(2 * 1024 * 1024) })
      expect(res.statusCode).toBe(413)
      expect(res.json()).toEqual({ code: 'validation_failed', message: '提交的内容过大，请减少或压缩照片后重试' })
    })

    it('should answer 429 with the minutes to wait when a household holds too many unused photos from one day', async () => {
      const resident = await residentOf(t, 'liu')
      for (let i = 0; i < UNATTACHED_UPLOADS_PER_DAY; i++)
        expect((await resident.post('/api/attachments', { type: 'image/jpeg', data: JPEG_BASE64 })).statusCode).toBe(201)
      const refused = await resident.post('/api/attachments', { type: 'image/jpeg', data: JPEG_BASE64 })
      expect(refused.statusCode).toBe(429)
      expect(refused.json().code).toBe('rate_limited')
      expect(refused.json().message).toMatch(/最多 20 张），请 14\d\d 分钟后再上传/)
      const householdId = (await resident.get('/api/session')).json().user.household.id
      const unused = t.db.kysely.selectFrom('attachments').select(eb => eb.fn.countAll<number>().as('n')).where('household_id', '=', householdId)
      expect(Number((await unused.executeTakeFirstOrThrow()).n)).toBe(UNATTACHED_UPLOADS_PER_DAY)
      // A day later the old uploads no longer count.
      await t.db.kysely.updateTable('attachments').set({ created_at: new Date(Date.now() - 25 * 3_600_000).toISOString() }).where('household_id', '=', householdId).execute()
      expect((await resident.post('/api/attachments', { type: 'image/jpeg', data: JPEG_BASE64 })).statusCode).toBe(201)
    })

    it('should attach photos to the application, and not twice', async () => {
      const resident = await residentOf(t)
      const photo = (await resident.post('/api/attachments', { type: 'image/jpeg', data: JPEG_BASE64 })).json()
      await submitDemoApplication(resident, 'li', { attachmentIds: [photo.id] })
      const again = await resident.post('/api/applications', applicationInput('li', { attachmentIds: [photo.id] }))
      expect(again.statusCode).toBe(400)
      expect(again.json()).toMatchObject({ code: 'invalid_attachment', field: 'attachmentIds.0' })
    })

    it('should not let a household use another household\'s photo', async () => {
      const other = await residentOf(t, 'zhao')
      const photo = (await other.post('/api/attachments', { type: 'image/jpeg', data: JPEG_BASE64 })).json()
      const resident = await residentOf(t)
      const res = await resident.post('/api/applications', applicationInput('li', { attachmentIds: [photo.id] }))
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ code: 'invalid_attachment', field: 'attachmentIds.0' })
    })
  })

  describe('draft (GET/PUT/DELETE /api/application-draft)', () => {
    it('should keep the latest draft of the resident', async () => {
      const resident = await residentOf(t)
      expect((await resident.get('/api/application-draft')).json()).toEqual({ draft: null, savedAt: null })
      await resident.put('/api/application-draft', { draft: { step: 1 } })
      const saved = await resident.put('/api/application-draft', { draft: { step: 2, members: [{ name: '李建国' }] } })
      expect(saved.statusCode).toBe(200)
      expect(saved.json()).toEqual({ savedAt: ISO })
      expect((await resident.get('/api/application-draft')).json()).toEqual({ draft: { step: 2, members: [{ name: '李建国' }] }, savedAt: saved.json().savedAt })
      expect((await resident.delete('/api/application-draft')).json()).toEqual({ draft: null, savedAt: null })
      expect((await resident.get('/api/application-draft')).json()).toEqual({ draft: null, savedAt: null })
    })

    it('should refuse a draft over 256 KB naming the draft', async () => {
      const resident = await residentOf(t)
      const res = await resident.put('/api/application-draft', { draft: { text: 'x'.repeat(300 * 1024) } })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({ code: 'validation_failed', message: '草稿填写有误', field: 'draft' })
    })

    it('should refuse a body without a draft', async () => {
      const resident = await residentOf(t)
      const res = await resident.put('/api/application-draft', {})
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ field: 'draft' })
    })

    it('should keep drafts apart per resident', async () => {
      const a = await residentOf(t)
      const b = await residentOf(t)
      await a.put('/api/application-draft', { draft: { who: 'a' } })
      expect((await b.get('/api/application-draft')).json()).toEqual({ draft: null, savedAt: null })
    })
  })

  describe('enquiry without an account (POST /api/enquiry)', () => {
    let number: string
    const suffix = HOUSEHOLD.li.members[0].idNumber.slice(-6)
    const kiosk = (n: number) => new TestClient(t.app, `10.44.0.${n}`)

    beforeAll(async () => {
      number = (await submitDemoApplication(await residentOf(t))).number
    })

    it('should show the status of every item and nothing personal', async () => {
      const res = await kiosk(1).post('/api/enquiry', { number, idSuffix: suffix })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({
        number,
        submittedAt: ISO,
        cases: [
          { itemName: '最低生活保障（低保）', departmentName: '民政部门', townName: '安乐镇', status: 'submitted', updatedAt: ISO, dueAt: ISO },
          { itemName: '医疗救助', departmentName: '医保部门', townName: '安乐镇', status: 'waiting', updatedAt: ISO, dueAt: null },
        ],
      })
      expect(res.body).not.toContain('李')
      expect(res.body).not.toContain(suffix)
    })

    it('should accept a lower-case number and spaces', async () => {
      const res = await kiosk(2).post('/api/enquiry', { number: ` ${number.toLowerCase()} `, idSuffix: ` ${suffix} ` })
      expect(res.statusCode).toBe(200)
    })

    it('should give the same 404 for a wrong suffix and an unknown number', async () => {
      const wrong = await kiosk(3).post('/api/enquiry', { number, idSuffix: '000000' })
      const unknown = await kiosk(3).post('/api/enquiry', { number: 'XFM-20200101-000000', idSuffix: suffix })
      expect(wrong.statusCode).toBe(404)
      expect(wrong.json()).toEqual({ code: 'not_found', message: '没有找到您要的内容' })
      expect(unknown.statusCode).toBe(404)
      expect(unknown.body).toBe(wrong.body)
    })

    it('should refuse a suffix that cannot be the end of an ID number', async () => {
      const res = await kiosk(4).post('/api/enquiry', { number, idSuffix: '12a' })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({ code: 'validation_failed', message: '身份证号后 6 位填写有误', field: 'idSuffix' })
    })

    it('should not count look-ups that found the application', async () => {
      const c = kiosk(7)
      for (let i = 0; i < 15; i++)
        expect((await c.post('/api/enquiry', { number, idSuffix: suffix })).statusCode).toBe(200)
    })

    it('should check at most the limit when 20 wrong look-ups come at once', async () => {
      const c = kiosk(8)
      const codes = (await Promise.all(Array.from({ length: 20 }, () => c.post('/api/enquiry', { number, idSuffix: '000000' })))).map(r => r.statusCode)
      expect(codes.filter(s => s === 404)).toHaveLength(10)
      expect(codes.filter(s => s === 429)).toHaveLength(10)
    })

    it('should allow 10 failed tries an hour per address, then 429', async () => {
      const c = kiosk(5)
      for (let i = 0; i < 10; i++)
        expect((await c.post('/api/enquiry', { number, idSuffix: '000000' })).statusCode).toBe(404)
      const limited = await c.post('/api/enquiry', { number, idSuffix: suffix })
      expect(limited.statusCode).toBe(429)
      expect(limited.json().code).toBe('rate_limited')
      expect(limited.json().message).toMatch(/^操作太频繁，请 \d+ 分钟后再试$/)
      // Another address is not affected; the address is stored only as a keyed hash.
      expect((await kiosk(6).post('/api/enquiry', { number, idSuffix: suffix })).statusCode).toBe(200)
      const stored = await t.db.kysely.selectFrom('rate_limits').select('key').where('key', 'like', 'enquiry-address:%').execute()
      expect(stored.length).toBeGreaterThan(0)
      expect(stored.every(r => /^enquiry-address:[0-9a-f]{64}$/.test(r.key))).toBe(true)
    })
  })

  describe('notifications (GET /api/notifications, POST /api/notifications/read)', () => {
    it('should tell every user of the household about the submission and each change, in their language', async () => {
      const head = await residentOf(t, 'chen')
      const other = await residentOf(t, 'chen', 'en')
      const application = await submitDemoApplication(head, 'chen', { items: ['temporary'] })
      await act(await staffClient(t, 'town'), caseOf(application, 'temporary').id, 'accept')

      const zh = (await head.get('/api/notifications')).json()
      expect(zh.items.slice(0, 2)).toEqual([
        { id: UUID, applicationId: application.id, caseId: caseOf(application, 'temporary').id, text: '“临时救助”已受理', at: ISO, read: false },
        { id: UUID, applicationId: application.id, caseId: null, text: `申请 ${application.number} 已提交，共 1 个事项`, at: ISO, read: false },
      ])
      const en = (await other.get('/api/notifications')).json()
      expect(en.items[0].text).toBe('"Temporary assistance" was accepted')
    })

    it('should mark one notification read, then all', async () => {
      const resident = await residentOf(t, 'wang')
      const application = await submitDemoApplication(resident, 'wang', { items: ['temporary'] })
      await act(await staffClient(t, 'town'), application.cases[0].id, 'accept')
      const before = (await resident.get('/api/notifications')).json()
      expect(before.unread).toBeGreaterThanOrEqual(2)
      const one = await resident.post('/api/notifications/read', { ids: [before.items[0].id] })
      expect(one.json()).toEqual({ unread: before.unread - 1 })
      expect((await resident.get('/api/notifications')).json().items[0].read).toBe(true)
      expect((await resident.post('/api/notifications/read', {})).json()).toEqual({ unread: 0 })
    })

    it('should not let one resident mark another\'s notifications', async () => {
      const a = await residentOf(t, 'zhao')
      await submitDemoApplication(a, 'zhao', { items: ['temporary'] })
      const ids = (await a.get('/api/notifications')).json().items.map((n: { id: string }) => n.id)
      const b = await residentOf(t, 'wang')
      await b.post('/api/notifications/read', { ids })
      expect((await a.get('/api/notifications')).json().unread).toBe(ids.length)
    })
  })

  it('should describe every route of issue #4 in the OpenAPI document, with its 4xx answers', async () => {
    const doc = (await new TestClient(t.app).get('/api/docs/json')).json()
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/attachments',
      '/api/attachments/{id}',
      '/api/application-draft',
      '/api/applications',
      '/api/applications/{id}',
      '/api/cases/{id}/withdraw',
      '/api/cases/{id}/answer',
      '/api/enquiry',
      '/api/notifications',
      '/api/notifications/read',
      '/api/staff/cases',
      '/api/staff/cases/{id}',
      '/api/staff/cases/{id}/reveal',
      '/api/staff/cases/{id}/check-report',
      '/api/staff/cases/{id}/actions',
      '/api/staff/audit',
    ]))
    expect(Object.keys(doc.paths['/api/applications'].post.responses)).toEqual(['200', '201', '400', '401', '403', '404', '409', '413'])
    expect(Object.keys(doc.paths['/api/enquiry'].post.responses)).toEqual(['200', '400', '403', '404', '429'])
  })
})
