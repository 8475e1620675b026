import type { DbKind } from '../../db'
import type { BenefitRecordTable } from '../../db/schema'
import type { HouseholdKey, TestApp } from '../../routes/applications/test-builders'
import type { TestClient } from '../../testing'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seededRandom } from '../../../mock/seeded-random'
import { BENEFIT_DEPARTMENT_CODES, BENEFIT_SOURCES } from '../../../src/domain/happiness-list/record'
import { quarterOf, quarterRange } from '../../../src/domain/quarter'
import { shanghaiToday } from '../../../src/domain/time'
import { reportedInArea } from '../../db/repos/benefits'
import { upsertHouseholdFromRegistry } from '../../db/repos/households'
import { act, caseOf, HOUSEHOLD, residentOf, staffClient, submitDemoApplication, toReviewing } from '../../routes/applications/test-builders'
import { createTestApp, openTestDb, TEST_DIALECTS } from '../../testing'
import { completenessOf, keptCompletenessAreas, reportedCountsInArea } from './completeness'
import { keepEntitlementMonths } from './entitlement-months'

const SETUP_TIMEOUT_MS = 60_000
const QUARTER = '2026-Q2'
const COUNTY = '339901'
const OTHER_COUNTY_VILLAGE = '339902001001'
const VILLAGES = ['339901001001', '339901001002', '339901001003', '339901002001', '339901002002', '339901002003']
/** A village without households: its counts are all 0. */
const EMPTY_VILLAGE = '339901001003'
const HOUSEHOLDS = 120
const RECORDS = 900
const PAID_ON = ['2026-03-31', '2026-04-01', '2026-05-15', '2026-06-30', '2026-07-01']

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]

describe.each(TEST_DIALECTS)('completeness counted by the database on %s', (kind: DbKind) => {
  let db: Awaited<ReturnType<typeof openTestDb>>

  beforeAll(async () => {
    db = await openTestDb(kind)
    const k = db.kysely
    await k.insertInto('areas').values([
      { code: COUNTY, name: '县', level: 'county', parent_code: null },
      { code: '339902', name: '邻县', level: 'county', parent_code: null },
      ...['339901001', '339901002'].map(code => ({ code, name: code, level: 'town' as const, parent_code: COUNTY })),
      { code: '339902001', name: '邻镇', level: 'town', parent_code: '339902' },
      ...[...VILLAGES, OTHER_COUNTY_VILLAGE].map(code => ({ code, name: code, level: 'village' as const, parent_code: code.slice(0, 9) })),
    ]).execute()
    const random = seededRandom(18)
    const households = Array.from({ length: HOUSEHOLDS }, (_, i) => ({ id: `h${i}`, registry_ref: `r${i}`, area_code: pick(random, [...VILLAGES.filter(v => v !== EMPTY_VILLAGE), OTHER_COUNTY_VILLAGE]), address: '-', created_at: '2026-01-01T00:00:00.000Z' }))
    await k.insertInto('households').values(households).execute()
    // Several records of one household and department, other sources, dates either side of the quarter.
    const records: BenefitRecordTable[] = Array.from({ length: RECORDS }, (_, i) => ({
      id: `b${i}`,
      household_id: pick(random, households).id,
      department: pick(random, BENEFIT_DEPARTMENT_CODES),
      external_id: `e${i}`,
      item: 'dibao',
      kind: 'cash',
      amount_fen: 100,
      quantity: null,
      unit: null,
      period: '2026-05',
      paid_on: pick(random, PAID_ON),
      member_ids: '[]',
      status: 'paid',
      source: pick(random, BENEFIT_SOURCES),
      reference: null,
      credential_id: null,
      import_batch_id: null,
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
    }))
    for (let i = 0; i < records.length; i += 100)
      await k.insertInto('benefit_records').values(records.slice(i, i + 100)).execute()
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await db.drop()
  })

  it('should count 0 for every department of a village without households', async () => {
    const village = (await completenessOf(db.kysely, '339901001', QUARTER, 'zh-CN')).villages.find(v => v.code === EMPTY_VILLAGE)!
    expect(village.households).toBe(0)
    expect(village.byDepartment.map(d => d.households)).toEqual(BENEFIT_DEPARTMENT_CODES.map(() => 0))
  })

  it.each([[COUNTY], ['339901002'], ['339901001001']])('should count per village and department what the listed rows counted, in %s', async (area) => {
    const { from, to } = quarterRange(QUARTER)!
    // The rows as they were read before issue #18, filtered per village and department.
    const rows = await reportedInArea(db.kysely, area, from, to)
    const counted = await reportedCountsInArea(db.kysely, area, from, to)
    const expected = new Map<string, number>()
    for (const r of rows)
      expected.set(`${r.area_code} ${r.department}`, (expected.get(`${r.area_code} ${r.department}`) ?? 0) + 1)
    expect(counted).toEqual(expected)
    expect(rows.length).toBeGreaterThan(0)

    const page = await completenessOf(db.kysely, area, QUARTER, 'zh-CN')
    expect(page.villages.map(v => v.code)).toEqual(VILLAGES.filter(v => v.startsWith(area)))
    for (const v of page.villages) {
      expect(v.byDepartment.map(d => d.department)).toEqual([...BENEFIT_DEPARTMENT_CODES])
      for (const d of v.byDepartment)
        expect(d.households).toBe(rows.filter(r => r.area_code === v.code && r.department === d.department).length)
    }
    // Not a vacuous comparison: some village and department has several households.
    expect(Math.max(...page.villages.flatMap(v => v.byDepartment.map(d => d.households)))).toBeGreaterThan(1)
  })
})

// Issue #18: the page's counts are kept under the area's stamps (migration 026). Each test here
// reads the page of the county and of both towns (so their counts are kept), changes what they
// are made of the way the app or a person does, and reads again: every page must be what the
// database holds now, counted afresh from its rows here, and show the change itself.
describe.each(TEST_DIALECTS)('kept completeness counts after every kind of write on %s', (kind: DbKind) => {
  let t: TestApp
  let staff: Record<'county' | 'town' | 'town2', TestClient>
  let rensheToken: string
  const quarter = quarterOf(shanghaiToday())
  const today = shanghaiToday()
  /** The last day of the quarter before this one. */
  const lastQuarterDay = new Date(Date.parse(`${quarterRange(quarter)!.from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)

  const householdOf = async (key: HouseholdKey) => (await t.db.kysely.selectFrom('households').select('id').where('registry_ref', '=', HOUSEHOLD[key].registryRef).executeTakeFirstOrThrow()).id
  const feed = async (records: object[]) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/feeds/records', payload: { records }, headers: { authorization: `Bearer ${rensheToken}` } })
    expect(res.statusCode).toBe(200)
    return res.json()
  }
  // 人社 has paid the demo households nothing since June 2025 (mock/benefit-history.ts), so a
  // record of its feed always changes its village's count, whatever quarter the tests run in.
  const training = (key: HouseholdKey, n: number, paidOn = today) => ({ externalId: `KEPT-C-${key}-${n}`, idNumbers: [HOUSEHOLD[key].members[0].idNumber], item: 'employment', kind: 'subsidy', amountFen: 10_000 + n, period: paidOn.slice(0, 7), paidOn, status: 'paid' })

  /** The figures of a page: per village, households and households per department. */
  type Figures = { code: string, households: number, byDepartment: number[] }[]
  const figuresOf = (villages: { code: string, households: number, byDepartment: { households: number }[] }[]): Figures =>
    villages.map(v => ({ code: v.code, households: v.households, byDepartment: v.byDepartment.map(d => d.households) }))
  const page = async (who: keyof typeof staff) => {
    const res = await staff[who].get(`/api/staff/happiness-list/completeness?quarter=${quarter}`)
    expect(res.statusCode).toBe(200)
    return figuresOf(res.json().villages)
  }

  /** The figures as the database holds them now, counted here from every row (nothing kept, no SQL counting). */
  async function fresh(who: keyof typeof staff): Promise<Figures> {
    const area = { county: '339901', town: '339901001', town2: '339901002' }[who]
    const { from, to } = quarterRange(quarter)!
    const k = t.db.kysely
    const villages = await k.selectFrom('areas').select('code').where('level', '=', 'village').where('code', 'like', `${area}%`).orderBy('code').execute()
    const households = await k.selectFrom('households').select(['id', 'area_code']).execute()
    const villageOf = new Map(households.map(h => [h.id, h.area_code]))
    const records = (await k.selectFrom('benefit_records').select(['household_id', 'department', 'source', 'paid_on']).execute())
      .filter(r => r.source !== 'approval' && r.paid_on >= from && r.paid_on <= to)
    return villages.map(v => ({
      code: v.code,
      households: households.filter(h => h.area_code === v.code).length,
      byDepartment: BENEFIT_DEPARTMENT_CODES.map(d => new Set(records.filter(r => r.department === d && villageOf.get(r.household_id) === v.code).map(r => r.household_id)).size),
    }))
  }

  const WHO = ['county', 'town', 'town2'] as const

  /** Reads every page (kept), writes, reads again: each as fresh; `changed` pages differ from before. */
  async function afterWrite(write: () => Promise<unknown>, changed: readonly (keyof typeof staff)[]) {
    const before = Object.fromEntries(await Promise.all(WHO.map(async w => [w, await page(w)] as const)))
    expect(keptCompletenessAreas(t.db.kysely)).toBeGreaterThanOrEqual(WHO.length)
    await write()
    for (const w of WHO) {
      const after = await page(w)
      expect(after).toEqual(await fresh(w))
      if (changed.includes(w))
        expect(after).not.toEqual(before[w])
      else
        expect(after).toEqual(before[w])
    }
  }

  beforeAll(async () => {
    t = await createTestApp(kind)
    staff = { county: await staffClient(t, 'county'), town: await staffClient(t, 'town'), town2: await staffClient(t, 'town2') }
    rensheToken = (await staff.county.post('/api/staff/feed-credentials', { department: 'renshe', name: '县人社信息系统' })).json().token
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t.close()
  })

  it('should serve the kept counts while the stamps stay, and only then (a write hidden from the stamps is not seen)', async () => {
    const before = await page('county')
    const { rows: stamps } = await sql<{ topic: string, town_code: string, shard: number, stamp: string }>`select * from area_stamps`.execute(t.db.kysely)
    expect(stamps.length).toBeGreaterThan(0)
    await feed([training('wang', 1)])
    // Put the old stamps back, as if the write had not happened: the kept counts are what come.
    await sql`delete from area_stamps`.execute(t.db.kysely)
    for (const s of stamps)
      await sql`insert into area_stamps (topic, town_code, shard, stamp) values (${s.topic}, ${s.town_code}, ${s.shard}, ${s.stamp})`.execute(t.db.kysely)
    expect(await page('county')).toEqual(before)
    expect(await fresh('county')).not.toEqual(before)
    // Any write gives new stamps, even one that changes no value.
    await t.db.kysely.updateTable('households').set({ created_at: '2026-01-01T00:00:00.000Z' }).where('id', '=', await householdOf('wang')).execute()
    expect(await page('county')).toEqual(await fresh('county'))
  })

  it('should count a record a department\'s feed sent, in its town and the county only', async () => {
    await afterWrite(() => feed([training('chen', 2)]), ['county', 'town'])
  })

  it('should count a record sent again with another date (an update), out of the quarter', async () => {
    await afterWrite(() => feed([training('chen', 2, lastQuarterDay)]), ['county', 'town'])
  })

  it('should count a record a CSV import committed', async () => {
    const csv = ['department,external_id,id_numbers,item,kind,amount_yuan,quantity,unit,period,paid_on,status,reference', `yibao,KEPT-C-CSV-1,${HOUSEHOLD.zhao.members[0].idNumber},medical,cash,88.80,,,${today.slice(0, 7)},${today},paid,`].join('\n')
    await afterWrite(async () => expect((await staff.county.post('/api/staff/imports/commit', { csv })).json()).toEqual({ inserted: 1, updated: 0, unchanged: 0 }), ['county', 'town2'])
  })

  it('should stay right through an approval and the month keeper, which write months no department reported', async () => {
    const resident = await residentOf(t, 'liu')
    const c = caseOf(await submitDemoApplication(resident, 'liu', { items: ['dibao'] }), 'dibao')
    await toReviewing(staff.town, c.id)
    await afterWrite(async () => expect((await act(staff.town, c.id, 'approve', { monthlyAmount: 886.5 })).statusCode).toBe(200), [])
    const entitlement = await t.db.kysely.selectFrom('entitlements').select('id').where('case_id', '=', c.id).executeTakeFirstOrThrow()
    await t.db.kysely.deleteFrom('benefit_records').where('external_id', 'like', `ent:${entitlement.id}:%`).execute()
    await t.db.kysely.updateTable('entitlements').set({ granted_through: null }).where('id', '=', entitlement.id).execute()
    await afterWrite(async () => {
      const keeper = keepEntitlementMonths(t.db.kysely, (error) => {
        throw error
      })
      await keeper.caughtUp
      keeper.stop()
      expect(await t.db.kysely.selectFrom('benefit_records').select('id').where('external_id', 'like', `ent:${entitlement.id}:%`).execute()).not.toEqual([])
    }, [])
  })

  it('should count records changed, moved to another town and deleted by hand in SQL', async () => {
    const k = t.db.kysely
    const [one] = await k.selectFrom('benefit_records').select('id').where('external_id', '=', 'KEPT-C-wang-1').execute()
    await afterWrite(() => k.updateTable('benefit_records').set({ department: 'canlian' }).where('id', '=', one.id).execute(), ['county', 'town'])
    await afterWrite(async () => k.updateTable('benefit_records').set({ household_id: await householdOf('zhao') }).where('id', '=', one.id).execute(), ['county', 'town', 'town2'])
    await afterWrite(() => k.deleteFrom('benefit_records').where('id', '=', one.id).execute(), ['county', 'town2'])
  })

  it('should count a household the register adds, moves to another town, and one deleted', async () => {
    const household = { registryRef: 'KEPT-C-NEW', areaCode: '339901001002', address: '桃源村 99 号', members: [{ idNumber: '339901195203030017', name: '新户主', relation: 'self' as const, isHead: true, phone: null }] }
    await afterWrite(() => upsertHouseholdFromRegistry(t.db.kysely, household), ['county', 'town'])
    await afterWrite(() => upsertHouseholdFromRegistry(t.db.kysely, { ...household, areaCode: '339901002001' }), ['county', 'town', 'town2'])
    await afterWrite(async () => {
      const id = (await t.db.kysely.selectFrom('households').select('id').where('registry_ref', '=', household.registryRef).executeTakeFirstOrThrow()).id
      await t.db.kysely.deleteFrom('household_members').where('household_id', '=', id).execute()
      await t.db.kysely.deleteFrom('households').where('id', '=', id).execute()
    }, ['county', 'town2'])
  })

  it('should keep the counts a rolled-back transaction saw out of every page', async () => {
    const inside: Figures[] = []
    const li = await householdOf('li')
    await afterWrite(() => t.db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('benefit_records').values({ ...(await trx.selectFrom('benefit_records').selectAll().where('source', '=', 'feed').where('paid_on', '=', today).executeTakeFirstOrThrow()), id: 'kept-rolled-back', external_id: 'KEPT-C-ROLLED-BACK', household_id: li }).execute()
      inside.push(figuresOf((await completenessOf(trx, '339901', quarter, 'zh-CN')).villages))
      throw new Error('rolled back')
    }).catch(() => {}), [])
    // The page inside the transaction saw its record; nobody else ever does.
    expect(inside[0]).not.toEqual(await fresh('county'))
  })

  it('should count again after every record is removed at once (TRUNCATE on PostgreSQL)', async () => {
    // A record in 安乐镇 this quarter: in a quarter's first month the demo history has none there yet.
    await feed([training('liu', 3)])
    await afterWrite(() => sql.raw(kind === 'postgres' ? 'truncate benefit_records' : 'delete from benefit_records').execute(t.db.kysely), ['county', 'town', 'town2'])
  })
})
