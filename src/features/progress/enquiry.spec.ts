import { describe, expect, it } from 'vitest'
import { isIdSuffix, normalizeApplicationNumber } from './enquiry'
import { formatDate } from './format'

describe('enquiry checks', () => {
  it.each([
    ['08001X', true],
    ['08001x', true],
    ['080012', true],
    [' 080012 ', true],
    ['0800X2', false],
    ['08001', false],
    ['0800123', false],
  ])('should take %j as the last six of an ID: %s', (value, ok) => {
    expect(isIdSuffix(value)).toBe(ok)
  })

  it('should drop the spaces people type in a number', () => {
    expect(normalizeApplicationNumber(' SQ2026 0301-0001 ')).toBe('SQ20260301-0001')
  })
})

describe('formatDate', () => {
  it('should show a bare date as that calendar day', () => {
    expect(formatDate('2026-04-01', 'zh-CN')).toBe('2026年4月1日')
  })
})
