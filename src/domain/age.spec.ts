import { describe, expect, it } from 'vitest'
import { ADULT_AGE, ageOn } from './age'

describe('ageOn', () => {
  it.each([
    ['2008-03-01', '2026-02-28', 17],
    ['2008-03-01', '2026-03-01', 18],
    ['2008-03-01', '2026-03-02', 18],
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
    ['2008-02-29', '2028-02-29', 20],
    ['1949-12-31', '2026-12-30', 76],
    ['1949-12-31', '2026-12-31', 77],
    ['2026-11-23', '2026-11-23', 0],
  ])('should make someone born %s on %s %i years old', (birth, date, age) => {
    expect(ageOn(birth, date)).toBe(age)
  })

  it('should come of age on the 18th birthday', () => {
    expect(ageOn('2008-03-01', '2026-03-01')).toBe(ADULT_AGE)
  })
})
