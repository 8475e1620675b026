import type { DbKind } from '../../db'
import type { TestClient } from '../../testing'
import type { TestApp } from '../applications/test-builders'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_BENEFITS, DEMO_DIBAO_MONTHLY_FEN, DEMO_PREMIUM_FEN } from '../../../mock/benefit-history'
import { checkRecordInput } from '../../../src/domain/happiness-list/record'
import { createTestApp, TEST_DIALECTS } from '../../testing'
import { act, caseOf, HOUSEHOLD, residentOf, staffClient, submitDemoApplication, toReviewing } from '../applications/test-builders'
import { FEED_BATCHES_PER_MINUTE } from './feeds'
import { chinaToday } from './list'

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT/)
const [liJianguo, zhangLi, liXiaoming] = HOUSEHOLD.li.members
const [wangXiuying] = HOUSEHOLD.wang.members

/** A valid feed record of the 李 household in 2023 (the demo history starts in 2024). */
function record(n: number, over: Record<string, unknown> = {}) {
  return { externalId: `T-${n}`, idNumbers: [liJianguo.idNumber], item: 'medical', kind: 'cash', amountFen: 10_000 + n, period: '2023-02', paidOn: '2023-02-15', status: 'paid', ...over }
}

describe('demo benefit history', () => {
  it('should consist of valid records with distinct ids', () => {
    expect(DEMO_BENEFITS.filter(r => !checkRecordInput(r).ok)).toEqual([])
    expect(new Set(DEMO_BENEFITS.map(r => `${r.department}:${r.externalId}`)).size).toBe(DEMO_BENEFITS.length)
  })
})

describe.each(TEST_DIALECTS)('happiness list API on %s', (kind: DbKind) => {
  let t: TestApp
  let county: TestClient
  let town: TestClient
  let town2: TestClient
  let token: string
  let credentialId: string

  const feed = (body: unknown, bearer = token) => t.app.inject({ method: 'POST', url: '/api/feeds/records', payload: body as object, headers: { authorization: `Bearer ${bearer}` } })
  const countRecords = async () => Number((await t.db.kysely.selectFrom('benefit_records').select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

  beforeAll(async () => {
    t = await createTestApp(kind)
    ;[county, town, town2] = await Promise.all(['county', 'town', 'town2'].map(u => staffClient(t, u)))
    const created = await county.post('/api/staff/feed-credentials', { department: 'yibao', name: '县医保信息系统' })
    token = created.json().token
    credentialId = created.json().id
  })
  afterAll(async () => {
    await t.close()
  })

  describe('feed credentials', () => {
    it('should show the token once, at creation', async () => {
      const res = await county.post('/api/staff/feed-credentials', { department: 'cishan', name: '县慈善总会' })
      expect(res.statusCode).toBe(201)
      expect(res.json()).toEqual({ id: expect.any(String), department: 'cishan', name: '县慈善总会', createdAt: ISO, revokedAt: null, token: expect.stringMatching(/^xfm_feed_[\w-]{43}$/) })
      const list = await county.get('/api/staff/feed-credentials')
      expect(list.statusCode).toBe(200)
      expect(list.json().credentials).toContainEqual({ id: res.json().id, department: 'cishan', name: '县慈善总会', createdAt: ISO, revokedAt: null })
      expect(list.body).not.toContain(res.json().token)
    })

    it('should refuse town staff with 403', async () => {
      const res = await town.post('/api/staff/feed-credentials', { department: 'yibao', name: 'x' })
      expect(res.statusCode).toBe(403)
      expect(res.json()).toEqual({ code: 'forbidden', message: '您没有权限进行此操作' })
    })
  })

  describe('feed', () => {
    it('should treat a call without a Bearer credential as a browser call (CSRF 403)', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/feeds/records', payload: { records: [record(0)] } })
      expect(res.statusCode).toBe(403)
      expect(res.json()).toEqual({ code: 'csrf_failed', message: '页面已过期，请刷新后重试' })
    })

    it('should return 401 for an unknown token', async () => {
      const wrong = await feed({ records: [record(0)] }, 'xfm_feed_wrong')
      expect(wrong.statusCode).toBe(401)
      expect(wrong.json()).toEqual({ code: 'invalid_feed_credential', message: '接口凭证无效或已停用' })
    })

    it('should not exempt a call with a session cookie from CSRF', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/feeds/records', payload: { records: [record(0)] }, headers: { authorization: `Bearer ${token}`, cookie: `sid=${county.cookies.get('sid')}` } })
      expect(res.statusCode).toBe(403)
      expect(res.json().code).toBe('csrf_failed')
    })

    it('should store a batch and never duplicate it when resent', async () => {
      const before = await countRecords()
      const body = { records: [record(1), record(2)] }
      expect((await feed(body)).json()).toEqual({ inserted: 2, updated: 0, unchanged: 0 })
      const again = await feed(body)
      expect(again.statusCode).toBe(200)
      expect(again.json()).toEqual({ inserted: 0, updated: 0, unchanged: 2 })
      expect((await feed({ records: [record(1), record(2, { status: 'recovered' })] })).json()).toEqual({ inserted: 0, updated: 1, unchanged: 1 })
      expect(await countRecords()).toBe(before + 2)
    })

    it('should reject a batch of 1,001 records with 400', async () => {
      const res = await feed({ records: Array.from({ length: 1001 }, (_, i) => record(100 + i)) })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({ code: 'validation_failed', message: '记录填写有误', field: 'records' })
    })

    it('should store nothing and list every faulty record when one record is bad', async () => {
      const before = await countRecords()
      const res = await feed({ records: [record(10), record(11, { amountFen: 12.5 }), record(12, { idNumbers: ['110101199003070011'] }), record(13, { item: 'lottery' }), record(14, { idNumbers: ['110101199003070012'] })] })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({
        code: 'feed_rejected',
        message: '推送的记录有误，本批次未保存：共 4 处错误',
        errors: [
          { index: 1, field: 'amountFen', code: 'invalid_amount', message: '金额应为不小于 0 的金额（以分为单位的整数，或最多两位小数的元）' },
          { index: 2, field: 'idNumbers.0', code: 'unknown_member', message: '成员身份证号不是本地登记的家庭成员' },
          { index: 3, field: 'item', code: 'unknown_item', message: '事项不是已知的救助事项' },
          { index: 4, field: 'idNumbers.0', code: 'invalid_id_number', message: '成员身份证号不正确，请核对 18 位身份证号' },
        ],
      })
      expect(await countRecords()).toBe(before)
    })

    it('should audit every call with counts and no personal data', async () => {
      const rows = await t.db.kysely.selectFrom('audit_log').selectAll().where('subject_id', '=', credentialId).orderBy('at').execute()
      expect(rows.map(r => r.action)).toContain('feed_records')
      expect(rows.find(r => r.action === 'feed_rejected')).toMatchObject({ actor_id: null, actor_role: 'feed', detail: 'department=yibao; count=5; errors=4' })
      for (const r of rows) {
        expect(r.detail).not.toMatch(/\d{17}[\dX]/)
        expect(r.detail).not.toContain(liJianguo.name)
      }
    })

    it('should refuse a revoked credential with 401', async () => {
      const created = (await county.post('/api/staff/feed-credentials', { department: 'jiaoyu', name: '学籍系统' })).json()
      const ok = await feed({ records: [record(20, { item: 'education', kind: 'subsidy' })] }, created.token)
      expect(ok.statusCode).toBe(200)
      const revoked = await county.post(`/api/staff/feed-credentials/${created.id}/revoke`, {})
      expect(revoked.json()).toEqual({ id: created.id, department: 'jiaoyu', name: '学籍系统', createdAt: created.createdAt, revokedAt: ISO })
      const res = await feed({ records: [record(21)] }, created.token)
      expect(res.statusCode).toBe(401)
      expect(res.json()).toEqual({ code: 'invalid_feed_credential', message: '接口凭证无效或已停用' })
    })
  })

  describe('feed rate limit', () => {
    /** Out of the year the totals add up. */
    const LIMIT_YEAR = { period: '2022-06', paidOn: '2022-06-15' }
    it('should answer 429 with the wait when one credential pushes too many batches in a minute, and not limit another credential', async () => {
      const busy = (await county.post('/api/staff/feed-credentials', { department: 'yibao', name: '循环推送的系统' })).json()
      // Refused batches count too: the limit guards the work of reading them.
      const bad = { records: [record(30, { amountFen: -1 })] }
      for (let i = 0; i < FEED_BATCHES_PER_MINUTE; i++)
        expect((await feed(bad, busy.token)).statusCode).toBe(400)
      const refused = await feed({ records: [record(31, LIMIT_YEAR)] }, busy.token)
      expect(refused.statusCode).toBe(429)
      expect(refused.json()).toEqual({ code: 'rate_limited', message: expect.stringMatching(/^操作太频繁，请 \d+ 秒后再试$/) })
      const other = (await county.post('/api/staff/feed-credentials', { department: 'yibao', name: '另一个系统' })).json()
      expect((await feed({ records: [record(32, LIMIT_YEAR)] }, other.token)).statusCode).toBe(200)
    })
  })

  describe('totals', () => {
    it('should add up a year exactly to the fen, per quarter, item and department', async () => {
      const cred = (await county.post('/api/staff/feed-credentials', { department: 'canlian', name: '残联系统' })).json()
      const r = (n: number, over: Record<string, unknown>) => ({ externalId: `TOT-${n}`, idNumbers: [zhangLi.idNumber], item: 'disability_allowance', kind: 'subsidy', period: '2023-01', status: 'paid', ...over })
      expect((await feed({ records: [
        r(1, { amountFen: 17_001, paidOn: '2023-01-15' }),
        r(2, { amountFen: 17_002, paidOn: '2023-03-31' }),
        r(3, { amountFen: 33_333, paidOn: '2023-04-01', item: 'child_rehab', kind: 'service', quantity: 4, unit: '次', idNumbers: [liXiaoming.idNumber] }),
        r(4, { amountFen: 99_999, paidOn: '2023-12-31', status: 'recovered' }),
        r(5, { amountFen: 50_000, paidOn: '2023-11-30', status: 'granted' }),
        r(6, { amountFen: 1, paidOn: '2022-12-31' }),
      ] }, cred.token)).statusCode).toBe(200)
      const resident = await residentOf(t, 'li')
      const res = await resident.get('/api/happiness-list?year=2023')
      expect(res.statusCode).toBe(200)
      const body = res.json()
      // Hand-computed: earlier tests fed 10 001 (T-1, medical) and 10 002 (T-2, recovered since)
      // in February, and 10 020 (T-20, education); paid in 2023:
      // 17 001 + 17 002 + 33 333 + 10 001 + 10 020 = 87 357 fen.
      expect(body.totals).toEqual({
        amountFen: 87_357,
        records: 5,
        byQuarter: [{ key: '2023-Q1', name: '2023-Q1', amountFen: 54_024, records: 4 }, { key: '2023-Q2', name: '2023-Q2', amountFen: 33_333, records: 1 }],
        byItem: [
          { key: 'disability_allowance', name: '困难残疾人生活补贴和重度残疾人护理补贴', amountFen: 34_003, records: 2 },
          { key: 'child_rehab', name: '残疾儿童康复救助', amountFen: 33_333, records: 1 },
          { key: 'education', name: '教育救助', amountFen: 10_020, records: 1 },
          { key: 'medical', name: '医疗救助', amountFen: 10_001, records: 1 },
        ],
        byDepartment: [
          { key: 'canlian', name: '残联', amountFen: 67_336, records: 3 },
          { key: 'jiaoyu', name: '教育', amountFen: 10_020, records: 1 },
          { key: 'yibao', name: '医保', amountFen: 10_001, records: 1 },
        ],
      })
      expect(body.records).toHaveLength(8)
      expect(body.records.find((x: { amountFen: number }) => x.amountFen === 33_333)).toEqual({
        id: expect.any(String),
        item: 'child_rehab',
        itemName: '残疾儿童康复救助',
        department: 'canlian',
        departmentName: '残联',
        kind: 'service',
        amountFen: 33_333,
        quantity: 4,
        unit: '次',
        period: '2023-01',
        paidOn: '2023-04-01',
        status: 'paid',
        source: 'feed',
        reference: null,
        members: [liXiaoming.name],
      })
      const filtered = (await resident.get(`/api/happiness-list?year=2023&item=medical&member=${body.members.find((m: { name: string }) => m.name === liJianguo.name).id}`)).json()
      expect(filtered.totals.amountFen).toBe(10_001)
    })

    it('should total the demo history of 王秀英 for 2025 as computed by hand', async () => {
      const resident = await residentOf(t, 'wang')
      const body = (await resident.get('/api/happiness-list?year=2025')).json()
      const dibao = DEMO_DIBAO_MONTHLY_FEN[2025]
      expect([dibao, DEMO_PREMIUM_FEN[2025]]).toEqual([112_000, 40_000])
      // 12 × 1 120 yuan dibao + 400 yuan premium = 13 840 yuan; rice, oil and care hours have no amount.
      expect(body.totals).toMatchObject({
        amountFen: 1_384_000,
        records: 29,
        byQuarter: [
          { key: '2025-Q1', amountFen: 376_000, records: 3 + 1 + 2 + 3 },
          { key: '2025-Q2', amountFen: 336_000, records: 6 },
          { key: '2025-Q3', amountFen: 336_000, records: 3 + 2 + 3 },
          { key: '2025-Q4', amountFen: 336_000, records: 6 },
        ],
        byItem: [
          { key: 'dibao', amountFen: 1_344_000, records: 12 },
          { key: 'medical', amountFen: 40_000, records: 1 },
          { key: 'charity', amountFen: 0, records: 4 },
          { key: 'home_care', amountFen: 0, records: 12 },
        ],
        byDepartment: [
          { key: 'mingzheng', amountFen: 1_344_000, records: 24 },
          { key: 'yibao', amountFen: 40_000, records: 1 },
          { key: 'cishan', amountFen: 0, records: 4 },
        ],
      })
    })
  })

  describe('demo households', () => {
    it.each(Object.keys(HOUSEHOLD) as (keyof typeof HOUSEHOLD)[])('should list for %s every demo record, to the fen, year by year', async (key) => {
      const resident = await residentOf(t, key)
      const own = new Set(HOUSEHOLD[key].members.map(m => m.idNumber))
      const mine = DEMO_BENEFITS.filter(r => r.idNumbers.some(id => own.has(id)))
      for (const year of [2024, 2025, 2026]) {
        const body = (await resident.get(`/api/happiness-list?year=${year}`)).json()
        const expected = mine.filter(r => r.paidOn.startsWith(`${year}-`))
        const demo = body.records.filter((r: { paidOn: string }) => r.paidOn >= '2024')
        expect(demo).toHaveLength(expected.length)
        expect(demo.reduce((sum: number, r: { amountFen: number | null }) => sum + (r.amountFen ?? 0), 0)).toBe(expected.reduce((sum, r) => sum + (r.amountFen ?? 0), 0))
      }
    })

    it('should word the monthly dibao of 王秀英 in 2025', async () => {
      const resident = await residentOf(t, 'wang')
      const body = (await resident.get('/api/happiness-list?year=2025')).json()
      expect(body.monthly).toEqual([{ item: 'dibao', itemName: '最低生活保障（低保）', department: 'mingzheng', monthlyFen: 112_000, from: '2025-01', to: '2025-12', paidFen: 1_344_000, text: '每月 1\u2009120 元，2025 年 1 月至 12 月已发放 13\u2009440 元' }])
    })
  })

  describe('aPI documentation', () => {
    it('should document every happiness-list route with its 4xx answers', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
      for (const [path, method] of [['/api/feeds/records', 'post'], ['/api/staff/imports/commit', 'post'], ['/api/happiness-list', 'get'], ['/api/staff/happiness-list/village/{areaCode}/quarter/{quarter}', 'get']])
        expect(Object.keys(doc.paths[path][method].responses)).toContain('400')
    })
  })

  describe('approvals', () => {
    it('should list a monthly payment for every month since the approved start', async () => {
      const resident = await residentOf(t, 'zhao')
      const application = await submitDemoApplication(resident, 'zhao', { items: ['temporary'] })
      const c = caseOf(application, 'temporary')
      await toReviewing(town2, c.id)
      const today = chinaToday()
      const start = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 3, 5)).toISOString().slice(0, 10)
      expect((await act(town2, c.id, 'approve', { monthlyAmount: 886.5, startDate: start })).statusCode).toBe(200)
      const list = async () => (await resident.get(`/api/happiness-list?year=${today.slice(0, 4)}&item=temporary`)).json()
      const expected = Number(start.slice(0, 4)) === Number(today.slice(0, 4)) ? 3 : Number(today.slice(5, 7))
      const first = await list()
      expect(first.records).toHaveLength(expected)
      expect(first.records.every((r: { source: string, amountFen: number, status: string }) => r.source === 'approval' && r.amountFen === 88_650 && r.status === 'paid')).toBe(true)
      expect(first.totals.amountFen).toBe(expected * 88_650)
      // Read again: generated once, never twice.
      expect((await list()).records).toHaveLength(expected)
    })
  })

  describe('who sees what', () => {
    it('should show a resident their own household only, with names and no ID numbers', async () => {
      const resident = await residentOf(t, 'wang')
      const res = await resident.get('/api/happiness-list?year=2026')
      expect(res.json().members).toEqual([{ id: expect.any(String), name: wangXiuying.name, relation: 'self' }])
      expect(res.body).not.toContain(wangXiuying.idNumber)
      expect(res.body).not.toContain(liJianguo.name)
      const quarter = (await resident.get('/api/happiness-list/quarters/2026-Q1')).json()
      expect(quarter).toMatchObject({ quarter: '2026-Q1', household: { areaName: '和美村', address: HOUSEHOLD.wang.address, headName: wangXiuying.name }, members: [{ name: wangXiuying.name, relation: 'self' }] })
      // 3 × 1 183 yuan + 400 yuan premium.
      expect(quarter.totals.amountFen).toBe(3 * 118_300 + 40_000)
      expect(quarter.departmentsReported.map((d: { department: string }) => d.department)).toEqual(['mingzheng', 'yibao', 'cishan'])
      // The paper carries the same code as the code screen (Ed25519 signatures are deterministic).
      expect(quarter.codeUrl).toBe((await resident.get('/api/household-code')).json().url)
    })

    it.each(['volunteer', 'shegong'])('should refuse %s every amount with 403', async (username) => {
      const field = await staffClient(t, username)
      for (const url of ['/api/happiness-list', '/api/happiness-list/quarters/2026-Q1', '/api/staff/happiness-list/completeness?quarter=2026-Q1', '/api/staff/happiness-list/village/339901001001/quarter/2026-Q1', '/api/staff/feed-credentials']) {
        const res = await field.get(url)
        expect(res.statusCode).toBe(403)
        expect(res.json()).toEqual({ code: 'forbidden', message: '您没有权限进行此操作' })
      }
    })

    it('should give town staff the villages of their town only', async () => {
      const res = await town.get('/api/staff/happiness-list/completeness?quarter=2026-Q1')
      expect(res.statusCode).toBe(200)
      const villages = res.json().villages
      expect(villages.map((v: { code: string }) => v.code)).toEqual(['339901001001', '339901001002'])
      const heMei = villages[0]
      expect(heMei.households).toBe(2)
      expect(heMei.byDepartment.find((d: { department: string }) => d.department === 'mingzheng')).toEqual({ department: 'mingzheng', name: '民政', households: 2 })
      expect(heMei.byDepartment.find((d: { department: string }) => d.department === 'cishan').households).toBe(1)
      const other = await town2.get('/api/staff/happiness-list/village/339901001001/quarter/2026-Q1')
      expect(other.statusCode).toBe(404)
    })

    it('should print a village\'s lists in one go and audit it without personal data', async () => {
      const res = await town.get('/api/staff/happiness-list/village/339901001002/quarter/2026-Q1')
      expect(res.statusCode).toBe(200)
      expect(res.json().village).toEqual({ code: '339901001002', name: '桃源村' })
      expect(res.json().lists.map((l: { household: { headName: string } }) => l.household.headName)).toEqual(['陈桂兰', '刘芳'])
      expect(res.body).not.toMatch(/\d{17}[\dX]/)
      // Every household's paper carries its own valid code.
      const tokens = res.json().lists.map((l: { codeUrl: string }) => l.codeUrl.split('/h/')[1])
      expect(new Set(tokens).size).toBe(2)
      for (const token of tokens)
        expect((await town.post('/api/household-code/verify', { token })).statusCode).toBe(200)
      const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'happiness_list_print').execute()
      expect(audit).toEqual([expect.objectContaining({ actor_role: 'town_staff', subject_type: 'area', subject_id: '339901001002', detail: 'quarter=2026-Q1; households=2' })])
    })
  })

  describe('cSV import', () => {
    const header = 'department,external_id,id_numbers,item,kind,amount_yuan,quantity,unit,period,paid_on,status,reference'
    const good = [
      header,
      `zhujian,ZJ-1,${liJianguo.idNumber};${zhangLi.idNumber},housing,subsidy,1200.50,,,2023-01-01/2023-06-30,2023-07-05,paid,"租赁补贴, 上半年"`,
      `cishan,CS-1,${wangXiuying.idNumber},charity,in_kind,,10,公斤,2023-01,2023-01-18,paid,大米`,
    ].join('\n')

    it('should list every bad row in the preview', async () => {
      const bad = [header, `zhujian,ZJ-9,110101199003070012,housing,subsidy,12.345,,,2023-01,2023-01-05,paid,`, `zhujian,ZJ-10,110101199003070011,lottery,subsidy,1,,,2023-01,2023-01-05,paid,`].join('\n')
      const res = await county.post('/api/staff/imports/preview', { filename: 'zj.csv', csv: bad })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({
        rows: 2,
        fileHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        errors: [
          { row: 2, field: 'amount_yuan', code: 'invalid_amount', message: '金额应为不小于 0 的金额（以分为单位的整数，或最多两位小数的元）' },
          { row: 2, field: 'id_numbers', code: 'invalid_id_number', message: '成员身份证号不正确，请核对 18 位身份证号' },
          { row: 3, field: 'item', code: 'unknown_item', message: '事项不是已知的救助事项' },
        ],
      })
    })

    it('should report an unknown household in the preview and refuse to commit', async () => {
      const csv = [header, `zhujian,ZJ-11,110101199003070011,housing,subsidy,1,,,2023-01,2023-01-05,paid,`].join('\n')
      expect((await county.post('/api/staff/imports/preview', { csv })).json().errors).toEqual([{ row: 2, field: 'id_numbers', code: 'unknown_member', message: '成员身份证号不是本地登记的家庭成员' }])
      const res = await county.post('/api/staff/imports/commit', { csv })
      expect(res.statusCode).toBe(400)
      expect(res.json().code).toBe('import_rejected')
    })

    it('should commit a file once and change nothing when it is imported again', async () => {
      expect((await county.post('/api/staff/imports/preview', { csv: good })).json().errors).toEqual([])
      const first = await county.post('/api/staff/imports/commit', { filename: 'q.csv', csv: good })
      expect(first.statusCode).toBe(200)
      expect(first.json()).toEqual({ inserted: 2, updated: 0, unchanged: 0 })
      expect((await county.post('/api/staff/imports/commit', { csv: good })).json()).toEqual({ inserted: 0, updated: 0, unchanged: 2 })
      const row = await t.db.kysely.selectFrom('benefit_records').selectAll().where('department', '=', 'zhujian').where('external_id', '=', 'ZJ-1').executeTakeFirstOrThrow()
      expect(row).toMatchObject({ amount_fen: 120_050, source: 'import', reference: '租赁补贴, 上半年', period: '2023-01-01/2023-06-30' })
    })

    it('should refuse town staff with 403', async () => {
      expect((await town.post('/api/staff/imports/preview', { csv: good })).statusCode).toBe(403)
    })
  })
})
