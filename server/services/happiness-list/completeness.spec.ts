import type { DbKind } from '../../db'
import type { BenefitRecordTable } from '../../db/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BENEFIT_DEPARTMENT_CODES, BENEFIT_SOURCES } from '../../../src/domain/happiness-list/record'
import { quarterRange } from '../../../src/domain/quarter'
import { reportedInArea } from '../../db/repos/benefits'
import { openTestDb, TEST_DIALECTS } from '../../testing'
import { completenessOf, reportedCountsInArea } from './completeness'

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

// mulberry32: the same generated set on every run and both databases.
function prng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6D2B79F5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
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
    const random = prng(18)
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
