import type { DbKind } from '../../db'
import type { TestClient } from '../../testing'
import type { TestApp } from '../applications/test-builders'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { demoHistoryEnd } from '../../../mock/benefit-history'
import { DEMO_PASSWORD } from '../../../mock/demo-data'
import { happinessListResponse } from '../../../src/domain/happiness-list/api'
import { shanghaiToday } from '../../../src/domain/time'
import { happinessListStampOf, householdsOfIdNumbers } from '../../db/repos/benefits'
import { insertStaffUser } from '../../db/repos/users'
import { hashPassword } from '../../security'
import { keepEntitlementMonths } from '../../services/happiness-list/entitlement-months'
import { computeResidentList } from '../../services/happiness-list/resident-list'
import { createTestApp, TEST_DIALECTS } from '../../testing'
import { act, caseOf, HOUSEHOLD, residentOf, staffClient, submitDemoApplication, toReviewing } from '../applications/test-builders'

// Issue #18: a resident's list is kept, as sent, under the household's stamp (migration 021).
// Each test here reads a list (so it is kept), changes what it is made of the way the app or a
// person does, and reads again: the answer must be what the database holds now, i.e. equal to
// the list computed afresh, and show the change itself.

type HouseholdKey = keyof typeof HOUSEHOLD

describe.each(TEST_DIALECTS)('a kept happiness list after every kind of write on %s', (kind: DbKind) => {
  let t: TestApp
  let county: TestClient
  let canlian: TestClient
  let yibaoToken: string
  let canlianToken: string
  const ITEM = 'disability_allowance'
  const FEN = 17_000

  const householdOf = async (key: HouseholdKey) => (await householdsOfIdNumbers(t.db.kysely, [HOUSEHOLD[key].members[0].idNumber])).get(HOUSEHOLD[key].members[0].idNumber)!
  const feed = (records: object[], token: string) => t.app.inject({ method: 'POST', url: '/api/feeds/records', payload: { records }, headers: { authorization: `Bearer ${token}` } })
  const cookieOf = (client: TestClient) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const read = (client: TestClient, query = '', headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: `/api/happiness-list${query}`, headers: { 'cookie': cookieOf(client), 'accept-language': client.lang, ...headers } })
  const list = async (client: TestClient, query = '') => {
    const res = await read(client, query)
    expect(res.statusCode).toBe(200)
    return res.json()
  }

  /** The list as the database holds it now, computed without anything kept, as the route would send it. */
  async function fresh(key: HouseholdKey, params: { year?: number, item?: typeof ITEM, member?: string } = {}, lang: 'zh-CN' | 'en' = 'zh-CN') {
    const today = shanghaiToday()
    const computed = await computeResidentList(t.db.kysely, await householdOf(key), { year: Number(today.slice(0, 4)), ...params }, lang, today)
    return JSON.parse(JSON.stringify(happinessListResponse.parse({ ...computed, updatedAt: 'now' })))
  }
  const withoutTime = ({ updatedAt: _, ...rest }: { updatedAt: string }) => rest

  /** Reads the household's list, then checks it again after `write`: as fresh, and different. */
  async function afterWrite(key: HouseholdKey, write: () => Promise<unknown>, query = '', params = {}) {
    const resident = await residentOf(t, key)
    const before = await list(resident, query)
    expect(withoutTime(await list(resident, query))).toEqual(withoutTime(before))
    await write()
    const after = await list(resident, query)
    expect(withoutTime(after)).toEqual(withoutTime(await fresh(key, params)))
    expect(withoutTime(after)).not.toEqual(withoutTime(before))
    return { before, after }
  }

  const paid = (key: HouseholdKey, month: string, n: number, over: object = {}) => ({ externalId: `KEPT-${key}-${month}-${n}`, idNumbers: [HOUSEHOLD[key].members[0].idNumber], item: ITEM, kind: 'subsidy', amountFen: FEN, period: month, paidOn: `${month}-15`, status: 'paid', ...over })
  const medical = (key: HouseholdKey, n: number) => ({ externalId: `KEPT-MED-${key}-${n}`, idNumbers: [HOUSEHOLD[key].members[0].idNumber], item: 'medical', kind: 'cash', amountFen: 12_345 + n, period: shanghaiToday().slice(0, 7), paidOn: shanghaiToday(), status: 'paid' })

  async function approve(key: HouseholdKey, start: string) {
    const resident = await residentOf(t, key)
    const c = caseOf(await submitDemoApplication(resident, key, { items: [ITEM] }), ITEM)
    await toReviewing(canlian, c.id)
    expect((await act(canlian, c.id, 'approve', { monthlyAmount: FEN / 100, startDate: start })).statusCode).toBe(200)
  }

  beforeAll(async () => {
    t = await createTestApp(kind)
    county = await staffClient(t, 'county')
    await insertStaffUser(t.db.kysely, { username: 'county_canlian', role: 'county_staff', display_name: '幸福县残联 何平', area_code: '339901', department: 'canlian', organisation: '幸福县残疾人联合会', password_hash: await hashPassword(DEMO_PASSWORD) })
    canlian = await staffClient(t, 'county_canlian')
    yibaoToken = (await county.post('/api/staff/feed-credentials', { department: 'yibao', name: '县医保信息系统' })).json().token
    canlianToken = (await county.post('/api/staff/feed-credentials', { department: 'canlian', name: '残联信息系统' })).json().token
  })
  afterEach(() => {
    vi.useRealTimers()
  })
  afterAll(async () => {
    await t.close()
  })

  it('should serve the kept list while the stamp stays, and only then (a write hidden from the stamp is not seen)', async () => {
    const household = await householdOf('chen')
    const resident = await residentOf(t, 'chen')
    const before = await list(resident)
    const stamp = await happinessListStampOf(t.db.kysely, household)
    expect(stamp).toMatch(/^[0-9a-f]{32}$/)
    expect(((await feed([medical('chen', 1)], yibaoToken)).json())).toEqual({ inserted: 1, updated: 0, unchanged: 0 })
    // Put the old stamp back, as if the write had not happened: the kept list is what comes.
    await sql`update happiness_list_stamps set stamp = ${stamp} where household_id = ${household}`.execute(t.db.kysely)
    expect(withoutTime(await list(resident))).toEqual(withoutTime(before))
    // Any write gives a new stamp, even one that changes no value: the record is there.
    await t.db.kysely.updateTable('household_members').set({ relation: 'self' }).where('household_id', '=', household).where('is_head', '=', 1).execute()
    expect((await list(resident)).records.map((r: { amountFen: number }) => r.amountFen)).toContain(12_346)
  })

  it('should show an approval\'s months as soon as the case is approved', async () => {
    const { after } = await afterWrite('zhao', () => approve('zhao', `${shanghaiToday().slice(0, 7)}-01`), `?item=${ITEM}`, { item: ITEM })
    expect(after.records).toMatchObject([{ item: ITEM, status: 'granted', source: 'approval', amountFen: FEN }])
  })

  it('should show a record a department\'s feed sent', async () => {
    const { before, after } = await afterWrite('li', () => feed([medical('li', 2)], yibaoToken))
    expect(after.records).toHaveLength(before.records.length + 1)
    expect(after.totals.amountFen).toBe(before.totals.amountFen + 12_347)
  })

  it('should show a record a CSV import committed', async () => {
    const month = shanghaiToday().slice(0, 7)
    const csv = ['department,external_id,id_numbers,item,kind,amount_yuan,quantity,unit,period,paid_on,status,reference', `yibao,KEPT-CSV-1,${HOUSEHOLD.liu.members[0].idNumber},medical,cash,88.80,,,${month},${shanghaiToday()},paid,`].join('\n')
    const { before, after } = await afterWrite('liu', async () => expect((await county.post('/api/staff/imports/commit', { csv })).json()).toEqual({ inserted: 1, updated: 0, unchanged: 0 }))
    expect(after.totals.amountFen).toBe(before.totals.amountFen + 8_880)
  })

  it('should show a granted month paid once the paying department reports it (supersede)', async () => {
    const month = shanghaiToday().slice(0, 7)
    const { after } = await afterWrite('zhao', () => feed([paid('zhao', month, 1)], canlianToken), `?item=${ITEM}`, { item: ITEM })
    expect(after.records).toMatchObject([{ period: month, status: 'paid', source: 'feed', amountFen: FEN }])
  })

  it('should show the month the month keeper writes', async () => {
    const household = await householdOf('zhao')
    const month = shanghaiToday().slice(0, 7)
    const entitlement = await t.db.kysely.selectFrom('entitlements').select('id').where('household_id', '=', household).where('item', '=', ITEM).executeTakeFirstOrThrow()
    // As if this month had begun while the server was down: its granted month is not written yet.
    await t.db.kysely.deleteFrom('benefit_records').where('external_id', '=', `ent:${entitlement.id}:${month}`).execute()
    await t.db.kysely.deleteFrom('benefit_records').where('external_id', '=', `KEPT-zhao-${month}-1`).execute()
    await t.db.kysely.updateTable('entitlements').set({ granted_through: null }).where('id', '=', entitlement.id).execute()
    const { after } = await afterWrite('zhao', async () => {
      const keeper = keepEntitlementMonths(t.db.kysely, (error) => {
        throw error
      })
      await keeper.caughtUp
      keeper.stop()
    }, `?item=${ITEM}`, { item: ITEM })
    expect(after.records).toMatchObject([{ period: month, status: 'granted', source: 'approval' }])
  })

  it('should show a record changed or deleted by hand in SQL', async () => {
    const household = await householdOf('wang')
    // The year of the demo history's last month: it has records even in January.
    const year = Number(demoHistoryEnd(new Date()).slice(0, 4))
    const { after } = await afterWrite('wang', async () => {
      const [one] = await t.db.kysely.selectFrom('benefit_records').select('id').where('household_id', '=', household).where('paid_on', '>=', `${year}-01-01`).limit(1).execute()
      await t.db.kysely.updateTable('benefit_records').set({ amount_fen: 1 }).where('id', '=', one.id).execute()
    }, `?year=${year}`, { year })
    expect(after.records.map((r: { amountFen: number }) => r.amountFen)).toContain(1)
    const { before: again, after: deleted } = await afterWrite('wang', () => t.db.kysely.deleteFrom('benefit_records').where('household_id', '=', household).where('amount_fen', '=', 1).execute(), `?year=${year}`, { year })
    expect(deleted.records).toHaveLength(again.records.length - 1)
  })

  it('should show a member\'s new name on the list and its records', async () => {
    const household = await householdOf('li')
    const { after } = await afterWrite('li', () => t.db.kysely.updateTable('household_members').set({ name: '李建国改' }).where('household_id', '=', household).where('is_head', '=', 1).execute())
    expect(after.members.map((m: { name: string }) => m.name)).toContain('李建国改')
  })

  it('should keep each filter and language apart', async () => {
    const resident = await residentOf(t, 'li')
    const english = await residentOf(t, 'li', 'en')
    const all = await list(resident)
    const medicalOnly = await list(resident, '?item=medical')
    const inEnglish = await list(english)
    expect(withoutTime(medicalOnly)).toEqual(withoutTime(await fresh('li', { item: 'medical' as never })))
    expect(withoutTime(inEnglish)).toEqual(withoutTime(await fresh('li', {}, 'en')))
    expect(withoutTime(all)).toEqual(withoutTime(await fresh('li')))
    expect(inEnglish.records[0].itemName).not.toBe(all.records[0].itemName)
  })

  it('should turn to the new year, and its first quarter, when the year changes in Beijing', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    // 23:58 on 31 December in Beijing; an app of its own, so that every session is of that day.
    vi.setSystemTime(new Date('2026-12-31T15:58:00Z'))
    const yearEnd = await createTestApp(kind)
    try {
      const resident = await residentOf(yearEnd, 'wang')
      const read = async () => (await resident.get('/api/happiness-list')).json()
      const lastDay = await read()
      expect(lastDay).toMatchObject({ year: 2026, completeness: { quarter: '2026-Q4' } })
      vi.setSystemTime(new Date('2026-12-31T16:01:00Z'))
      const firstDay = await read()
      expect(firstDay).toMatchObject({ year: 2027, completeness: { quarter: '2027-Q1' } })
      const today = shanghaiToday()
      expect(today).toBe('2027-01-01')
      const computed = await computeResidentList(yearEnd.db.kysely, (await householdsOfIdNumbers(yearEnd.db.kysely, [HOUSEHOLD.wang.members[0].idNumber])).get(HOUSEHOLD.wang.members[0].idNumber)!, { year: 2027 }, 'zh-CN', today)
      expect(withoutTime(firstDay)).toEqual(withoutTime(JSON.parse(JSON.stringify(happinessListResponse.parse({ ...computed, updatedAt: 'now' })))))
    }
    finally {
      await yearEnd.close()
    }
  })

  it('should answer 304 to the ETag of the current list, and 200 with a new ETag once it changed', async () => {
    const resident = await residentOf(t, 'chen')
    const first = await read(resident)
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^W\/"[\w-]{32}"$/)
    expect((await read(resident)).headers.etag).toBe(etag)
    const unchanged = await read(resident, '', { 'if-none-match': etag })
    expect(unchanged.statusCode).toBe(304)
    expect(unchanged.body).toBe('')
    // Another filter is another list.
    expect((await read(resident, '?item=medical', { 'if-none-match': etag })).statusCode).toBe(200)
    await feed([medical('chen', 3)], yibaoToken)
    const changed = await read(resident, '', { 'if-none-match': etag })
    expect(changed.statusCode).toBe(200)
    expect(changed.headers.etag).not.toBe(etag)
    expect(changed.json().records.map((r: { amountFen: number }) => r.amountFen)).toContain(12_348)
  })

  it('should say when it was sent, not when it was computed', async () => {
    const resident = await residentOf(t, 'liu')
    const first = await list(resident)
    await new Promise(resolve => setTimeout(resolve, 5))
    const second = await list(resident)
    expect(Date.parse(second.updatedAt)).toBeGreaterThan(Date.parse(first.updatedAt))
  })

  it('should refuse a member of another household with 400 however often asked', async () => {
    const resident = await residentOf(t, 'liu')
    for (let i = 0; i < 2; i++) {
      const res = await read(resident, '?member=not-a-member')
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ code: 'validation_failed', field: 'member' })
    }
  })
})
