import { describe, expect, it } from 'vitest'
import { resolveRegion } from '../../../src/domain/regions'
import { dueAt } from './workflow'

const FROM = new Date('2026-11-23T08:00:00.000Z')
const DAY_MS = 86_400_000

describe('due dates from the region\'s time limits', () => {
  it.each([
    ['submitted', 'acceptDays'],
    ['accepted', 'acceptDays'],
    ['checking', 'checkDays'],
    ['reviewing', 'reviewDays'],
    ['need_more_info', 'moreInfoDays'],
  ] as const)('should give %s the region figure %s in days', (status, figure) => {
    const days = resolveRegion('339901')![figure]
    expect(dueAt(status, FROM, '339901001')).toBe(new Date(FROM.getTime() + days * DAY_MS).toISOString())
  })

  it.each(['waiting', 'approved', 'rejected', 'withdrawn'] as const)('should give %s no due date', (status) => {
    expect(dueAt(status, FROM, '339901001')).toBeNull()
  })

  it('should give no due date where no region is configured', () => {
    expect(dueAt('submitted', FROM, '540102001')).toBeNull()
  })
})
