import type { BenefitItemCode, BenefitStatus } from '../../../src/domain/happiness-list/record'
import type { DbKind } from '../../db'
import type { NewVisit } from '../../db/repos/visits'
import type { TestClient } from '../../testing'
import type { TestApp } from '../applications/test-builders'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_LEFT_HOUSEHOLD } from '../../../mock/demo-visits'
import { quarterOf } from '../../../src/domain/quarter'
import { shanghaiToday } from '../../../src/domain/time'
import { upsertHouseholdFromRegistry } from '../../db/repos/households'
import { insertVisitOnce } from '../../db/repos/visits'
import { createTestApp, TEST_DIALECTS } from '../../testing'
import { staffClient } from '../applications/test-builders'

const DAY = 86_400_000
const iso = (local: string) => new Date(local).toISOString()

/** A fresh seeded database and a few sign-ins: slow on a busy machine (password hashing). */
const SETUP_TIMEOUT_MS = 60_000

describe.each(TEST_DIALECTS)('care-visit coverage on %s', (kind: DbKind) => {
  let t: TestApp
  let town: TestClient
  let town2: TestClient
  let county: TestClient
  const ids = new Map<string, string>()

  const coverage = async (client: TestClient, quarter: string) => {
    const res = await client.get(`/api/staff/visits/coverage?quarter=${quarter}`)
    expect(res.statusCode).toBe(200)
    return res.json()
  }
  const visit = async (household: string, visitedAt: string) => {
    const visitor = await t.db.kysely.selectFrom('users').select('id').where('username', '=', 'shegong').executeTakeFirstOrThrow()
    const id = randomUUID()
    const row: NewVisit = { id, client_id: id, household_id: ids.get(household)!, visitor_id: visitor.id, visitor_role: 'social_worker', organisation: '安乐镇社工站', type: 'care', visited_at: visitedAt, observations: '[]', urgent: 0, urgent_note: '', notes: '', photo: null, location: null, accuracy: null, created_at: visitedAt, flag_resolved_at: null, flag_resolved_by: null }
    await insertVisitOnce(t.db.kysely, row)
  }
  const benefit = async (household: string, item: BenefitItemCode, status: BenefitStatus, paidOn: string) => {
    const now = new Date().toISOString()
    await t.db.kysely.insertInto('benefit_records').values({ id: randomUUID(), household_id: ids.get(household)!, department: item === 'medical' ? 'yibao' : 'mingzheng', external_id: `T-${randomUUID()}`, item, kind: 'cash', amount_fen: 0, quantity: null, unit: null, period: paidOn.slice(0, 7), paid_on: paidOn, member_ids: '[]', status, source: 'feed', reference: null, credential_id: null, import_batch_id: null, created_at: now, updated_at: now }).execute()
  }
  const daysAgo = (days: number) => new Date(Date.now() - days * DAY)

  beforeAll(async () => {
    t = await createTestApp(kind)
    // Two more households of this file's own: one in 青山村, one in 桃源村.
    await upsertHouseholdFromRegistry(t.db.kysely, { registryRef: 'TEST-QS-003', areaCode: '339901002001', address: '青山村 9 号', members: [{ idNumber: '339901195201010014', name: '钱进', relation: 'self', isHead: true, phone: null }] })
    await upsertHouseholdFromRegistry(t.db.kysely, { registryRef: 'TEST-TY-004', areaCode: '339901001002', address: '桃源村 9 号', members: [{ idNumber: '339901195202020011', name: '孔明亮', relation: 'self', isHead: true, phone: null }] })
    for (const h of await t.db.kysely.selectFrom('households').select(['id', 'registry_ref']).execute())
      ids.set(h.registry_ref, h.id)
    town = await staffClient(t, 'town')
    town2 = await staffClient(t, 'town2')
    county = await staffClient(t, 'county')
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t.close()
  })

  it('should show the demo\'s visits this quarter and its household that left assistance', async () => {
    const now = new Date()
    const today = shanghaiToday(now)
    const quarter = quarterOf(today)
    const own = await coverage(town, quarter)
    // 王秀英 was visited 6 days ago (mock/demo-visits.ts): at least one household this quarter
    // unless the quarter began less than 6 days ago.
    const sixDaysAgo = shanghaiToday(daysAgo(6))
    if (quarterOf(sixDaysAgo) === quarter)
      expect(own.villages.find((v: { code: string }) => v.code === '339901001001').visited).toBeGreaterThanOrEqual(1)
    // 刘芳 was never visited in the demo.
    expect(own.notVisited90Days).toContainEqual({ householdId: ids.get('DEMO-TY-002'), maskedHeadName: '刘*', villageName: '桃源村', lastVisitedAt: null })

    const other = await coverage(town2, quarter)
    const stopMonth = shanghaiToday(daysAgo(60)).slice(0, 7)
    expect(other.leftAssistanceDue).toEqual([{ householdId: ids.get(DEMO_LEFT_HOUSEHOLD.registryRef), maskedHeadName: '孙**', villageName: '青山村', leftOn: `${stopMonth}-01`, lastVisitedAt: expect.any(String) }])
    expect(Math.round((now.getTime() - Date.parse(other.leftAssistanceDue[0].lastVisitedAt)) / DAY)).toBe(150)
    expect(JSON.stringify(other)).not.toMatch(/孙志强|赵大山|\d{17}[\dX]/)

    const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'visit_coverage_view').execute()
    expect(audit).toEqual([
      expect.objectContaining({ actor_role: 'town_staff', subject_type: 'area', subject_id: '339901001', detail: `quarter=${quarter}` }),
      expect.objectContaining({ actor_role: 'town_staff', subject_type: 'area', subject_id: '339901002', detail: `quarter=${quarter}` }),
    ])
  })

  it('should count households visited at least once per village in a quarter of China time', async () => {
    await t.db.kysely.deleteFrom('visits').execute()
    await visit('DEMO-HM-001', iso('2026-04-01T00:30:00+08:00')) // Q2 in China, still Q1 in UTC
    await visit('DEMO-HM-001', iso('2026-05-10T10:00:00+08:00')) // the same household again
    await visit('DEMO-HM-002', iso('2026-06-30T23:30:00+08:00'))
    await visit('DEMO-TY-001', iso('2026-07-01T00:10:00+08:00')) // Q3 in China, Q2 in UTC
    await visit('DEMO-TY-002', iso('2026-03-31T23:50:00+08:00')) // Q1
    await visit('DEMO-QS-001', iso('2026-05-05T08:00:00+08:00'))

    const q2 = await coverage(town, '2026-Q2')
    expect(q2.quarter).toBe('2026-Q2')
    expect(q2.villages).toEqual([
      { code: '339901001001', name: '和美村', households: 2, visited: 2, percent: 100 },
      { code: '339901001002', name: '桃源村', households: 3, visited: 0, percent: 0 },
    ])
    expect((await coverage(town, '2026-Q1')).villages).toEqual([
      { code: '339901001001', name: '和美村', households: 2, visited: 0, percent: 0 },
      { code: '339901001002', name: '桃源村', households: 3, visited: 1, percent: 33.3 },
    ])
    expect((await coverage(town, '2026-Q3')).villages.map((v: { visited: number }) => v.visited)).toEqual([0, 1])
    expect((await coverage(county, '2026-Q2')).villages).toEqual([
      { code: '339901001001', name: '和美村', households: 2, visited: 2, percent: 100 },
      { code: '339901001002', name: '桃源村', households: 3, visited: 0, percent: 0 },
      { code: '339901002001', name: '青山村', households: 3, visited: 1, percent: 33.3 },
    ])
    expect((await coverage(town2, '2026-Q2')).villages).toEqual([{ code: '339901002001', name: '青山村', households: 3, visited: 1, percent: 33.3 }])
  })

  it('should list households not visited in the last 90 days, with their last visit', async () => {
    await visit('DEMO-HM-001', daysAgo(10).toISOString())
    await visit('DEMO-HM-002', daysAgo(100).toISOString())
    await visit('DEMO-QS-001', daysAgo(89).toISOString())
    await visit('TEST-QS-003', daysAgo(91).toISOString())
    const lastOfLi = (await t.db.kysely.selectFrom('visits').select(eb => eb.fn.max('visited_at').as('last')).where('household_id', '=', ids.get('DEMO-HM-002')!).executeTakeFirstOrThrow()).last
    expect((await coverage(town, '2026-Q2')).notVisited90Days).toEqual([
      { householdId: ids.get('DEMO-HM-002'), maskedHeadName: '李**', villageName: '和美村', lastVisitedAt: lastOfLi },
      { householdId: ids.get('DEMO-TY-001'), maskedHeadName: '陈**', villageName: '桃源村', lastVisitedAt: iso('2026-07-01T00:10:00+08:00') },
      { householdId: ids.get('DEMO-TY-002'), maskedHeadName: '刘*', villageName: '桃源村', lastVisitedAt: iso('2026-03-31T23:50:00+08:00') },
      { householdId: ids.get('TEST-TY-004'), maskedHeadName: '孔**', villageName: '桃源村', lastVisitedAt: null },
    ])
    // 赵大山 (89 days) is not due yet; 孙志强 (never, after the delete) and 钱进 (91 days) are.
    expect((await coverage(town2, '2026-Q2')).notVisited90Days.map((h: { householdId: string }) => h.householdId)).toEqual([ids.get('DEMO-QS-002'), ids.get('TEST-QS-003')])
  })

  it('should list households that left basic-living assistance in the last year', async () => {
    const today = shanghaiToday(new Date())
    const yesterday = shanghaiToday(daysAgo(1))
    await benefit('DEMO-TY-001', 'tekun', 'stopped', yesterday) // left yesterday
    await benefit('DEMO-TY-002', 'dibao', 'stopped', shanghaiToday(daysAgo(20))) // stopped, then paid again
    await benefit('DEMO-TY-002', 'dibao', 'paid', shanghaiToday(daysAgo(10)))
    await benefit('TEST-QS-003', 'dibao', 'stopped', shanghaiToday(daysAgo(400))) // more than a year ago
    await benefit('TEST-TY-004', 'medical', 'stopped', shanghaiToday(daysAgo(5))) // a special item only
    expect(today > yesterday).toBe(true)
    const own = await coverage(town, '2026-Q2')
    expect(own.leftAssistanceDue).toEqual([
      { householdId: ids.get('DEMO-TY-001'), maskedHeadName: '陈**', villageName: '桃源村', leftOn: yesterday, lastVisitedAt: iso('2026-07-01T00:10:00+08:00') },
    ])
    const all = await coverage(county, '2026-Q2')
    expect(all.leftAssistanceDue.map((h: { householdId: string }) => h.householdId)).toEqual([ids.get('DEMO-TY-001'), ids.get('DEMO-QS-002')])
  })

  it('should refuse a quarter that is not one (400)', async () => {
    const res = await town.get('/api/staff/visits/coverage?quarter=2026-Q5')
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ code: 'validation_failed', message: '季度填写有误', field: 'quarter' })
  })
})
