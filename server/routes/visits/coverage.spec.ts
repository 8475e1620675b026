import type { BenefitItemCode, BenefitStatus } from '../../../src/domain/happiness-list/record'
import type { DbKind } from '../../db'
import type { NewVisit } from '../../db/repos/visits'
import type { TestClient } from '../../testing'
import type { TestApp } from '../applications/test-builders'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_LEFT_HOUSEHOLD } from '../../../mock/demo-visits'
import { maskName } from '../../../src/domain/mask'
import { quarterOf } from '../../../src/domain/quarter'
import { shanghaiToday } from '../../../src/domain/time'
import { COVERAGE_PAGE_SIZE } from '../../../src/domain/visits/api'
import { fieldCipher } from '../../crypto/field-cipher'
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

/** Households this block adds to 安乐镇: more than two pages of each list. */
const PAGED_HOUSEHOLDS = 130
const HEMEI = '339901001001'
const TAOYUAN = '339901001002'

interface Listed { householdId: string, maskedHeadName: string, villageName: string, lastVisitedAt: string | null, leftOn?: string }
interface ListPage { households: Listed[], total: number, next: string | null }

describe.each(TEST_DIALECTS)('the coverage lists a page at a time on %s', (kind: DbKind) => {
  let t: TestApp
  let town: TestClient
  const quarter = quarterOf(shanghaiToday(new Date()))
  const daysAgo = (days: number) => new Date(Date.now() - days * DAY)
  const coverage = async (client: TestClient, quarter: string) => {
    const res = await client.get(`/api/staff/visits/coverage?quarter=${quarter}`)
    expect(res.statusCode).toBe(200)
    return res.json()
  }

  /**
   * The lists as the page meant them before issue #18, worked out here in memory from every
   * household, visit and benefit record of the town: the oracle the pages must add up to.
   */
  async function expectedLists() {
    const k = t.db.kysely
    const households = (await k.selectFrom('households').innerJoin('areas', 'areas.code', 'households.area_code').select(['households.id', 'households.area_code', 'households.registry_ref', 'areas.name']).where('households.area_code', 'like', '339901001%').execute())
      .sort((a, b) => a.area_code < b.area_code ? -1 : a.area_code > b.area_code ? 1 : a.registry_ref < b.registry_ref ? -1 : 1)
    const heads = new Map((await k.selectFrom('household_members').select(['household_id', 'name']).where('is_head', '=', 1).execute()).map(m => [m.household_id, m.name]))
    const held = new Set((await k.selectFrom('visit_confirmations').select('visit_id').where('status', '<>', 'confirmed').execute()).map(c => c.visit_id))
    const last = new Map<string, string>()
    for (const v of await k.selectFrom('visits').select(['id', 'household_id', 'visited_at']).execute()) {
      if (!held.has(v.id) && v.visited_at > (last.get(v.household_id) ?? ''))
        last.set(v.household_id, v.visited_at)
    }
    const due = daysAgo(90).toISOString()
    const since = shanghaiToday(daysAgo(366))
    const records = await k.selectFrom('benefit_records').select(['household_id', 'status', 'paid_on']).where('item', 'in', ['dibao', 'dibao_edge', 'expense_hardship', 'tekun']).where('paid_on', '>=', since).execute()
    const left = new Map<string, string>()
    for (const r of records.filter(r => r.status === 'stopped')) {
      if (r.paid_on > (left.get(r.household_id) ?? ''))
        left.set(r.household_id, r.paid_on)
    }
    for (const r of records.filter(r => r.status === 'paid' || r.status === 'granted')) {
      if (left.has(r.household_id) && r.paid_on >= left.get(r.household_id)!)
        left.delete(r.household_id)
    }
    return {
      notVisited: households.filter(h => (last.get(h.id) ?? '') < due).map(h => ({ id: h.id, head: maskName(heads.get(h.id)!), village: h.name, last: last.get(h.id) ?? null })),
      left: households.filter(h => left.has(h.id)).map(h => ({ id: h.id, head: maskName(heads.get(h.id)!), village: h.name, leftOn: left.get(h.id)!, last: last.get(h.id) ?? null })),
    }
  }

  /** Every page of a list after the page's own first one, following `next`. */
  async function restOf(path: string, next: string | null): Promise<ListPage[]> {
    const pages: ListPage[] = []
    for (let after = next; after !== null;) {
      const res = await town.get(`/api/staff/visits/coverage/${path}?after=${after}`)
      expect(res.statusCode, res.body).toBe(200)
      pages.push(res.json())
      after = pages.at(-1)!.next
    }
    return pages
  }

  beforeAll(async () => {
    t = await createTestApp(kind)
    const k = t.db.kysely
    const cipher = fieldCipher()
    const visitor = await k.selectFrom('users').select('id').where('username', '=', 'shegong').executeTakeFirstOrThrow()
    const now = new Date().toISOString()
    const households = Array.from({ length: PAGED_HOUSEHOLDS }, (_, i) => ({ id: randomUUID(), registry_ref: `PAGE-${String(i).padStart(3, '0')}`, area_code: i % 2 === 0 ? HEMEI : TAOYUAN, address: cipher.seal(`测试地址 ${i}`), created_at: now }))
    // Inserted in reverse register order: the lists' order is the database's doing.
    await k.insertInto('households').values([...households].reverse()).execute()
    await k.insertInto('household_members').values(households.map((h, i) => {
      const idNumber = `33990119600101${String(i).padStart(3, '0')}X`
      return { id: randomUUID(), household_id: h.id, id_number: cipher.seal(idNumber), id_number_hash: cipher.index('id_number', idNumber), name: `分页户主${i}`, relation: 'self', birth_date: '1960-01-01', is_head: 1 }
    })).execute()
    const visit = (household: string, at: Date) => {
      const id = randomUUID()
      return { id, client_id: id, household_id: household, visitor_id: visitor.id, visitor_role: 'social_worker' as const, organisation: '安乐镇社工站', type: 'care' as const, visited_at: at.toISOString(), observations: '[]', urgent: 0, urgent_note: '', notes: '', photo: null, location: null, accuracy: null, created_at: now, flag_resolved_at: null, flag_resolved_by: null }
    }
    // One in five visited 10 days ago (not due); one in five last visited 120 days ago (due).
    for (const [i, h] of households.entries()) {
      if (i % 5 === 0)
        await insertVisitOnce(k, visit(h.id, daysAgo(10)))
      if (i % 5 === 1)
        await insertVisitOnce(k, visit(h.id, daysAgo(120)))
    }
    // Three in four stopped dibao 30 days ago; of those, one in three was paid again after (did not leave).
    const record = (household: string, status: 'stopped' | 'paid', days: number) => ({ id: randomUUID(), household_id: household, department: 'mingzheng' as const, external_id: `P-${randomUUID()}`, item: 'dibao' as const, kind: 'cash' as const, amount_fen: 0, quantity: null, unit: null, period: shanghaiToday(daysAgo(days)).slice(0, 7), paid_on: shanghaiToday(daysAgo(days)), member_ids: '[]', status, source: 'feed' as const, reference: null, credential_id: null, import_batch_id: null, created_at: now, updated_at: now })
    const records = households.flatMap((h, i) => i % 4 === 3 ? [] : [record(h.id, 'stopped', 30), ...(i % 3 === 0 ? [record(h.id, 'paid', 20)] : [])])
    await k.insertInto('benefit_records').values(records).execute()
    town = await staffClient(t, 'town')
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t.close()
  })

  it('should answer the first 50 households not visited in 90 days with the total, and the rest page by page in register order, none twice', async () => {
    const expected = await expectedLists()
    expect(expected.notVisited.length).toBeGreaterThan(2 * COVERAGE_PAGE_SIZE)
    const page = await coverage(town, quarter)
    expect(page.notVisited90Days).toHaveLength(COVERAGE_PAGE_SIZE)
    expect(page.totals.notVisited90Days).toBe(expected.notVisited.length)
    expect(page.next.notVisited90Days).toBe(page.notVisited90Days.at(-1).householdId)
    const rest = await restOf('not-visited', page.next.notVisited90Days)
    expect([page.notVisited90Days, ...rest.map(p => p.households)].map(h => h.length)).toEqual([COVERAGE_PAGE_SIZE, COVERAGE_PAGE_SIZE, expected.notVisited.length - 2 * COVERAGE_PAGE_SIZE])
    expect(rest.map(p => p.total)).toEqual([expected.notVisited.length, expected.notVisited.length])
    const all: Listed[] = [...page.notVisited90Days, ...rest.flatMap(p => p.households)]
    expect(new Set(all.map(h => h.householdId)).size).toBe(all.length)
    expect(all.map(h => [h.householdId, h.maskedHeadName, h.villageName, h.lastVisitedAt])).toEqual(expected.notVisited.map(h => [h.id, h.head, h.village, h.last]))
    // Masked as before (分页户主7 → 分****), and nothing of the register.
    expect(all.map(h => h.maskedHeadName)).toContain('分****')
    expect(JSON.stringify(all)).not.toMatch(/分页户主|PAGE-/)
  })

  it('should page the households that left assistance alike', async () => {
    const expected = await expectedLists()
    expect(expected.left.length).toBeGreaterThan(COVERAGE_PAGE_SIZE)
    const page = await coverage(town, quarter)
    expect(page.leftAssistanceDue).toHaveLength(COVERAGE_PAGE_SIZE)
    expect(page.totals.leftAssistanceDue).toBe(expected.left.length)
    const rest = await restOf('left-assistance', page.next.leftAssistanceDue)
    expect(rest.map(p => [p.households.length, p.total, p.next])).toEqual([[expected.left.length - COVERAGE_PAGE_SIZE, expected.left.length, null]])
    const all: Listed[] = [...page.leftAssistanceDue, ...rest.flatMap(p => p.households)]
    expect(new Set(all.map(h => h.householdId)).size).toBe(all.length)
    expect(all.map(h => [h.householdId, h.maskedHeadName, h.villageName, h.leftOn, h.lastVisitedAt])).toEqual(expected.left.map(h => [h.id, h.head, h.village, h.leftOn, h.last]))
  })

  it('should answer the first page without a cursor, the same as the page\'s, and none left after the last', async () => {
    const page = await coverage(town, quarter)
    const first = (await town.get('/api/staff/visits/coverage/not-visited')).json()
    expect(first).toEqual({ households: page.notVisited90Days, total: page.totals.notVisited90Days, next: page.next.notVisited90Days })
    const last = (await restOf('not-visited', page.next.notVisited90Days)).at(-1)!
    expect(last.next).toBeNull()
    expect((await town.get(`/api/staff/visits/coverage/not-visited?after=${last.households.at(-1)!.householdId}`)).json()).toEqual({ households: [], total: page.totals.notVisited90Days, next: null })
  })

  it.each([
    ['that is no id', 'not-a-cursor'],
    ['of no household', randomUUID()],
  ])('should refuse a cursor %s (400)', async (_, after) => {
    for (const list of ['not-visited', 'left-assistance']) {
      const res = await town.get(`/api/staff/visits/coverage/${list}?after=${after}`)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({ code: 'validation_failed', message: '名单翻页位置填写有误', field: 'after' })
    }
  })

  it('should refuse as a cursor a household of another town, which the county may page from', async () => {
    const qingshan = await t.db.kysely.selectFrom('households').select('id').where('registry_ref', '=', 'DEMO-QS-001').executeTakeFirstOrThrow()
    const res = await town.get(`/api/staff/visits/coverage/not-visited?after=${qingshan.id}`)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ code: 'validation_failed', message: '名单翻页位置填写有误', field: 'after' })
    const county = await staffClient(t, 'county')
    expect((await county.get(`/api/staff/visits/coverage/not-visited?after=${qingshan.id}`)).statusCode).toBe(200)
  })

  it('should audit each further page like the page, and refuse whom the page refuses', async () => {
    await t.db.kysely.deleteFrom('audit_log').where('action', '=', 'visit_coverage_view').execute()
    const page = await coverage(town, quarter)
    await town.get(`/api/staff/visits/coverage/not-visited?after=${page.next.notVisited90Days}`)
    await town.get(`/api/staff/visits/coverage/left-assistance?after=${page.next.leftAssistanceDue}`)
    const audit = await t.db.kysely.selectFrom('audit_log').select(['actor_role', 'subject_type', 'subject_id', 'detail']).where('action', '=', 'visit_coverage_view').execute()
    expect(audit).toHaveLength(3)
    expect(audit).toEqual(expect.arrayContaining([
      { actor_role: 'town_staff', subject_type: 'area', subject_id: '339901001', detail: `quarter=${quarter}` },
      { actor_role: 'town_staff', subject_type: 'area', subject_id: '339901001', detail: `list=notVisited90Days; after=${page.next.notVisited90Days}; households=${COVERAGE_PAGE_SIZE}` },
      { actor_role: 'town_staff', subject_type: 'area', subject_id: '339901001', detail: `list=leftAssistanceDue; after=${page.next.leftAssistanceDue}; households=${page.totals.leftAssistanceDue - COVERAGE_PAGE_SIZE}` },
    ]))
    const yibao = await staffClient(t, 'town_yibao')
    for (const list of ['not-visited', 'left-assistance']) {
      expect((await yibao.get(`/api/staff/visits/coverage/${list}`)).statusCode).toBe(403)
      expect((await (await staffClient(t, 'volunteer')).get(`/api/staff/visits/coverage/${list}`)).statusCode).toBe(403)
    }
  })
})
