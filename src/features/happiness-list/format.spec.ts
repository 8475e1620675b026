import { describe, expect, it } from 'vitest'
import { describeMonthlyPayment } from '../../domain/happiness-list/money'
import { chinaToday, keepNumbersWhole, NARROW_NO_BREAK_SPACE as N, periodText, quarterLabel, quarterOfDate, recentQuarters, recordAmountText, yuanText } from './format'

describe('happiness-list wording', () => {
  it('should take the date in China, not in UTC, when the day turns', () => {
    expect(chinaToday(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01')
    expect(chinaToday(new Date('2026-12-31T15:59:00Z'))).toBe('2026-12-31')
  })

  it.each([['2026-01-01', '2026-Q1'], ['2026-03-31', '2026-Q1'], ['2026-04-01', '2026-Q2'], ['2026-12-31', '2026-Q4']])('should put %s in %s', (date, quarter) => {
    expect(quarterOfDate(date)).toBe(quarter)
  })

  it('should list recent quarters newest first, across years', () => {
    expect(recentQuarters('2026-Q2', 4)).toEqual(['2026-Q2', '2026-Q1', '2025-Q4', '2025-Q3'])
    expect(recentQuarters('nonsense')).toEqual([])
  })

  it.each([
    ['2026-Q4', 'zh-CN', '2026 年第 4 季度'],
    ['2026-Q4', 'en', 'Q4 2026'],
    ['2026-Q5', 'en', '2026-Q5'],
  ] as const)('should name %s in %s as %j', (quarter, lang, text) => {
    expect(quarterLabel(quarter, lang)).toBe(text)
  })

  it.each([
    ['2026-01', 'zh-CN', '2026 年 1 月'],
    ['2026-01', 'en', '2026-01'],
    ['2026-01-01/2026-06-30', 'zh-CN', '2026-01-01 至 2026-06-30'],
    ['2026-01-01/2026-06-30', 'en', '2026-01-01 to 2026-06-30'],
  ] as const)('should word the period %s in %s', (period, lang, text) => {
    expect(periodText(period, lang)).toBe(text)
  })

  it.each([
    [{ amountFen: 265_800, quantity: null, unit: null }, 'zh-CN', `2${N}658 元`],
    [{ amountFen: 265_800, quantity: null, unit: null }, 'en', '2,658 yuan'],
    [{ amountFen: null, quantity: 10, unit: '公斤' }, 'zh-CN', '10 公斤'],
    [{ amountFen: 33_333, quantity: 4, unit: '次' }, 'zh-CN', '4 次，333.33 元'],
  ] as const)('should word what a record gave: %j in %s', (record, lang, text) => {
    expect(recordAmountText(record, lang)).toBe(text)
  })

  it('should keep grouped digits on one line, leaving other spaces alone', () => {
    expect(keepNumbersWhole(describeMonthlyPayment({ monthlyFen: 102_000, from: '2026-01', to: '2026-11', paidFen: 1_122_000 }, 'zh-CN')))
      .toBe(`每月 1${N}020 元，2026 年 1 月至 11 月已发放 11${N}220 元`)
  })

  it('should write money with the domain helper', () => {
    expect(yuanText(5, 'zh-CN')).toBe('0.05 元')
  })
})
