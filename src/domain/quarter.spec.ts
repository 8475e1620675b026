import { describe, expect, it } from 'vitest'
import { isQuarter, quarterLabel, quarterOf, quarterRange, QUARTERS_BACK, recentQuarters } from './quarter'
import { shanghaiToday } from './time'
import { wordIn } from './words-test-support'

describe('quarterOf', () => {
  it.each([
    ['2026-01-01', '2026-Q1'],
    ['2026-03-31', '2026-Q1'],
    ['2026-04-01', '2026-Q2'],
    ['2026-06-30', '2026-Q2'],
    ['2026-07-01', '2026-Q3'],
    ['2026-09-30', '2026-Q3'],
    ['2026-10-01', '2026-Q4'],
    ['2026-12-31', '2026-Q4'],
    ['2026-11', '2026-Q4'],
  ])('should put %s in %s', (date, quarter) => {
    expect(quarterOf(date)).toBe(quarter)
  })

  it.each([
    ['2026-03-31T15:59:59Z', '2026-Q1', 'the last second of March in Beijing'],
    ['2026-03-31T16:00:00Z', '2026-Q2', 'midnight of 1 April in Beijing, still 31 March in UTC'],
    ['2026-12-31T16:00:00Z', '2027-Q1', 'new year in Beijing, still the old year in UTC'],
  ])('should turn the quarter at midnight in Beijing: %s is in %s (%s)', (instant, quarter) => {
    expect(quarterOf(shanghaiToday(new Date(instant)))).toBe(quarter)
  })
})

describe('quarterRange', () => {
  it.each([
    ['2026-Q1', { from: '2026-01-01', to: '2026-03-31' }],
    ['2024-Q1', { from: '2024-01-01', to: '2024-03-31' }],
    ['2026-Q2', { from: '2026-04-01', to: '2026-06-30' }],
    ['2026-Q3', { from: '2026-07-01', to: '2026-09-30' }],
    ['2026-Q4', { from: '2026-10-01', to: '2026-12-31' }],
    ['2026-Q5', null],
    ['2026-Q0', null],
    ['2026-11-23', null],
  ])('should give the range of %s', (quarter, range) => {
    expect(quarterRange(quarter)).toEqual(range)
  })

  it('should give a range that holds the quarter of its first and last days', () => {
    for (const q of ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']) {
      const { from, to } = quarterRange(q)!
      expect([quarterOf(from), quarterOf(to)]).toEqual([q, q])
    }
  })
})

describe('isQuarter', () => {
  it.each([
    ['2026-Q4', true],
    ['2026-Q5', false],
    ['2026-q4', false],
    ['26-Q4', false],
    ['2026-Q4 ', false],
  ])('should read %j as a quarter: %s', (text, ok) => {
    expect(isQuarter(text)).toBe(ok)
  })
})

describe('recentQuarters', () => {
  it('should list recent quarters newest first, across years', () => {
    expect(recentQuarters('2026-Q2', 4)).toEqual(['2026-Q2', '2026-Q1', '2025-Q4', '2025-Q3'])
    expect(recentQuarters('2026-Q4')).toHaveLength(QUARTERS_BACK)
    expect(recentQuarters('nonsense')).toEqual([])
  })
})

describe('quarterLabel', () => {
  it.each([
    ['2026-Q4', 'zh-CN', '2026年第4季度'],
    ['2026-Q4', 'zh-TW', '2026年第4季度'],
    ['2026-Q4', 'en', 'Q4 2026'],
  ] as const)('should name %s in %s as %j', (quarter, lang, text) => {
    expect(wordIn(lang, quarterLabel(quarter))).toBe(text)
  })

  it('should refuse what is no quarter rather than name it', () => {
    expect(() => quarterLabel('2026-Q5')).toThrow('2026-Q5')
  })
})
