import type { Kysely } from 'kysely'
import type { StaffQueueRow } from '../../../src/domain/application/staff-api'
import type { Lang } from '../../../src/domain/lang'
import type { StaffScope } from '../../db/repos/cases'
import type { Database } from '../../db/schema'
import { z } from 'zod'
import { CASE_STATUSES } from '../../../src/domain/application/case-status'
import { staffQueueQuery } from '../../../src/domain/application/staff-api'
import { ITEM_CODES } from '../../../src/domain/items'
import { maskName } from '../../../src/domain/mask'
import { itemNameKey } from '../../../src/domain/vocabulary'
import { translate } from '../../catalog'
import { staffQueue } from '../../db/repos/cases'
import { isOverdue } from '../applications/views'

/**
 * The review queue as the page and its export show it: the same filters, the same order.
 * Sorting happens here, once, so that the .xlsx lists the rows in the order the clerk sorted
 * the table (src/features/staff/api.ts names the same keys).
 */
export const QUEUE_SORT_KEYS = ['submittedAt', 'dueAt', 'item', 'status', 'town', 'number'] as const
export type QueueSortKey = (typeof QUEUE_SORT_KEYS)[number]

export const queueQuery = staffQueueQuery.extend({
  sort: z.enum(QUEUE_SORT_KEYS).optional().describe('Column to sort by; oldest application first when absent'),
  order: z.enum(['asc', 'desc']).optional(),
})
export type QueueQuery = z.infer<typeof queueQuery>

type Compare = (a: StaffQueueRow, b: StaffQueueRow) => number

const byIndex = <T>(list: readonly T[], of: (r: StaffQueueRow) => T): Compare => (a, b) => list.indexOf(of(a)) - list.indexOf(of(b))
const byText = (of: (r: StaffQueueRow) => string): Compare => (a, b) => of(a).localeCompare(of(b), 'zh-CN')

const COMPARE: Record<QueueSortKey, Compare> = {
  submittedAt: byText(r => r.submittedAt),
  // Cases without a deadline (decided, waiting) sort after those with one, in either order.
  dueAt: byText(r => r.dueAt ?? ''),
  // Items and statuses in their fixed order (the lifecycle), not alphabetically.
  item: byIndex(ITEM_CODES, r => r.item),
  status: byIndex(CASE_STATUSES, r => r.status),
  town: byText(r => r.townName),
  number: byText(r => r.applicationNumber),
}

/** Sorted by one column; ties stay oldest application first. */
export function sortQueue(rows: readonly StaffQueueRow[], sort: QueueSortKey = 'submittedAt', order: 'asc' | 'desc' = 'asc'): StaffQueueRow[] {
  const sign = order === 'desc' ? -1 : 1
  const tie = (a: StaffQueueRow, b: StaffQueueRow) => COMPARE.submittedAt(a, b) || a.id.localeCompare(b.id)
  return [...rows].sort((a, b) => {
    if (sort === 'dueAt' && (a.dueAt === null) !== (b.dueAt === null))
      return a.dueAt === null ? 1 : -1
    return sign * COMPARE[sort](a, b) || tie(a, b)
  })
}

/** The rows of the staff member's queue for the filters, masked, sorted. */
export async function queueRows(k: Kysely<Database>, scope: StaffScope, query: QueueQuery, lang: Lang, now = new Date().toISOString()): Promise<StaffQueueRow[]> {
  const { item, status, overdue } = query
  const rows = await staffQueue(k, scope, { item, status, overdueAt: overdue === 'true' ? now : undefined })
  const shown = rows
    .filter(r => overdue !== 'true' || isOverdue(r, now))
    .map(r => ({
      id: r.id,
      applicationNumber: r.number,
      item: r.item,
      itemName: translate(lang, itemNameKey(r.item)),
      status: r.status,
      townName: r.town_name,
      applicantNameMasked: maskName(r.applicant_name),
      submittedAt: r.submitted_at,
      dueAt: r.due_at,
      overdue: isOverdue(r, now),
    }))
  return sortQueue(shown, query.sort, query.order)
}

/** The filters of an export as the audit log keeps them: no names, only the choices. */
export function queueFilterDetail(query: QueueQuery): string {
  return [`item=${query.item ?? ''}`, `status=${query.status ?? ''}`, `overdue=${query.overdue ?? 'false'}`, `sort=${query.sort ?? 'submittedAt'}:${query.order ?? 'asc'}`].join('; ')
}
