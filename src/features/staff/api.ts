import type { CaseAction, CaseStatus } from '../../domain/application/case-status'
import type { CheckReport } from '../../domain/application/check-report'
import type { CaseView } from '../../domain/application/schemas'
import type { AmountGuideView, AuditEntryView, RevealTarget, StaffActionBody, StaffCase, StaffQueueRow } from '../../domain/application/staff-api'
import type { ItemCode } from '../../domain/items'
import type { QueueSortKey, SortOrder } from './queue'
import { get, post } from '../../api/client'

// Types come from the shared contract (type-only imports: no zod in the bundle).
export type { CheckReport, RevealTarget, StaffCase }
export type { StaffAction } from '../../domain/application/staff-rules'
export type QueueRow = StaffQueueRow
export type ActionInput = StaffActionBody
export type AuditEntry = AuditEntryView
export type AmountGuide = AmountGuideView

export interface QueueFilter {
  item?: ItemCode | ''
  status?: CaseStatus | ''
  overdue?: boolean
  sort?: QueueSortKey
  order?: SortOrder
}

/** The query of the queue's filters and order; the export takes the same. */
export function queueQuery(filter: QueueFilter): string {
  const params = new URLSearchParams()
  if (filter.item)
    params.set('item', filter.item)
  if (filter.status)
    params.set('status', filter.status)
  if (filter.overdue)
    params.set('overdue', 'true')
  if (filter.sort)
    params.set('sort', filter.sort)
  if (filter.order)
    params.set('order', filter.order)
  const query = params.toString()
  return query ? `?${query}` : ''
}

export function fetchQueue(filter: QueueFilter): Promise<{ cases: QueueRow[] }> {
  return get(`/staff/cases${queueQuery(filter)}`)
}

/** The queue as .xlsx, for ExportButton: what the table shows, in its order. */
export function queueExportPath(filter: QueueFilter): string {
  return `/staff/cases/export.xlsx${queueQuery(filter)}`
}

export function fetchCase(id: string): Promise<StaffCase> {
  return get(`/staff/cases/${encodeURIComponent(id)}`)
}

export function revealField(id: string, body: { target: RevealTarget, memberIndex?: number, reason: string }): Promise<{ value: string }> {
  return post(`/staff/cases/${encodeURIComponent(id)}/reveal`, body)
}

/** Staff saw proof that a member outside the registered household lives with the applicant. */
export function confirmMember(id: string, memberIndex: number): Promise<{ registryStatus: 'confirmed' }> {
  return post(`/staff/cases/${encodeURIComponent(id)}/members/${memberIndex}/confirm`)
}

export function fetchCheckReport(id: string): Promise<CheckReport> {
  return get(`/staff/cases/${encodeURIComponent(id)}/check-report`)
}

export function actOnCase(id: string, body: ActionInput): Promise<{ case: CaseView, allowedActions: CaseAction[] }> {
  return post(`/staff/cases/${encodeURIComponent(id)}/actions`, body)
}

export function fetchAudit(subjectType: string, subjectId: string): Promise<{ entries: AuditEntry[] }> {
  return get(`/staff/audit?subjectType=${encodeURIComponent(subjectType)}&subjectId=${encodeURIComponent(subjectId)}`)
}

/** The attachment's address for an <img>; the server checks access and audits the view. */
export function attachmentUrl(id: string): string {
  return `/api/attachments/${encodeURIComponent(id)}`
}
