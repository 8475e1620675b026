import { describe, expect, it } from 'vitest'
import { isIdSuffix, normalizeApplicationNumber } from './enquiry'

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
