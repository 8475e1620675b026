import { describe, expect, it } from 'vitest'
import { nextMonthStartsAt } from './entitlement-months'

describe('when the next month begins in Beijing', () => {
  it('should be midnight of the 1st in Beijing, 16:00 UTC the day before', () => {
    expect(new Date(nextMonthStartsAt(new Date('2026-12-06T10:00:00Z'))).toISOString()).toBe('2026-12-31T16:00:00.000Z')
  })

  it('should already be next month\'s start once the month has begun in Beijing though not in UTC', () => {
    expect(new Date(nextMonthStartsAt(new Date('2026-12-31T16:00:00Z'))).toISOString()).toBe('2027-01-31T16:00:00.000Z')
    expect(new Date(nextMonthStartsAt(new Date('2026-12-31T15:59:59Z'))).toISOString()).toBe('2026-12-31T16:00:00.000Z')
  })
})
