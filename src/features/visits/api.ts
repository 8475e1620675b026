import type { z } from 'zod'
import type { householdVisitsResponse, myVisitSchema, myVisitsResponse, VisitInput, visitSeenByHouseholdSchema, visitStoredSchema } from '../../domain/visits/api'
import { get, http } from '../../api/client'

// Types come from the shared contract (type-only imports: no zod in the bundle).
export type { VisitDimension, VisitInput, VisitType } from '../../domain/visits/api'
export type VisitStored = z.infer<typeof visitStoredSchema>
export type HouseholdVisits = z.infer<typeof householdVisitsResponse>
export type VisitSeenByHousehold = z.infer<typeof visitSeenByHouseholdSchema>
export type MyVisits = z.infer<typeof myVisitsResponse>
export type MyVisit = z.infer<typeof myVisitSchema>

/**
 * POST /api/visits: sends one visit from the outbox. The server stores a clientId once and
 * answers the stored visit to every resend. `signal` aborts it (the outbox's timeout).
 */
export async function postVisit(input: VisitInput, options: { signal?: AbortSignal, timeoutMs?: number } = {}): Promise<VisitStored> {
  return (await http.post<VisitStored>('/visits', input, { signal: options.signal, timeout: options.timeoutMs })).data
}

/** GET /api/visits/mine: the signed-in visitor's own visits and this month's count. */
export function fetchMyVisits(): Promise<MyVisits> {
  return get('/visits/mine')
}

/** GET /api/household/visits: who visited the signed-in resident's household (谁来看过我). */
export function fetchHouseholdVisits(): Promise<HouseholdVisits> {
  return get('/household/visits')
}
