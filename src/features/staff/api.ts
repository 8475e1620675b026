import type { CaseAction, CaseStatus } from '../../domain/application/case-status'
import type { CaseView } from '../../domain/application/schemas'
import type { ItemCode } from '../../domain/items'
import { get, post } from '../../api/client'

/** One row of the review queue. */
export interface QueueRow {
  id: string
  applicationNumber: string
  item: ItemCode
  itemName: string
  status: CaseStatus
  townName: string
  applicantNameMasked: string
  submittedAt: string
  dueAt: string | null
  overdue: boolean
}

export interface QueueFilter {
  item?: ItemCode | ''
  status?: CaseStatus | ''
  overdue?: boolean
}

export interface StaffCaseMember {
  index: number
  nameMasked: string
  idMasked: string
  relation: string
  age: number | null
  monthlyIncome: number
  disabilityGrade: number
  seriousIllness: boolean
  student: string
}

export interface StaffCaseDetail {
  case: CaseView
  application: {
    id: string
    number: string
    submittedAt: string
    reason: string
    address: string
    applicant: { nameMasked: string, idMasked: string, phoneMasked: string }
    members: StaffCaseMember[]
    attachments: { id: string, type: string, size: number }[]
    authorisations: { nameMasked: string, agreedAt: string }[]
    infoAnswers: { at: string, text: string, attachmentIds: string[] }[]
  }
  allowedActions: CaseAction[]
}

export type RevealTarget = 'applicant_id' | 'applicant_phone' | 'member_id'

export interface CheckFlag { kind: string, text: string }

export interface CheckReport {
  generatedAt: string
  members: {
    index: number
    nameMasked: string
    declaredMonthlyIncome: number
    sources: { source: string, sourceName: string, found: Record<string, unknown> }[]
    flags: CheckFlag[]
  }[]
  householdFlags: CheckFlag[]
}

export type StaffAction = Exclude<CaseAction, 'start' | 'answer_info' | 'withdraw'>

export interface ActionInput {
  action: StaffAction
  note?: string
  reason?: string
  monthlyAmount?: number
  startDate?: string
}

export interface AuditEntry {
  at: string
  actorRole: string | null
  actorName: string | null
  action: string
  subjectType: string
  subjectId: string | null
  detail: string | null
}

export function fetchQueue(filter: QueueFilter): Promise<{ cases: QueueRow[] }> {
  const params = new URLSearchParams()
  if (filter.item)
    params.set('item', filter.item)
  if (filter.status)
    params.set('status', filter.status)
  if (filter.overdue)
    params.set('overdue', 'true')
  const query = params.toString()
  return get(`/staff/cases${query ? `?${query}` : ''}`)
}

export function fetchCase(id: string): Promise<StaffCaseDetail> {
  return get(`/staff/cases/${encodeURIComponent(id)}`)
}

export function revealField(id: string, body: { target: RevealTarget, memberIndex?: number, reason: string }): Promise<{ value: string }> {
  return post(`/staff/cases/${encodeURIComponent(id)}/reveal`, body)
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
