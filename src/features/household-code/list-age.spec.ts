import { describe, expect, it } from 'vitest'
import { formatListAge, listAge } from './list-age'

const NOW = Date.parse('2026-11-23T08:00:00.000Z')
const ago = (ms: number) => new Date(NOW - ms).toISOString()
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

describe('listAge', () => {
  it.each([
    [30_000, null],
    [-5 * MINUTE, null],
    [MINUTE, { count: 1, unit: 'minute' }],
    [59 * MINUTE, { count: 59, unit: 'minute' }],
    [HOUR, { count: 1, unit: 'hour' }],
    [23 * HOUR + 59 * MINUTE, { count: 23, unit: 'hour' }],
    [DAY, { count: 1, unit: 'day' }],
    [3 * DAY + 5 * HOUR, { count: 3, unit: 'day' }],
  ] as const)('should call a list %i ms old %o', (ms, expected) => {
    expect(listAge(ago(ms), NOW)).toEqual(expected)
  })

  it('should give no age for a time it cannot read', () => {
    expect(listAge('yesterday', NOW)).toBeNull()
  })
})

describe('formatListAge', () => {
  it.each([
    ['zh-CN', 3 * DAY, '3天前'],
    ['zh-CN', DAY, '昨天'],
    ['zh-CN', 2 * HOUR, '2小时前'],
    ['en', 3 * DAY, '3 days ago'],
    ['en', 5 * MINUTE, '5 minutes ago'],
    ['zh-TW', 3 * DAY, '3 天前'],
  ])('should say in %s how old the list is (%i ms)', (locale, ms, text) => {
    expect(formatListAge(ago(ms), locale, '刚刚', NOW)).toBe(text)
  })

  it('should say "just now" under a minute', () => {
    expect(formatListAge(ago(10_000), 'zh-CN', '刚刚', NOW)).toBe('刚刚')
  })
})
