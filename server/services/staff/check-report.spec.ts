import type { CheckFound } from '../../../src/domain/application/check-report'
import type { EconomicCheckResult } from '../../adapters/index'
import type { ReportInput } from './check-report'
import { describe, expect, it } from 'vitest'
import { resolveRegion } from '../../../src/domain/regions/index'
import { buildCheckReport } from './check-report'

const ID = '339901197506080012'
const ZHEJIANG = resolveRegion('339901')!

function result(over: Partial<Omit<CheckFound, 'huji'>> = {}): EconomicCheckResult {
  return {
    checkedAt: '2026-11-23T10:00:00.000Z',
    persons: [{
      idNumber: ID,
      findings: [
        { source: 'huji', found: { registered: true, areaCode: '339901001001', householdRef: 'H1' } },
        { source: 'shebao', found: over.shebao ?? { insured: true, monthlyWage: 0, monthlyPension: 0 } },
        { source: 'budongchan', found: over.budongchan ?? { properties: 1, totalAreaM2: 80 } },
        { source: 'cheliang', found: over.cheliang ?? { vehicles: 0, estimatedValue: 0 } },
        { source: 'gongjijin', found: over.gongjijin ?? { monthlyContribution: 0 } },
        { source: 'yinhang', found: over.yinhang ?? { deposits: 0, financialAssets: 0 } },
        { source: 'gongshang', found: over.gongshang ?? { businesses: 0, monthlyTaxableIncome: 0 } },
      ],
    }],
  }
}

function report(declared: number, found: Partial<Omit<CheckFound, 'huji'>>, over: Partial<ReportInput> = {}) {
  return buildCheckReport({
    lang: 'zh-CN',
    members: [{ name: '李建国', idNumber: ID, monthlyIncome: declared }],
    applicantIdNumber: ID,
    result: result(found),
    region: ZHEJIANG,
    edge: false,
    declared: null,
    ...over,
  })
}

const wage = (monthlyWage: number) => ({ shebao: { insured: true, monthlyWage, monthlyPension: 0 } })
const kinds = (r: ReturnType<typeof report>) => [...r.members[0].flags, ...r.householdFlags].map(f => f.kind)

describe('economic check report', () => {
  // Tolerance: 100 yuan, or 10 % of the declared income when that is more.
  it.each([
    [1000, 1100, []],
    [1000, 1101, ['income_mismatch']],
    [1000, 899, ['income_mismatch']],
    [3000, 3300, []],
    [3000, 3301, ['income_mismatch']],
    [0, 100, []],
    [0, 260, ['income_mismatch']],
  ])('should flag a declared %i against %i found only beyond the tolerance', (declared, found, expected) => {
    expect(kinds(report(declared, wage(found)))).toEqual(expected)
  })

  it('should add pension and business income to the wage', () => {
    const r = report(0, { shebao: { insured: true, monthlyWage: 1000, monthlyPension: 500 }, gongshang: { businesses: 1, monthlyTaxableIncome: 700 } })
    expect(r.members[0].foundMonthlyIncome).toBe(2200)
    expect(r.members[0].flags[0].text).toBe('申报月收入 0 元，核对发现 2200 元（工资 1000 元、养老金 500 元、经营所得 700 元）')
  })

  it.each([
    [21264, []],
    [21265, ['deposits_over_limit']],
  ])('should compare deposits of %i per person with Zhejiang\'s limit of 21264', (deposits, expected) => {
    expect(kinds(report(0, { yinhang: { deposits, financialAssets: 0 } }))).toEqual(expected)
  })

  it('should use the dibao-edge limit for an edge application', () => {
    expect(kinds(report(0, { yinhang: { deposits: 40000, financialAssets: 0 } }, { edge: true }))).toEqual([])
  })

  it('should skip the deposit limit when the region has no figures', () => {
    expect(kinds(report(0, { yinhang: { deposits: 1e6, financialAssets: 0 } }, { region: null }))).toEqual([])
  })

  it('should flag a second property of the household, not the first', () => {
    expect(kinds(report(0, {}))).toEqual([])
    expect(kinds(report(0, { budongchan: { properties: 2, totalAreaM2: 160 } }))).toEqual(['extra_property'])
  })

  it('should keep the sources in the order of the policy brief and name them', () => {
    const sources = report(0, {}).members[0].sources
    expect(sources.map(s => [s.source, s.sourceName])).toEqual([
      ['huji', '户籍（公安）'],
      ['shebao', '社会保险（人社）'],
      ['budongchan', '不动产登记'],
      ['cheliang', '机动车登记（公安交管）'],
      ['gongjijin', '住房公积金'],
      ['yinhang', '银行存款及金融资产'],
      ['gongshang', '工商登记和纳税'],
    ])
  })
})
