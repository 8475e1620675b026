import type { z } from 'zod'
import type { assignAreasBody, coverageSchema, fieldWorkerSchema, fieldWorkersResponse, leftAssistancePageSchema, notVisitedPageSchema, urgentFlagSchema } from '../../domain/visits/api'
import { get, post, put } from '../../api/client'

// Staff screens of care visits (探访关爱, issue #6). Types come from the shared contract
// (type-only imports: no zod in the bundle).
export type Coverage = z.infer<typeof coverageSchema>
export type VillageCoverage = Coverage['villages'][number]
export type NotVisitedHousehold = Coverage['notVisited90Days'][number]
export type LeftAssistanceHousehold = Coverage['leftAssistanceDue'][number]
export type NotVisitedPage = z.infer<typeof notVisitedPageSchema>
export type LeftAssistancePage = z.infer<typeof leftAssistancePageSchema>
export type UrgentFlag = z.infer<typeof urgentFlagSchema>
export type FieldWorker = z.infer<typeof fieldWorkerSchema>
export type Area = FieldWorker['assignedAreas'][number]
export type AssignAreas = z.infer<typeof assignAreasBody>
export type FieldWorkers = z.infer<typeof fieldWorkersResponse>

export function fetchCoverage(quarter: string): Promise<Coverage> {
  return get(`/staff/visits/coverage?quarter=${encodeURIComponent(quarter)}`)
}

/** The next page of the households not visited in 90 days: `after` is the `next` of the page before. */
export function fetchNotVisitedPage(after: string): Promise<NotVisitedPage> {
  return get(`/staff/visits/coverage/not-visited?after=${encodeURIComponent(after)}`)
}

/** The next page of the households that left assistance: `after` is the `next` of the page before. */
export function fetchLeftAssistancePage(after: string): Promise<LeftAssistancePage> {
  return get(`/staff/visits/coverage/left-assistance?after=${encodeURIComponent(after)}`)
}

/** The coverage page as .xlsx (villages, urgent flags, both household lists), for ExportButton. */
export function coverageExportPath(quarter: string): string {
  return `/staff/visits/coverage/export.xlsx?quarter=${encodeURIComponent(quarter)}`
}

export function fetchFlags(): Promise<{ flags: UrgentFlag[] }> {
  return get('/staff/visits/flags')
}

/** Marks an urgent flag handled; the server answers the flag as it now stands. */
export function resolveFlag(id: string): Promise<UrgentFlag> {
  return post(`/staff/visits/flags/${encodeURIComponent(id)}/resolve`)
}

/** The workers touching the staff member's area, and the towns and villages they may be given. */
export function fetchFieldWorkers(): Promise<FieldWorkers> {
  return get('/staff/field-workers')
}

/** Replaces the areas a volunteer or social worker is assigned to; answers the worker as saved. */
export function saveAssignedAreas(workerId: string, body: AssignAreas): Promise<FieldWorker> {
  return put(`/staff/field-workers/${encodeURIComponent(workerId)}/areas`, body)
}
