import { describe, expect, it } from 'vitest'
import { addWorkingDays, monthsBefore } from './dates'

describe('monthsBefore', () => {
  it.each([
    ['2026-12-05', 12, '2025-12-05'],
    ['2024-02-29', 12, '2023-02-28'],
    ['2026-03-31', 1, '2026-02-28'],
    ['2026-01-15', 1, '2025-12-15'],
  ])('should give %s − %s months = %s', (day, months, expected) => {
    expect(monthsBefore(day, months)).toBe(expected)
  })
})

describe('addWorkingDays', () => {
  it.each([
    // day, count, due, why
    ['2026-12-07', 10, '2026-12-21', 'Monday + 10 working days skips two weekends'],
    ['2026-12-05', 10, '2026-12-18', 'a Saturday counts from the Monday after'],
    ['2026-12-04', 1, '2026-12-07', 'Friday + 1 is Monday'],
    ['2026-12-31', 2, '2027-01-04', 'across the year: Thursday + 2 is Monday'],
    ['2026-12-07', 0, '2026-12-07', 'no days: the day itself'],
  ])('should give %s + %s working days = %s when %s', (day, count, due) => {
    expect(addWorkingDays(day, count)).toBe(due)
  })
})
