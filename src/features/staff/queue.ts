import type { CaseStatus } from '../../domain/application/case-status'
import type { QueueRow } from './api'
import { CASE_STATUSES } from '../../domain/application/case-status'

// The review queue's table: which columns sort, what a header click does, what the counts say.
// The sorting itself is the server's (server/services/staff/queue.ts), so that the export lists
// the rows in the same order.

/** Columns that sort, as the API names them (server/services/staff/queue.ts QUEUE_SORT_KEYS). */
export const QUEUE_SORT_KEYS = ['submittedAt', 'dueAt', 'item', 'status', 'town', 'number'] as const
export type QueueSortKey = (typeof QUEUE_SORT_KEYS)[number]
export type SortOrder = 'asc' | 'desc'

export interface QueueSort {
  sort: QueueSortKey
  order: SortOrder
}

/** The queue is worked in the order people applied. */
export const DEFAULT_SORT: QueueSort = { sort: 'submittedAt', order: 'asc' }

/** A header click: the same column turns the order round, another column starts ascending. */
export function nextSort(current: QueueSort, key: QueueSortKey): QueueSort {
  return current.sort === key ? { sort: key, order: current.order === 'asc' ? 'desc' : 'asc' } : { sort: key, order: 'asc' }
}

/** aria-sort of a header: only the sorted column says how. */
export function ariaSort(current: QueueSort, key: QueueSortKey): 'ascending' | 'descending' | 'none' {
  if (current.sort !== key)
    return 'none'
  return current.order === 'asc' ? 'ascending' : 'descending'
}

export interface QueueCounts {
  total: number
  overdue: number
  /** Statuses present, in lifecycle order. */
  byStatus: { status: CaseStatus, count: number }[]
}

/** The counts above the table: of the rows shown (the filters apply). */
export function queueCounts(rows: readonly Pick<QueueRow, 'status' | 'overdue'>[]): QueueCounts {
  const per = new Map<CaseStatus, number>()
  for (const r of rows)
    per.set(r.status, (per.get(r.status) ?? 0) + 1)
  return {
    total: rows.length,
    overdue: rows.filter(r => r.overdue).length,
    byStatus: CASE_STATUSES.filter(s => per.has(s)).map(status => ({ status, count: per.get(status)! })),
  }
}
