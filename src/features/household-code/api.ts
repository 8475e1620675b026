import type { HouseholdCode } from '../../domain/household-code/api'
import { get, post } from '../../api/client'

export type { HouseholdCode }

/** The signed-in resident's household code (created on first request). */
export function fetchHouseholdCode(): Promise<HouseholdCode> {
  return get('/household-code')
}

/** A new version of the code; the old one stops working everywhere. */
export function regenerateHouseholdCode(): Promise<HouseholdCode> {
  return post('/household-code/regenerate', {})
}
