import type { DbKind } from '../../db'
import type { TestClient } from '../../testing'
import type { TestApp } from '../applications/test-builders'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_DIBAO_MONTHLY_FEN, DEMO_PREMIUM_FEN, demoBenefits, demoHistoryEnd } from '../../../mock/benefit-history'
import { DEMO_PASSWORD } from '../../../mock/demo-data'
import { quarterOf } from '../../../src/domain/quarter'
import { formatMonth, shanghaiToday } from '../../../src/domain/time'
import { insertStaffUser } from '../../db/repos/users'
import { hashPassword } from '../../security'
import { keepEntitlementMonths } from '../../services/happiness-list/entitlement-months'
import { createTestApp, TEST_DIALECTS } from '../../testing'
import { act, caseOf, HOUSEHOLD, residentOf, staffClient, submitDemoApplication, toReviewing } from '../applications/test-builders'
import { FEED_BATCHES_PER_MINUTE } from './feeds'

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT/)
const [liJianguo, zhangLi, liXiaoming] = HOUSEHOLD.li.members
const [wangXiuying] = HOUSEHOLD.wang.members

/** A valid feed record of the 李 household in 2023 (the demo history starts in 2024). */
function record(n: number, over: Record<string, unknown> = {}) {
  return { externalId: `T-${n}`, idNumbers: [liJianguo.idNumber], item: 'medical', kind: 'cash', amountFen: 10_000 + n, period: '2023-02', paidOn: '2023-02-15', status: 'paid', ...over }
}

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
      // The app was seeded this month (server/testing.ts): its history runs to last month.
      const now = new Date()
      const mine = demoBenefits(now).filter(r => r.idNumbers.some(id => own.has(id)))
      const lastYear = Number(demoHistoryEnd(now).slice(0, 4))
      for (let year = 2024; year <= lastYear; year++) {
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
      expect(body.summaries).toEqual([{
        item: 'dibao',
        itemName: '最低生活保障（低保）',
        department: 'mingzheng',
        frequency: 'month',
        paid: [{ from: '2025-01', to: '2025-12', amountFen: 112_000, payments: 12 }],
        paidFen: 1_344_000,
        payments: 12,
        granted: [],
        grantedFen: 0,
        text: '2025年1月 至 2025年12月 每月 1\u2009120 元，共已发放 13\u2009440 元',
      }])
    })

    it('should word 李小明\'s education grant per term and the family\'s dibao over its change of amount', async () => {
      const resident = await residentOf(t, 'li')
      const body = (await resident.get('/api/happiness-list?year=2025')).json()
      const text = (item: string) => body.summaries.find((x: { item: string }) => x.item === item)?.text
      // mock/benefit-history.ts: 625 yuan on 15 March and 15 September; dibao 960 yuan a month from July 2025.
      expect(text('education')).toBe('每学期 625 元，已发放 2 次，共 1\u2009250 元')
      expect(text('dibao')).toBe('2025年7月 至 2025年12月 每月 960 元，共已发放 5\u2009760 元')
      const both = (await resident.get('/api/happiness-list?year=2026')).json()
      expect(both.summaries.find((x: { item: string }) => x.item === 'education').frequency).toBe('term')
    })
  })

  describe('aPI documentation', () => {
    it('should document every happiness-list route with its 4xx answers', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
      for (const [path, method] of [['/api/feeds/records', 'post'], ['/api/staff/imports/commit', 'post'], ['/api/happiness-list', 'get'], ['/api/staff/happiness-list/village/{areaCode}/quarter/{quarter}', 'get']])
        expect(Object.keys(doc.paths[path][method].responses)).toContain('400')
    })
  })

  describe('approvals: granted until the paying department pays', () => {
    const ITEM = 'disability_allowance'
    /** 170 yuan a month: within the 残联 allowance's maximum for one person. */
    const MONTHLY_YUAN = 170
    const FEN = 17_000
    let canlian: TestClient
    let canlianFeed: string
    const today = shanghaiToday()
    const year = today.slice(0, 4)
    const thisMonth = today.slice(0, 7)
    /** The first day of the month `back` months before this one. */
    const monthStart = (back: number) => new Date(Date.UTC(Number(year), Number(today.slice(5, 7)) - 1 - back, 1)).toISOString().slice(0, 10)
    /** The years an approval from monthStart(2) has months in, oldest first: two in January and February. */
    const approvalYears = [...new Set([monthStart(2).slice(0, 4), year])]
    const list = (client: TestClient, y = year) => client.get(`/api/happiness-list?year=${y}&item=${ITEM}`).then(r => r.json())
    const listTotal = (client: TestClient, y: string) => client.get(`/api/happiness-list?year=${y}`).then(r => r.json().totals.amountFen as number)
    const paid = (household: keyof typeof HOUSEHOLD, month: string, n: number) => ({ externalId: `CL-${household}-${month}-${n}`, idNumbers: [HOUSEHOLD[household].members[0].idNumber], item: ITEM, kind: 'subsidy', amountFen: FEN, period: month, paidOn: `${month}-15`, status: 'paid' })

    /** An application for the allowance, approved by 残联 from `start`; nothing reads the list meanwhile. */
    async function approve(resident: TestClient, household: keyof typeof HOUSEHOLD, start: string) {
      const application = await submitDemoApplication(resident, household, { items: [ITEM] })
      const c = caseOf(application, ITEM)
      await toReviewing(canlian, c.id)
      const res = await act(canlian, c.id, 'approve', { monthlyAmount: MONTHLY_YUAN, startDate: start })
      expect(res.statusCode).toBe(200)
    }

    beforeAll(async () => {
      // The demo has no 残联 staff: a county one approves, the federation's system feeds.
      await insertStaffUser(t.db.kysely, { username: 'county_canlian', role: 'county_staff', display_name: '幸福县残联 何平', area_code: '339901', department: 'canlian', organisation: '幸福县残疾人联合会', password_hash: await hashPassword(DEMO_PASSWORD) })
      canlian = await staffClient(t, 'county_canlian')
      canlianFeed = (await county.post('/api/staff/feed-credentials', { department: 'canlian', name: '残联信息系统' })).json().token
    })

    it('should list an approval\'s months as granted (已核定), never paid, and count none of them', async () => {
      const resident = await residentOf(t, 'zhao')
      const before = await Promise.all(approvalYears.map(y => listTotal(resident, y)))
      await approve(resident, 'zhao', monthStart(2))
      const body = await list(resident)
      const months = body.records.map((r: { period: string }) => r.period).sort()
      expect(months.at(-1)).toBe(thisMonth)
      expect(body.records.length).toBe(months.length)
      for (const r of body.records)
        expect(r).toMatchObject({ item: ITEM, department: 'canlian', amountFen: FEN, status: 'granted', source: 'approval' })
      expect(body.totals).toMatchObject({ amountFen: 0, records: 0 })
      expect(await Promise.all(approvalYears.map(y => listTotal(resident, y)))).toEqual(before)
      expect(body.summaries).toMatchObject([{ item: ITEM, paid: [], paidFen: 0, granted: [{ to: thisMonth, amountFen: FEN }], text: `已核定每月 170 元，自 ${formatMonth(body.summaries[0].granted[0].from, 'zh-CN')} 起，待发放` }])
      // Read again: generated once, never twice.
      expect((await list(resident)).records).toHaveLength(body.records.length)
      // Not a report of 残联: the completeness counts what departments delivered.
      expect(body.completeness.departments.map((d: { department: string }) => d.department)).not.toContain('canlian')
    })

    it('should turn a granted month paid when the feed reports it, one line a month, whether the feed comes before or after the months exist', async () => {
      const [first, second, third] = [monthStart(2), monthStart(1), monthStart(0)].map(d => d.slice(0, 7))
      const resident = await residentOf(t, 'wang')
      const totalBefore = await listTotal(resident, year)
      await approve(resident, 'wang', monthStart(2))
      // The feed reports a month the approval has already written as granted: the department's record wins when read.
      expect((await feed({ records: [paid('wang', first, 1)] }, canlianFeed)).json()).toEqual({ inserted: 1, updated: 0, unchanged: 0 })
      const monthsOf = (body: { records: { period: string, status: string, source: string }[] }) => Object.fromEntries(body.records.map(r => [r.period, `${r.status}/${r.source}`]))
      const one = await list(resident, first.slice(0, 4))
      expect(monthsOf(one)[first]).toBe('paid/feed')
      if (first.slice(0, 4) === year) {
        expect(monthsOf(one)).toEqual({ [first]: 'paid/feed', [second]: 'granted/approval', [third]: 'granted/approval' })
        expect(await listTotal(resident, year)).toBe(totalBefore + FEN)
      }
      // The feed after the months exist: the granted month is replaced, not added to.
      await feed({ records: [paid('wang', second, 2)] }, canlianFeed)
      const all = [first, second, third]
      const shown = (await Promise.all([...new Set(all.map(m => m.slice(0, 4)))].map(y => list(resident, y)))).flatMap(b => b.records)
      expect(shown.map((r: { period: string }) => r.period).sort()).toEqual(all)
      expect(Object.fromEntries(shown.map((r: { period: string, status: string }) => [r.period, r.status]))).toEqual({ [first]: 'paid', [second]: 'paid', [third]: 'granted' })
      const now = await list(resident)
      expect(now.totals.amountFen).toBe(now.records.filter((r: { status: string }) => r.status === 'paid').length * FEN)
      expect(now.summaries[0].granted).toEqual([{ from: third, to: third, amountFen: FEN, payments: 1 }])
      expect(now.summaries[0].text).toContain(`已核定每月 170 元，自 ${formatMonth(third, 'zh-CN')} 起，待发放`)
      // The household's paper says the same: the quarter of this month.
      const quarter = (await resident.get(`/api/happiness-list/quarters/${quarterOf(today)}`)).json()
      const onPaper = quarter.records.filter((r: { item: string }) => r.item === ITEM)
      expect(new Set(onPaper.map((r: { period: string }) => r.period)).size).toBe(onPaper.length)
      expect(onPaper.find((r: { period: string }) => r.period === third).status).toBe('granted')
      // Resent, nothing changes: still one line a month.
      await feed({ records: [paid('wang', first, 1), paid('wang', second, 2)] }, canlianFeed)
      expect((await list(resident)).records).toHaveLength(now.records.length)
    })

    it('should take a CSV import\'s payment of a granted month as the department\'s word too', async () => {
      const resident = await residentOf(t, 'zhao')
      // The approval's first month: last year's in January and February, so that this year keeps a
      // granted month for the next test (in January this year has only one).
      const before = await list(resident, approvalYears[0])
      const month = before.records.filter((r: { status: string }) => r.status === 'granted').map((r: { period: string }) => r.period).sort()[0]
      const csv = ['department,external_id,id_numbers,item,kind,amount_yuan,quantity,unit,period,paid_on,status,reference', `canlian,CL-IMP-${month},${HOUSEHOLD.zhao.members[0].idNumber},${ITEM},subsidy,170,,,${month},${month}-20,paid,`].join('\n')
      expect((await county.post('/api/staff/imports/commit', { csv })).json()).toEqual({ inserted: 1, updated: 0, unchanged: 0 })
      const after = await list(resident, approvalYears[0])
      expect(after.records).toHaveLength(before.records.length)
      expect(after.records.find((r: { period: string }) => r.period === month)).toMatchObject({ status: 'paid', source: 'import', amountFen: FEN })
      expect(after.totals.amountFen).toBe(before.totals.amountFen + FEN)
    })

    it('should let a payment dated in another year, for a period begun the year before, settle a granted month of this year', async () => {
      const resident = await residentOf(t, 'zhao')
      const before = await list(resident)
      const [month, ...later] = before.records.filter((r: { status: string }) => r.status === 'granted').map((r: { period: string }) => r.period).sort()
      const nextYear = String(Number(year) + 1)
      const period = `${Number(year) - 1}-12-01/${month}-28`
      expect((await feed({ records: [{ ...paid('zhao', month, 9), period, paidOn: `${nextYear}-01-10` }] }, canlianFeed)).json()).toEqual({ inserted: 1, updated: 0, unchanged: 0 })
      const after = await list(resident)
      expect(after.records.filter((r: { status: string }) => r.status === 'granted').map((r: { period: string }) => r.period).sort()).toEqual(later)
      expect(after.records).toHaveLength(before.records.length - 1)
      expect((await list(resident, nextYear)).records).toMatchObject([{ period, status: 'paid', source: 'feed', paidOn: `${nextYear}-01-10` }])
    })

    it('should write nothing when a list is read; the month keeper writes the months that began since', async () => {
      // 王's approval: this month is granted, not yet paid (see above).
      const resident = await residentOf(t, 'wang')
      const shown = (await list(resident)).records[0]
      const { household_id } = await t.db.kysely.selectFrom('benefit_records').select('household_id').where('id', '=', shown.id).executeTakeFirstOrThrow()
      const entitlement = await t.db.kysely.selectFrom('entitlements').selectAll().where('household_id', '=', household_id).where('item', '=', ITEM).executeTakeFirstOrThrow()
      // As if this month began while the server was down: its granted record is not written yet.
      await t.db.kysely.deleteFrom('benefit_records').where('external_id', '=', `ent:${entitlement.id}:${thisMonth}`).execute()
      await t.db.kysely.updateTable('entitlements').set({ granted_through: monthStart(1).slice(0, 7) }).where('id', '=', entitlement.id).execute()
      const rows = () => t.db.kysely.selectFrom('benefit_records').select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow().then(r => Number(r.n))
      const before = await rows()
      const periods = async () => (await list(resident)).records.map((r: { period: string }) => r.period)
      expect(await periods()).not.toContain(thisMonth)
      await resident.get(`/api/happiness-list/quarters/${quarterOf(today)}`)
      await county.get(`/api/staff/happiness-list/completeness?quarter=${quarterOf(today)}`)
      expect(await rows()).toBe(before)

      const keeper = keepEntitlementMonths(t.db.kysely, (error) => {
        throw error
      })
      await keeper.caughtUp
      keeper.stop()
      expect(await periods()).toContain(thisMonth)
      expect(await rows()).toBe(before + 1)
      expect((await t.db.kysely.selectFrom('entitlements').select('granted_through').where('id', '=', entitlement.id).executeTakeFirstOrThrow()).granted_through).toBe(thisMonth)
    })

    it('should read an approval month an older version stored as paid as granted, and not count it', async () => {
      // 王's approval: this month is granted, not yet paid (see above; 赵's may all be paid by now, in January).
      const resident = await residentOf(t, 'wang')
      const before = await list(resident)
      const month = before.records.find((r: { source: string }) => r.source === 'approval')
      await t.db.kysely.updateTable('benefit_records').set({ status: 'paid' }).where('id', '=', month.id).execute()
      const after = await list(resident)
      expect(after.records.find((r: { id: string }) => r.id === month.id).status).toBe('granted')
      expect(after.totals).toEqual(before.totals)
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
