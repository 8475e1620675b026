import { describe, expect, it } from 'vitest'
import { ariaSort, DEFAULT_SORT, nextSort, queueCounts } from './queue'

describe('review queue table', () => {
  it.each([
    [{ sort: 'submittedAt', order: 'asc' }, 'submittedAt', { sort: 'submittedAt', order: 'desc' }],
    [{ sort: 'submittedAt', order: 'desc' }, 'submittedAt', { sort: 'submittedAt', order: 'asc' }],
    [{ sort: 'submittedAt', order: 'desc' }, 'dueAt', { sort: 'dueAt', order: 'asc' }],
    [{ sort: 'item', order: 'asc' }, 'status', { sort: 'status', order: 'asc' }],
  ] as const)('should go from %j on a click of %s to %j', (current, key, expected) => {
    expect(nextSort(current, key)).toEqual(expected)
  })

  it('should tell screen readers the order of the sorted column only', () => {
    expect(ariaSort(DEFAULT_SORT, 'submittedAt')).toBe('ascending')
    expect(ariaSort({ sort: 'submittedAt', order: 'desc' }, 'submittedAt')).toBe('descending')
    expect(ariaSort(DEFAULT_SORT, 'dueAt')).toBe('none')
  })

  it('should count the rows shown, per status in lifecycle order, and the overdue ones', () => {
    const rows = [
      { status: 'reviewing', overdue: true },
      { status: 'submitted', overdue: false },
      { status: 'approved', overdue: false },
      { status: 'submitted', overdue: true },
    ] as const
    expect(queueCounts(rows)).toEqual({
      total: 4,
      overdue: 2,
      byStatus: [{ status: 'submitted', count: 2 }, { status: 'reviewing', count: 1 }, { status: 'approved', count: 1 }],
    })
    expect(queueCounts([])).toEqual({ total: 0, overdue: 0, byStatus: [] })
  })
})
