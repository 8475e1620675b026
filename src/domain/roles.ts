/** Who a signed-in person is. Residents sign in by SMS; everyone else by username + password. */
export const ROLES = ['resident', 'volunteer', 'social_worker', 'town_staff', 'county_staff'] as const
export type Role = (typeof ROLES)[number]

export const STAFF_ROLES: readonly Role[] = ['town_staff', 'county_staff']
export const FIELD_ROLES: readonly Role[] = ['volunteer', 'social_worker']

/** Areas follow the 12-digit statistical division code: county (6) → town (9) → village (12). */
export type AreaLevel = 'county' | 'town' | 'village'

export function areaLevelOf(code: string): AreaLevel | null {
  if (/^\d{6}$/.test(code))
    return 'county'
  if (/^\d{9}$/.test(code))
    return 'town'
  if (/^\d{12}$/.test(code))
    return 'village'
  return null
}

/** True when `inner` lies within `outer` (a village within its town, a town within its county). */
export function areaContains(outer: string, inner: string): boolean {
  return inner.startsWith(outer)
}

export function homePathFor(role: Role): string {
  if (role === 'resident')
    return '/'
  if (FIELD_ROLES.includes(role))
    return '/volunteer'
  return '/staff'
}
