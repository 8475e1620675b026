import type { Kysely } from 'kysely'
import type { findFlag } from '../../db/repos/visits'
import type { Database } from '../../db/schema'
import { maskName } from '../../../src/domain/mask'
import { shanghaiToday } from '../../../src/domain/time'
import { householdCountsPerVillage, villagesIn } from '../../db/repos/benefits'
import { flagsOfArea, headNames, householdsOfArea, householdsThatLeft, lastVisits, visitedHouseholds } from '../../db/repos/visits'
import { chinaQuarter, MS_PER_DAY, oneYearBefore } from './time'

/**
 * What the coverage page shows, as GET /staff/visits/coverage and /flags answer it and as the
 * page's .xlsx export writes it (issue #16): both call these functions, so the two cannot drift
 * (the export's test compares them row by row). Reads only; the callers audit.
 */

/** A household not visited for this many days is listed for the staff to send someone. */
export const NOT_VISITED_DAYS = 90

/** visited / households × 100, one decimal; 0 for a village without households. */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round(part * 1000 / whole) / 10
}

/**
 * Coverage of the area in the quarter (China time): visits per village, households not visited
 * in NOT_VISITED_DAYS, households that left assistance within a year. Heads of household masked.
 */
export async function coverageOf(k: Kysely<Database>, area: string, quarter: string, now = new Date()) {
  const range = chinaQuarter(quarter)!
  const today = shanghaiToday(now)
  const [villages, counts, households, visited, last, left] = await Promise.all([
    villagesIn(k, area),
    householdCountsPerVillage(k, area),
    householdsOfArea(k, area),
    visitedHouseholds(k, area, range.from, range.to),
    lastVisits(k, area),
    householdsThatLeft(k, area, oneYearBefore(today)),
  ])
  const dueSince = new Date(now.getTime() - NOT_VISITED_DAYS * MS_PER_DAY).toISOString()
  const notVisited = households.filter(h => (last.get(h.id) ?? '') < dueSince)
  const leftDue = households.filter(h => left.has(h.id))
  const heads = await headNames(k, [...notVisited, ...leftDue].map(h => h.id))
  const visitedPerVillage = new Map<string, number>()
  for (const h of households) {
    if (visited.has(h.id))
      visitedPerVillage.set(h.area_code, (visitedPerVillage.get(h.area_code) ?? 0) + 1)
  }
  return {
    quarter,
    villages: villages.map((v) => {
      const total = counts.get(v.code) ?? 0
      const seen = visitedPerVillage.get(v.code) ?? 0
      return { code: v.code, name: v.name, households: total, visited: seen, percent: percent(seen, total) }
    }),
    notVisited90Days: notVisited.map(h => ({ householdId: h.id, maskedHeadName: maskName(heads.get(h.id) ?? ''), villageName: h.village_name, lastVisitedAt: last.get(h.id) ?? null })),
    leftAssistanceDue: leftDue.map(h => ({ householdId: h.id, maskedHeadName: maskName(heads.get(h.id) ?? ''), villageName: h.village_name, leftOn: left.get(h.id)!, lastVisitedAt: last.get(h.id) ?? null })),
  }
}

export type Coverage = Awaited<ReturnType<typeof coverageOf>>

/** An urgent flag as staff see it: the head of household masked. */
export function flagView(f: NonNullable<Awaited<ReturnType<typeof findFlag>>>, heads: Map<string, string>) {
  return {
    id: f.id,
    visitedAt: f.visited_at,
    maskedHeadName: maskName(heads.get(f.household_id) ?? ''),
    villageName: f.village_name,
    householdId: f.household_id,
    visitorName: f.visitor_name,
    organisation: f.organisation,
    urgentNote: f.urgent_note,
    resolvedAt: f.flag_resolved_at,
  }
}

export type UrgentFlag = ReturnType<typeof flagView>

/** Urgent flags of the area in flagsOfArea's order: unresolved first, then newest. */
export async function urgentFlagsOf(k: Kysely<Database>, area: string): Promise<UrgentFlag[]> {
  const flags = await flagsOfArea(k, area)
  const heads = await headNames(k, flags.map(f => f.household_id))
  return flags.map(f => flagView(f, heads))
}
