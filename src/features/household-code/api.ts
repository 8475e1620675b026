import type { HouseholdCode, PublishedKeys } from '../../domain/household-code/api'
import type { HouseholdCard } from '../../domain/visits/api'
import { get, post } from '../../api/client'
import { http } from '../../api/http'

export type { HouseholdCard, HouseholdCode, PublishedKeys }

/** The signed-in resident's household code (created on first request). */
export function fetchHouseholdCode(): Promise<HouseholdCode> {
  return get('/household-code')
}

/** A new version of the code; the old one stops working everywhere. Staff name the household. */
export function regenerateHouseholdCode(householdId?: string): Promise<HouseholdCode> {
  return post('/household-code/regenerate', householdId ? { householdId } : {})
}

/** The public keys and revoked versions (public data); `timeoutMs` keeps a scan at the door quick. */
export async function fetchPublishedKeys(timeoutMs: number): Promise<PublishedKeys> {
  return (await http.get<PublishedKeys>('/household-code/keys', { timeout: timeoutMs })).data
}

/** The minimal household card after a valid scan (visitors and staff; the server audits it). */
export function fetchHouseholdCard(token: string): Promise<HouseholdCard> {
  return post('/visits/card', { token })
}
