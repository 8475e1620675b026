import type { FunnelRow } from './api'
import { describe, expect, it } from 'vitest'
import { groupFunnel, monthsBack, percentOf, periodEnding, periodFromQuery, sumCounts } from './funnel'

function row(village: [string, string], month: string, counts: Partial<FunnelRow>): FunnelRow {
  return { village: { code: village[0], name: village[1] }, month, issued: 0, verified: 0, takenIn: 0, referred: 0, notEligible: 0, couldNotReach: 0, medianDaysToDecision: null, ...counts }
}

const HEMEI: [string, string] = ['339901001001', '和美村']
const TAOYUAN: [string, string] = ['339901001002', '桃源村']
const ROWS = [
  row(HEMEI, '2026-11', { issued: 2, verified: 2, takenIn: 1, notEligible: 1, medianDaysToDecision: 3 }),
  row(HEMEI, '2026-12', { issued: 3, verified: 1, referred: 1, medianDaysToDecision: 6 }),
  row(TAOYUAN, '2026-12', { issued: 1 }),
]

describe('the funnel', () => {
  it('should add every count of the rows up', () => {
    expect(sumCounts(ROWS)).toEqual({ issued: 6, verified: 3, takenIn: 1, referred: 1, notEligible: 1, couldNotReach: 0 })
    expect(sumCounts([])).toEqual({ issued: 0, verified: 0, takenIn: 0, referred: 0, notEligible: 0, couldNotReach: 0 })
  })

  it('should add the rows up per village in code order, keeping each row with its median', () => {
    const groups = groupFunnel([...ROWS].reverse(), 'village')
    expect(groups.map(g => [g.key, g.name, g.counts.issued, g.counts.verified])).toEqual([[HEMEI[0], '和美村', 5, 3], [TAOYUAN[0], '桃源村', 1, 0]])
    expect(groups[0]!.rows.map(r => r.medianDaysToDecision).sort()).toEqual([3, 6])
  })

  it('should add the rows up per month, oldest first', () => {
    expect(groupFunnel(ROWS, 'month').map(g => [g.key, g.counts.issued, g.counts.referred])).toEqual([['2026-11', 2, 0], ['2026-12', 4, 1]])
  })

  it.each([[3, 4, 75], [0, 0, null], [1, 3, 33], [2, 3, 67]] as const)('should give %i of %i as %s %%', (part, whole, percent) => {
    expect(percentOf(part, whole)).toBe(percent)
  })
})

describe('funnel periods', () => {
  it.each([['2026-12', 5, '2026-07'], ['2026-03', 3, '2025-12'], ['2026-01', 0, '2026-01'], ['2026-01', 13, '2024-12']] as const)('should go back from %s by %i months to %s', (month, count, back) => {
    expect(monthsBack(month, count)).toBe(back)
  })

  it('should end a period this month, within the 24 months the server allows', () => {
    expect(periodEnding('2026-12', 6)).toEqual({ from: '2026-07', to: '2026-12' })
    expect(periodEnding('2026-12', 40)).toEqual({ from: '2025-01', to: '2026-12' })
  })

  it.each([
    [{ from: '2026-01', to: '2026-12' }, { from: '2026-01', to: '2026-12' }],
    [{ from: '2025-01', to: '2026-12' }, { from: '2025-01', to: '2026-12' }],
    [{ from: '2024-12', to: '2026-12' }, { from: '2026-07', to: '2026-12' }],
    [{ from: '2026-12', to: '2026-01' }, { from: '2026-07', to: '2026-12' }],
    [{ from: '2026-13', to: '2026-12' }, { from: '2026-07', to: '2026-12' }],
    [{}, { from: '2026-07', to: '2026-12' }],
  ])('should read the period %j as %j', (query, period) => {
    expect(periodFromQuery(query, '2026-12')).toEqual(period)
  })
})
