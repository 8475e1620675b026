import type { z } from 'zod'
import type { signalViewSchema, warningDetailResponse, warningSummarySchema } from '../../domain/warnings/api'
import type { decisionSchema, funnelResponse, funnelRowSchema, staffInvitationSchema, VerifyWarningBody, verifyWarningResponse, WarningStatus } from '../../domain/warnings/verification'
import { get, post } from '../../api/client'

// The staff side of 政策找人 (issue #19): the warning queue, a warning's page, its verification
// and the funnel. Types come from the shared contract (type-only imports: no zod in the bundle).

export type WarningSummary = z.infer<typeof warningSummarySchema>
export type WarningDetail = z.infer<typeof warningDetailResponse>
export type SignalView = z.infer<typeof signalViewSchema>
export type WarningDecision = z.infer<typeof decisionSchema>
export type StaffInvitation = z.infer<typeof staffInvitationSchema>
export type FunnelRow = z.infer<typeof funnelRowSchema>
export type Funnel = z.infer<typeof funnelResponse>
export type VerifyResult = z.infer<typeof verifyWarningResponse>
export type { VerifyWarningBody, WarningStatus }

/** The queue: the town's warnings (the county's for county staff, a department's own), due first. */
export function fetchWarnings(status?: WarningStatus | ''): Promise<{ warnings: WarningSummary[] }> {
  return get(`/staff/warnings${status ? `?status=${encodeURIComponent(status)}` : ''}`)
}

/** A warning with its signals, decisions and invitation; the server records the view. */
export function fetchWarning(id: string): Promise<WarningDetail> {
  return get(`/staff/warnings/${encodeURIComponent(id)}`)
}

export function verifyWarning(id: string, body: VerifyWarningBody): Promise<VerifyResult> {
  return post(`/staff/warnings/${encodeURIComponent(id)}/verify`, body)
}

/** Months "YYYY-MM", both included (at most MAX_FUNNEL_MONTHS). */
export function fetchFunnel(from: string, to: string): Promise<Funnel> {
  return get(`/staff/warnings/funnel?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)
}
