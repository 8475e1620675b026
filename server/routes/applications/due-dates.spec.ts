import { describe, expect, it } from 'vitest'
import { resolveRegion } from '../../../src/domain/regions'
import { dueAt, makeApplicationNumber } from '../../services/applications/workflow'

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

describe('application numbers', () => {
  it('should carry the Beijing day, not the UTC one', () => {
    // 01:00 on 5 December in Beijing is still 4 December in UTC.
    expect(makeApplicationNumber(new Date('2026-12-04T17:00:00.000Z'))).toMatch(/^XFM-20261205-\d{6}$/)
    expect(makeApplicationNumber(new Date('2026-12-04T15:59:59.000Z'))).toMatch(/^XFM-20261204-\d{6}$/)
  })
})
