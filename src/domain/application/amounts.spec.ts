import type { AmountGuide } from './amounts'
import { describe, expect, it } from 'vitest'
import { amountGuide, amountGuideInYuan } from './amounts'

const REGION = { dibaoMonthly: 886, tekunMonthly: 1410 }
const incomes = (...fen: number[]) => fen.map(monthlyIncomeFen => ({ monthlyIncomeFen }))

describe('amountGuide', () => {
  it.each<[string, number[], AmountGuide]>([
    ['刘芳 and her son (800 and nothing)', [80_000, 0], { suggestedFen: 97_200, maxFen: 177_200, working: { rule: 'dibao_gap', lineFen: 88_600, members: 2, incomeFen: 80_000, perCapitaFen: 40_000, gapFen: 48_600 } }],
    ['incomes with fen (400.35 and 0.07)', [40_035, 7], { suggestedFen: 137_158, maxFen: 177_200, working: { rule: 'dibao_gap', lineFen: 88_600, members: 2, incomeFen: 40_042, perCapitaFen: 20_021, gapFen: 68_579 } }],
    ['a share of half a fen rounded up (800.01 ÷ 2)', [80_001, 0], { suggestedFen: 97_198, maxFen: 177_200, working: { rule: 'dibao_gap', lineFen: 88_600, members: 2, incomeFen: 80_001, perCapitaFen: 40_001, gapFen: 48_599 } }],
    ['a share of a third (1001 ÷ 3)', [100_100, 0, 0], { suggestedFen: 165_699, maxFen: 265_800, working: { rule: 'dibao_gap', lineFen: 88_600, members: 3, incomeFen: 100_100, perCapitaFen: 33_367, gapFen: 55_233 } }],
    ['an income above the line', [200_000], { suggestedFen: 0, maxFen: 88_600, working: { rule: 'dibao_gap', lineFen: 88_600, members: 1, incomeFen: 200_000, perCapitaFen: 200_000, gapFen: 0 } }],
    ['no members at all (counted as one)', [], { suggestedFen: 88_600, maxFen: 88_600, working: { rule: 'dibao_gap', lineFen: 88_600, members: 1, incomeFen: 0, perCapitaFen: 0, gapFen: 88_600 } }],
  ])('should give 低保 the gap in whole fen for %s', (_, fen, guide) => {
    expect(amountGuide('dibao', REGION, incomes(...fen))).toEqual(guide)
  })

  it('should sum ten incomes of 0.10 yuan to exactly one yuan', () => {
    const guide = amountGuide('dibao', REGION, incomes(...Array.from({ length: 10 }, () => 10)))
    expect(guide?.working).toMatchObject({ incomeFen: 100, perCapitaFen: 10 })
  })

  it('should give 特困 the standard and allow it for every member', () => {
    expect(amountGuide('tekun', REGION, incomes(0, 0))).toEqual({ suggestedFen: 141_000, maxFen: 282_000, working: { rule: 'tekun_standard', standardFen: 141_000, members: 2 } })
  })

  it.each(['dibao_edge', 'disability_allowance'] as const)('should cap %s at the line for every member without suggesting', (item) => {
    expect(amountGuide(item, REGION, incomes(0, 0, 0))).toEqual({ suggestedFen: null, maxFen: 265_800, working: { rule: 'line_cap', lineFen: 88_600, members: 3 } })
  })

  it('should give no guide for an item not paid monthly', () => {
    expect(amountGuide('medical', REGION, incomes(0))).toBeNull()
  })
})

describe('amountGuideInYuan', () => {
  it('should show the guide in yuan as staff read it', () => {
    expect(amountGuideInYuan(amountGuide('dibao', REGION, incomes(80_000, 0))!)).toEqual({ suggested: 972, max: 1772, working: { rule: 'dibao_gap', line: 886, members: 2, income: 800, perCapita: 400, gap: 486 } })
    expect(amountGuideInYuan(amountGuide('dibao', REGION, incomes(40_035, 7))!)).toEqual({ suggested: 1371.58, max: 1772, working: { rule: 'dibao_gap', line: 886, members: 2, income: 400.42, perCapita: 200.21, gap: 685.79 } })
    expect(amountGuideInYuan(amountGuide('dibao_edge', REGION, incomes(0))!)).toEqual({ suggested: null, max: 886, working: { rule: 'line_cap', line: 886, members: 1 } })
    expect(amountGuideInYuan(amountGuide('tekun', REGION, incomes(0))!)).toEqual({ suggested: 1410, max: 1410, working: { rule: 'tekun_standard', standard: 1410, members: 1 } })
  })
})
