import type { UrgentFlag, VillageCoverage } from './api'
import { areaContains } from '../../domain/roles'

// Pure wording and rules of the staff coverage screens; the views only lay them out.

/** 60 → "60%", 66.66 → "66.7%": one decimal at most, none when it is whole. */
export function percentText(percent: number): string {
  const rounded = Math.round(percent * 10) / 10
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}%`
}

/** visited / households × 100 with one decimal, as the server counts a village; 0 with no households. */
export function percentOf(visited: number, households: number): number {
  return households > 0 ? Math.round((visited / households) * 1000) / 10 : 0
}

/** The whole area's line under the villages: the sums, and the percent of the sums (not an average of percents). */
export function totalOf(villages: VillageCoverage[]): { households: number, visited: number, percent: number } {
  const households = villages.reduce((sum, v) => sum + v.households, 0)
  const visited = villages.reduce((sum, v) => sum + v.visited, 0)
  return { households, visited, percent: percentOf(visited, households) }
}

/** Open flags first, newest visit first within each group. */
export function sortFlags(flags: UrgentFlag[]): UrgentFlag[] {
  return [...flags].sort((a, b) => {
    if ((a.resolvedAt === null) !== (b.resolvedAt === null))
      return a.resolvedAt === null ? -1 : 1
    return b.visitedAt.localeCompare(a.visitedAt)
  })
}

/** The larger area (home area or another chosen town) that already includes `code`, if any. */
export function coveringArea(code: string, chosen: readonly string[], homeCode: string | null): string | null {
  for (const outer of homeCode ? [homeCode, ...chosen] : chosen) {
    if (outer !== code && areaContains(outer, code))
      return outer
  }
  return null
}

/**
 * What to send: the chosen codes within the staff member's area (the server keeps a worker's
 * assignments elsewhere and refuses codes outside), without those a chosen town or the home area
 * already includes.
 */
export function selectionToSave(chosen: readonly string[], homeCode: string | null, staffAreaCode: string | null): string[] {
  const unique = [...new Set(chosen)].filter(code => !staffAreaCode || areaContains(staffAreaCode, code))
  return unique.filter(code => code !== homeCode && coveringArea(code, unique, homeCode) === null).sort()
}

/**
 * Whether a worker's display name already says the role ("志愿者 周敏"): then the role is not
 * shown a second time beside it ("志愿者 周敏 志愿者", issue #16).
 */
export function nameShowsRole(displayName: string, roleName: string): boolean {
  return roleName !== '' && displayName.toLowerCase().includes(roleName.toLowerCase())
}
