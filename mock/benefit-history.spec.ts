import type { DbKind } from '../server/db'
import type { TestApp } from '../server/routes/applications/test-builders'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { heldItemsOf } from '../server/db/repos/standing'
import { HOUSEHOLD, residentOf, staffClient } from '../server/routes/applications/test-builders'
import { createTestApp, TEST_DIALECTS } from '../server/testing'
import { checkRecordInput } from '../src/domain/happiness-list/record'
import { DEMO_DIBAO_MONTHLY_FEN, DEMO_PREMIUM_FEN, DEMO_TEKUN_MONTHLY_FEN, demoBenefits, demoHistoryEnd } from './benefit-history'

const SETUP_TIMEOUT_MS = 60_000

/** Seeding instants and the last month of history each must give, worked out by hand. */
const SEEDINGS = [
  { at: '2026-12-06T10:00:00+08:00', end: '2026-11' },
  // 00:30 on New Year's Day in Beijing is still 31 December in UTC.
  { at: '2027-01-01T00:30:00+08:00', end: '2026-12' },
  { at: '2027-03-15T10:00:00+08:00', end: '2027-02' },
  { at: '2028-01-10T10:00:00+08:00', end: '2027-12' },
]

/** The last year of the figure tables: later years pay its amounts. */
const LAST_TABLE_YEAR = 2026

describe('demo benefit history', () => {
  it.each(SEEDINGS)('should consist of valid records with distinct ids when seeded at $at', ({ at }) => {
    const history = demoBenefits(new Date(at))
    expect(history.filter(r => !checkRecordInput(r).ok)).toEqual([])
    expect(new Set(history.map(r => `${r.department}:${r.externalId}`)).size).toBe(history.length)
  })

  it.each(SEEDINGS)('should end with the month before the seeding month when seeded at $at', ({ at, end }) => {
    expect(demoHistoryEnd(new Date(at))).toBe(end)
    const months = demoBenefits(new Date(at)).map(r => r.paidOn.slice(0, 7)).sort()
    expect([months[0], months.at(-1)]).toEqual(['2024-01', end])
  })

  it('should be the same for every seeding in one month', () => {
    expect(demoBenefits(new Date('2027-03-31T23:59:00+08:00'))).toEqual(demoBenefits(new Date('2027-03-01T00:00:00+08:00')))
  })

  it('should pay the last table year\'s amounts in later years, premiums once a year, grants per term, rehabilitation per quarter', () => {
    const history = demoBenefits(new Date('2028-01-10T10:00:00+08:00'))
    const of = (ref: string, item: string) => history.filter(r => r.externalId.startsWith(`${ref}-`) && r.item === item && r.paidOn.startsWith('2027-'))
    const amounts = (ref: string, item: string) => of(ref, item).map(r => r.amountFen)
    expect(amounts('HM001', 'dibao')).toEqual(Array.from({ length: 12 }, () => DEMO_DIBAO_MONTHLY_FEN[LAST_TABLE_YEAR]))
    expect(amounts('TY001', 'tekun')).toEqual(Array.from({ length: 12 }, () => DEMO_TEKUN_MONTHLY_FEN[LAST_TABLE_YEAR]))
    // 李建国's family: 1 020 yuan a month (its 2026 amount), the three premiums in one January payment.
    expect(amounts('HM002', 'dibao')).toEqual(Array.from({ length: 12 }, () => 102_000))
    expect(of('HM002', 'medical').map(r => [r.paidOn, r.amountFen, r.period])).toEqual([['2027-01-10', 3 * DEMO_PREMIUM_FEN[LAST_TABLE_YEAR], '2027-01-01/2027-12-31']])
    expect(of('TY001', 'medical').map(r => [r.paidOn, r.amountFen])).toEqual([['2027-01-10', 2 * DEMO_PREMIUM_FEN[LAST_TABLE_YEAR]]])
    expect(of('TY001', 'education').map(r => [r.paidOn, r.amountFen])).toEqual([['2027-03-15', 100_000], ['2027-09-15', 100_000]])
    expect(of('TY002', 'child_rehab').map(r => r.period)).toEqual(['2027-01-01/2027-03-31', '2027-04-01/2027-06-30', '2027-07-01/2027-09-30', '2027-10-01/2027-12-31'])
    // One-off payments are not repeated.
    expect(history.filter(r => r.item === 'employment' || (r.item === 'medical' && r.kind === 'cash')).map(r => r.paidOn)).toEqual(['2024-08-20', '2026-05-12', '2025-06-18'])
  })
})

// The demo seeded with the clock set after its history's first tables end: the statuses the rules
// build on (receiving 低保 and 特困) and the warnings the README walks through must still be there.
describe.each(TEST_DIALECTS)('the demo seeded later, on %s', (kind: DbKind) => {
  describe.each(SEEDINGS.slice(2))('at $at', ({ at, end }) => {
    let t: TestApp
    const now = new Date(at)
    const householdId = async (key: keyof typeof HOUSEHOLD) =>
      (await t.db.kysely.selectFrom('households').select('id').where('registry_ref', '=', HOUSEHOLD[key].registryRef).executeTakeFirstOrThrow()).id

    beforeAll(async () => {
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(now)
      t = await createTestApp(kind)
    }, SETUP_TIMEOUT_MS)
    afterAll(async () => {
      await t?.close()
      vi.useRealTimers()
    })

    it('should count the demo\'s 低保 and 特困 households as receiving', async () => {
      const keys = ['wang', 'li', 'chen', 'zhao'] as const
      const ids = await Promise.all(keys.map(householdId))
      const held = await heldItemsOf(t.db.kysely, ids, now)
      expect(keys.map((key, i) => [key, held.get(ids[i]!)!.filter(h => h.state === 'receiving' && (h.item === 'dibao' || h.item === 'tekun')).map(h => h.item)])).toEqual([
        ['wang', ['dibao']],
        ['li', ['dibao']],
        ['chen', ['tekun']],
        ['zhao', ['dibao']],
      ])
    })

    it('should raise the demo\'s warnings: 安乐镇 a severe disability (overdue) and a 特困 child out of school, 长寿镇 a death in a 低保 household', async () => {
      const rows = async (username: string) => ((await (await staffClient(t, username)).get('/api/staff/warnings')).json().warnings as { rule: string, village: { name: string }, overdue: boolean }[])
        .map(w => [w.rule, w.village.name, w.overdue])
      expect(await rows('town')).toEqual([
        ['new_severe_disability', '和美村', true],
        ['student_hardship', '桃源村', false],
      ])
      expect((await rows('town2')).map(([rule, village]) => [rule, village])).toEqual([['earner_death', '青山村']])
    })

    it('should end the history with the month before the seeding month', async () => {
      const demo = await Promise.all((Object.keys(HOUSEHOLD) as (keyof typeof HOUSEHOLD)[]).map(householdId))
      const latest = await t.db.kysely.selectFrom('benefit_records')
        .select(['household_id', 'item'])
        .select(eb => eb.fn.max('paid_on').as('last'))
        .where('household_id', 'in', demo)
        .where('source', '=', 'feed')
        .groupBy(['household_id', 'item'])
        .execute()
      expect(latest.every(r => String(r.last).slice(0, 7) <= end)).toBe(true)
      const monthly = new Map(latest.filter(r => ['dibao', 'tekun', 'electricity', 'disability_allowance', 'home_care'].includes(r.item)).map(r => [`${r.household_id}:${r.item}`, String(r.last).slice(0, 7)]))
      // 王秀英 dibao and home care, 李建国 dibao, 陈桂兰 tekun and electricity, 刘芳's son's allowance, 赵大山 dibao and electricity.
      expect(monthly.size).toBe(8)
      expect([...new Set(monthly.values())]).toEqual([end])
    })

    it('should list 王秀英\'s year so far as computed by hand from the last table year\'s figures', async () => {
      const resident = await residentOf(t, 'wang')
      const year = end.slice(0, 4)
      const body = (await resident.get(`/api/happiness-list?year=${year}`)).json()
      // A dibao payment for each month up to the end, and the premium of January.
      const months = Number(end.slice(5))
      expect(body.totals.amountFen).toBe(months * DEMO_DIBAO_MONTHLY_FEN[LAST_TABLE_YEAR]! + DEMO_PREMIUM_FEN[LAST_TABLE_YEAR]!)
    })
  })
})
