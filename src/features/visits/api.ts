import type { z } from 'zod'
import type { householdVisitsResponse, myVisitSchema, VisitInput, visitSeenByHouseholdSchema, visitStoredSchema } from '../../domain/visits/api'
import type { myUnconfirmedVisitSchema, myVisitsWithUnconfirmedResponse, pendingVisitSchema, pendingVisitsResponse, visitDecisionSchema, VisitSent } from '../../domain/visits/confirmation'
import { get, post } from '../../api/client'
import { http } from '../../api/http'

// Types come from the shared contract (type-only imports: no zod in the bundle).
export type { VisitDimension, VisitInput, VisitType } from '../../domain/visits/api'
export type { VisitSent, VisitStatus } from '../../domain/visits/confirmation'
export type VisitStored = z.infer<typeof visitStoredSchema>
export type HouseholdVisits = z.infer<typeof householdVisitsResponse>
export type VisitSeenByHousehold = z.infer<typeof visitSeenByHouseholdSchema>
export type MyVisits = z.infer<typeof myVisitsWithUnconfirmedResponse>
export type MyVisit = z.infer<typeof myVisitSchema>
export type MyUnconfirmedVisit = z.infer<typeof myUnconfirmedVisitSchema>
export type PendingVisit = z.infer<typeof pendingVisitSchema>
export type PendingVisits = z.infer<typeof pendingVisitsResponse>
export type VisitDecision = z.infer<typeof visitDecisionSchema>

/**
 * POST /api/visits: sends one visit from the outbox. The server stores a clientId once and
 * answers the stored visit to every resend, with its status (waiting for staff confirmation when
 * the household's code had been regenerated before the visit). `signal` aborts it (the outbox's timeout).
 */
export async function postVisit(input: VisitInput, options: { signal?: AbortSignal, timeoutMs?: number } = {}): Promise<VisitSent> {
  return (await http.post<VisitSent>('/visits', input, { signal: options.signal, timeout: options.timeoutMs })).data
}

/** GET /api/visits/mine: the signed-in visitor's own visits, this month's count, and those not (yet) counted. */
export function fetchMyVisits(): Promise<MyVisits> {
  return get('/visits/mine')
}

/** GET /api/household/visits: who visited the signed-in resident's household (谁来看过我). */
export function fetchHouseholdVisits(): Promise<HouseholdVisits> {
  return get('/household/visits')
}

/** GET /api/staff/visits/confirmations: visits of the staff member's area waiting for confirmation. */
export function fetchPendingVisits(): Promise<PendingVisits> {
  return get('/staff/visits/confirmations')
}

/** Confirms (the visit then counts) or rejects a waiting visit; once per visit (409 after). */
export function decidePendingVisit(id: string, decision: 'confirm' | 'reject'): Promise<VisitDecision> {
  return post(`/staff/visits/confirmations/${encodeURIComponent(id)}/${decision}`)
}
