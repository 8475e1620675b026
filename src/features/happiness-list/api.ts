import type { z } from 'zod'
import type { happinessListResponse, quarterListSchema, villageCompletenessSchema, villageQuarterResponse } from '../../domain/happiness-list/api'
import type { BenefitItemCode } from '../../domain/happiness-list/record'
import { get } from '../../api/client'

// Types come from the shared contract (type-only imports: no zod in the bundle).
export type HappinessList = z.infer<typeof happinessListResponse>
export type QuarterList = z.infer<typeof quarterListSchema>
export type VillageCompleteness = z.infer<typeof villageCompletenessSchema>
export type VillageQuarterLists = z.infer<typeof villageQuarterResponse>
export type ListRecord = HappinessList['records'][number]

export interface ListFilter {
  year: number
  item: BenefitItemCode | ''
  /** a member's id from `members` (never an ID number) */
  member: string
}

/** The query string of a filter; also the key a fetched list is kept under for offline use. */
export function filterQuery(filter: ListFilter): string {
  const params = new URLSearchParams({ year: String(filter.year) })
  if (filter.item)
    params.set('item', filter.item)
  if (filter.member)
    params.set('member', filter.member)
  return params.toString()
}

export function fetchList(filter: ListFilter): Promise<HappinessList> {
  return get(`/happiness-list?${filterQuery(filter)}`)
}

export function fetchQuarterList(quarter: string): Promise<QuarterList> {
  return get(`/happiness-list/quarters/${encodeURIComponent(quarter)}`)
}

export function fetchVillageCompleteness(quarter: string): Promise<VillageCompleteness> {
  return get(`/staff/happiness-list/completeness?quarter=${encodeURIComponent(quarter)}`)
}

export function fetchVillageLists(areaCode: string, quarter: string): Promise<VillageQuarterLists> {
  return get(`/staff/happiness-list/village/${encodeURIComponent(areaCode)}/quarter/${encodeURIComponent(quarter)}`)
}
