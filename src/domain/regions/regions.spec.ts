import type { FigureKey } from './index'
import { describe, expect, it } from 'vitest'
import {
  edgeIncomeLine,
  FIGURE_KEYS,
  getRegionConfig,
  isRegionCode,
  listRegions,
  parentRegionCode,
  regionCodeChain,
  regionCodeSchema,
  resolveRegion,
} from './index'

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

describe('resolveRegion', () => {
  it.each([
    // asked, nearest configured, figure, value, region the figure comes from
    ['330106', '330100', 'edgeMultiple', 2, '330100'],
    ['330106', '330100', 'dibaoMonthly', 886, '330000'],
    ['330106', '330100', 'tekunMonthly', 1410, '330000'],
    ['330106', '330100', 'minWageMonthly', 2280, '330000'],
    ['330100', '330100', 'jobExemptMonths', 12, '330000'],
    ['330000', '330000', 'disabledJobExemptMonths', 36, '330000'],
    ['330201', '330000', 'dibaoMonthly', 886, '330000'],
    ['440106', '440100', 'dibaoMonthly', 1120, '440100'],
    ['440100', '440100', 'edgeMultiple', 1.5, '440100'],
    ['440100', '440100', 'tekunMonthly', 1792, '440100'],
    ['440100', '440100', 'minWageMonthly', 2300, '440100'],
    ['990101', '990000', 'minWageMonthly', 1800, '990000'],
  ] as [string, string, FigureKey, number, string][])(
    'should take %s figures from %s and %s from %s when resolving',
    (code, configured, key, value, owner) => {
      const region = resolveRegion(code)
      expect(region).not.toBeNull()
      expect(region?.code).toBe(code)
      expect(region?.configuredCode).toBe(configured)
      expect(region?.[key]).toBe(value)
      expect(region?.sources[key].regionCode).toBe(owner)
    },
  )

  it('should walk 330106 → 330100 → 330000 when the county has no data', () => {
    const region = resolveRegion('330106')
    expect(region?.name).toBe('杭州市')
    expect(region?.sources.edgeMultiple.source).toContain('杭州')
    expect(region?.sources.dibaoMonthly.source).toContain('浙江')
    expect(region?.sources.dibaoMonthly.effectiveFrom).toBe('2020-12-31')
    expect(region?.sources.minWageMonthly.effectiveFrom).toBe('2021-08-01')
  })

  it.each([
    ['440300', 'Guangdong itself is not configured'],
    ['110105', 'Beijing is not configured'],
    ['110000', 'Beijing is not configured'],
    ['000000', 'no such province'],
    ['33010', 'five digits'],
    ['3301060', 'seven digits'],
    ['abcdef', 'not digits'],
    ['', 'empty'],
  ])('should return null when the code is %s (%s)', (code) => {
    expect(resolveRegion(code)).toBeNull()
  })

  it('should give the same frozen figures for the same code, so that callers can share them', () => {
    const first = resolveRegion('330106')
    expect(resolveRegion('330106')).toBe(first)
    expect(Object.isFrozen(first)).toBe(true)
    expect(Object.isFrozen(first?.sources.dibaoMonthly)).toBe(true)
    expect(resolveRegion('440106')).not.toBe(first)
  })

  it('should keep answering after more codes than it remembers', () => {
    for (let county = 1; county <= 1100; county++)
      expect(resolveRegion(`33${String(county).padStart(4, '0')}`)?.dibaoMonthly).toBe(886)
    expect(resolveRegion('330106')?.configuredCode).toBe('330100')
    expect(resolveRegion('110105')).toBeNull()
  })

  it('should flag the demo region as fictional when resolving it', () => {
    const region = resolveRegion('990000')
    expect(region?.demo).toBe(true)
    expect(region?.name).toContain('虚构')
    expect(resolveRegion('330000')?.demo).toBe(false)
  })
})

describe('region data', () => {
  it.each(listRegions().map(r => [r.code, r] as const))(
    'should be complete, dated and cited when region %s is resolved',
    (code, config) => {
      expect(isRegionCode(code)).toBe(true)
      expect(config.parent).toBe(parentRegionCode(code))
      expect(config.effectiveFrom).toMatch(ISO_DATE)
      expect(config.source.length).toBeGreaterThan(0)
      const region = resolveRegion(code)
      expect(region).not.toBeNull()
      for (const key of FIGURE_KEYS) {
        expect(Number.isFinite(region?.[key])).toBe(true)
        expect(region?.[key]).toBeGreaterThan(0)
        expect(region?.sources[key].source.length).toBeGreaterThan(0)
        expect(region?.sources[key].effectiveFrom).toMatch(ISO_DATE)
        expect(Number.isNaN(Date.parse(region?.sources[key].effectiveFrom ?? ''))).toBe(false)
      }
    },
  )

  it('should list each region code once when listing regions', () => {
    const codes = listRegions().map(r => r.code)
    expect(new Set(codes).size).toBe(codes.length)
    expect(codes).toEqual(expect.arrayContaining(['330000', '330100', '440100', '990000']))
  })

  it.each(['330000', '440100'])('should label guessed deposit limits as estimates when region is %s', (code) => {
    const region = resolveRegion(code)
    expect(region?.sources.maxDepositsPerCapita.source).toContain('演示用估计值')
    expect(region?.sources.edgeMaxDepositsPerCapita.source).toContain('演示用估计值')
  })

  it('should override only the edge multiple when the region is Hangzhou', () => {
    expect(Object.keys(getRegionConfig('330100')?.figures ?? {})).toEqual(['edgeMultiple'])
  })
})

describe('edgeIncomeLine', () => {
  it.each([
    ['330000', 1772, 'uncapped: 2 × 886 < 2280'],
    ['440100', 1680, 'uncapped: 1.5 × 1120 < 2300'],
    ['990000', 1800, 'capped: 2 × 1000 = 2000 > minimum wage 1800'],
  ])('should be %s → %s when %s', (code, line) => {
    const region = resolveRegion(code)
    expect(region).not.toBeNull()
    if (region)
      expect(edgeIncomeLine(region)).toBe(line)
  })
})

describe('region codes', () => {
  it.each([
    ['330106', true],
    ['990000', true],
    ['33010', false],
    ['3301066', false],
    ['33010a', false],
    [' 330106', false],
    [330106, false],
    [null, false],
  ])('should say %s is valid: %s when checking the format', (value, valid) => {
    expect(isRegionCode(value)).toBe(valid)
    expect(regionCodeSchema.safeParse(value).success).toBe(valid)
  })

  it.each([
    ['330106', '330100'],
    ['330100', '330000'],
    ['330000', null],
    ['bad', null],
  ])('should derive parent of %s as %s when following GB/T 2260', (code, parent) => {
    expect(parentRegionCode(code)).toBe(parent)
  })

  it('should list the code then its ancestors when building the chain', () => {
    expect(regionCodeChain('330106')).toEqual(['330106', '330100', '330000'])
    expect(regionCodeChain('330000')).toEqual(['330000'])
    expect(regionCodeChain('x')).toEqual([])
  })
})
