import type { StaffQueueRow } from '../../../src/domain/application/staff-api'
import { describe, expect, it } from 'vitest'
import { sortQueue } from './queue'

function row(id: string, over: Partial<StaffQueueRow>): StaffQueueRow {
  return { id, applicationNumber: `XFM-${id}`, item: 'dibao', itemName: '', status: 'submitted', townName: '安乐镇', applicantNameMasked: '刘*', submittedAt: '2026-11-20T00:00:00.000Z', dueAt: null, overdue: false, ...over }
}

const ROWS = [
  row('a', { item: 'temporary', status: 'reviewing', submittedAt: '2026-11-21T00:00:00.000Z', dueAt: '2026-11-30T00:00:00.000Z', townName: '长寿镇' }),
  row('b', { item: 'dibao', status: 'approved', submittedAt: '2026-11-22T00:00:00.000Z', dueAt: null }),
  row('c', { item: 'tekun', status: 'submitted', submittedAt: '2026-11-20T00:00:00.000Z', dueAt: '2026-11-25T00:00:00.000Z' }),
  row('d', { item: 'temporary', status: 'submitted', submittedAt: '2026-11-19T00:00:00.000Z', dueAt: '2026-11-26T00:00:00.000Z' }),
]
const ids = (rows: StaffQueueRow[]) => rows.map(r => r.id).join('')

describe('review queue order', () => {
  it.each([
    [undefined, undefined, 'dcab'],
    ['submittedAt', 'desc', 'bacd'],
    // Items and statuses in their fixed order (dibao, …, tekun, …, temporary), ties oldest first.
    ['item', 'asc', 'bcda'],
    ['item', 'desc', 'dacb'],
    ['status', 'asc', 'dcab'],
    // Cases without a deadline last, whichever way.
    ['dueAt', 'asc', 'cdab'],
    ['dueAt', 'desc', 'adcb'],
    // Towns by their Chinese collation (安 before 长), ties oldest first.
    ['town', 'desc', 'adcb'],
  ] as const)('should sort by %s %s as %s', (sort, order, expected) => {
    expect(ids(sortQueue(ROWS, sort, order))).toBe(expected)
  })
})
