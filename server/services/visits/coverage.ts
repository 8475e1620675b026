import type { Kysely } from 'kysely'
import type { CoverageHouseholdRow, findFlag, LastVisitGroup, RegisterPosition } from '../../db/repos/visits'
import type { Database } from '../../db/schema'
import { maskName } from '../../../src/domain/mask'
import { quarterOf } from '../../../src/domain/quarter'
import { shanghaiToday } from '../../../src/domain/time'
import { COVERAGE_PAGE_SIZE } from '../../../src/domain/visits/api'
import { villagesIn } from '../../db/repos/benefits'
import { countLeftSince, flagsOfArea, headNames, lastVisitGroups, leftSincePage, notVisitedSince, registerPosition } from '../../db/repos/visits'
import { AppError } from '../../errors'
import { KeptCounts } from '../staff/kept-counts'
import { chinaQuarter, MS_PER_DAY, oneYearBefore } from './time'

/**
 * What the coverage page shows, as GET /staff/visits/coverage, its two list pages and /flags
 * answer it and as the page's .xlsx export writes it (issue #16): all call these functions, so
 * they cannot drift (the export's test compares them). Reads only; the callers audit.
 *
 * Issue #18: the database counts (per village, and each list's total) and pages; nothing here
 * loads the area's households into memory. The counts per village are kept while nothing they
 * are made of changed (keptVisitCounts), so a view costs a look at the area's stamps, not a pass
 * over its households; the "not visited in 90 days" count moves with the clock, and is told from
 * the kept last visits for the moment of each view. The two lists keep the order they always had,
 * register order (village, then register reference): the export writes them village by village
 * as staff send visitors out, and the database reads a page in that order straight from an
 * index and stops, where "never visited / oldest visit first" would sort every due household
 * of the area for each page.
 */

/** A household not visited for this many days is listed for the staff to send someone. */
export const NOT_VISITED_DAYS = 90

/** Households the export reads from the database at a time: its memory stays bounded whatever the area. */
export const EXPORT_PAGE_SIZE = 500

/** visited / households × 100, one decimal; 0 for a village without households. */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round(part * 1000 / whole) / 10
}

/** A visit at this instant or later means "visited in the last NOT_VISITED_DAYS days". */
function dueSinceOf(now: Date): string {
  return new Date(now.getTime() - NOT_VISITED_DAYS * MS_PER_DAY).toISOString()
}

/** A household that left assistance on this day (China) or later is still due visits. */
function leftSinceOf(now: Date): string {
  return oneYearBefore(shanghaiToday(now))
}

export interface NotVisitedHousehold {
  householdId: string
  maskedHeadName: string
  villageName: string
  lastVisitedAt: string | null
}

export interface LeftAssistanceHousehold extends NotVisitedHousehold {
  leftOn: string
}

/** One page of a list: its households, how many the list has in all, the cursor of the next page. */
export interface ListPage<T> {
  households: T[]
  total: number
  next: string | null
}

/** The coverage counts of one area code, as kept: households by their last visit that counts. */
interface AreaVisitCounts {
  households: number
  /** Visited in the quarter. */
  visited: number
  /** Never visited (a visit that counts). */
  never: number
  /** The distinct last visits, oldest first… */
  lasts: string[]
  /** …and how many households had their last visit at or before each. */
  upTo: number[]
}

/** Per area code within the area, for a quarter. */
type VisitCounts = Map<string, AreaVisitCounts>

/**
 * The counts of an area's quarter, kept under the area's 'visits' stamps (migration 026:
 * households, visits and their confirmations): a town's 10 000 households are counted when one
 * of them or their visits changed, not on every view (issue #18).
 */
const keptVisitCounts = new KeptCounts<VisitCounts>('visits')

function visitCountsOf(groups: readonly LastVisitGroup[]): VisitCounts {
  const byArea = new Map<string, LastVisitGroup[]>()
  for (const g of groups) {
    const rows = byArea.get(g.area_code)
    if (rows)
      rows.push(g)
    else
      byArea.set(g.area_code, [g])
  }
  const out: VisitCounts = new Map()
  for (const [code, rows] of byArea) {
    // Instants as the database compares them: as text (ISO, UTC), oldest first.
    const visitedOnce = rows.filter(r => r.last_visited_at !== null).sort((a, b) => a.last_visited_at! < b.last_visited_at! ? -1 : 1)
    let running = 0
    out.set(code, {
      households: rows.reduce((sum, r) => sum + r.households, 0),
      visited: rows.reduce((sum, r) => sum + r.visited, 0),
      never: rows.filter(r => r.last_visited_at === null).reduce((sum, r) => sum + r.households, 0),
      lasts: visitedOnce.map(r => r.last_visited_at!),
      upTo: visitedOnce.map(r => running += r.households),
    })
  }
  return out
}

/** Households of the area code with no visit that counts at `dueSince` or later: never visited, or last before it. */
function notVisitedAt(c: AreaVisitCounts, dueSince: string): number {
  // The first last visit at or after dueSince (binary search): those before it are due.
  let lo = 0
  let hi = c.lasts.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (c.lasts[mid]! < dueSince)
      lo = mid + 1
    else
      hi = mid
  }
  return c.never + (c.upTo[lo - 1] ?? 0)
}

/** The coverage counts of the area's quarter as the database holds them now, without anything kept (and for tests). */
export async function countVisits(k: Kysely<Database>, area: string, quarter: string): Promise<VisitCounts> {
  const range = chinaQuarter(quarter)!
  return visitCountsOf(await lastVisitGroups(k, area, range.from, range.to))
}

/** The kept counts of the area's quarter. */
function visitCounts(k: Kysely<Database>, area: string, quarter: string): Promise<VisitCounts> {
  return keptVisitCounts.get(k, area, quarter, () => countVisits(k, area, quarter))
}

/** How many households of the area have no visit that counts at `dueSince` or later. */
function totalNotVisited(counts: VisitCounts, dueSince: string): number {
  // Every household within the area counts, also one registered at a town's own code.
  return [...counts.values()].reduce((sum, c) => sum + notVisitedAt(c, dueSince), 0)
}

/** How many areas and quarters have their counts kept for the database (tests). */
export function keptCoverageAreas(k: Kysely<Database>): number {
  return keptVisitCounts.size(k)
}

/** Rows as the page shows them: heads of household masked. */
async function masked<R extends CoverageHouseholdRow>(k: Kysely<Database>, rows: readonly R[]): Promise<(R & { maskedHeadName: string })[]> {
  const heads = await headNames(k, rows.map(r => r.id))
  return rows.map(r => ({ ...r, maskedHeadName: maskName(heads.get(r.id) ?? '') }))
}

function notVisitedView(r: CoverageHouseholdRow & { maskedHeadName: string }): NotVisitedHousehold {
  return { householdId: r.id, maskedHeadName: r.maskedHeadName, villageName: r.village_name, lastVisitedAt: r.last_visited_at }
}

function leftView(r: CoverageHouseholdRow & { left_on: string, maskedHeadName: string }): LeftAssistanceHousehold {
  return { householdId: r.id, maskedHeadName: r.maskedHeadName, villageName: r.village_name, leftOn: r.left_on, lastVisitedAt: r.last_visited_at }
}

/** `limit + 1` rows read: the first `limit` shown, the cursor set when there was one more. */
function pageOf<R extends { id: string }>(rows: readonly R[], limit: number): { rows: R[], next: string | null } {
  const shown = rows.slice(0, limit)
  return { rows: shown, next: rows.length > limit ? shown.at(-1)!.id : null }
}

/**
 * Where a page starts: after the household `after` names, which must be a household of the area
 * (a cursor is the householdId of the last household of the page before). 400 otherwise.
 */
async function startAfter(k: Kysely<Database>, area: string, after: string | undefined): Promise<RegisterPosition | undefined> {
  if (after === undefined)
    return undefined
  const position = await registerPosition(k, area, after)
  if (!position)
    throw new AppError(400, 'validation_failed', {}, 'after')
  return position
}

/**
 * Coverage of the area in the quarter (China time): visits per village; the first page of the
 * households not visited in NOT_VISITED_DAYS and of those that left assistance within a year,
 * with each list's total and next cursor. Heads of household masked.
 */
export async function coverageOf(k: Kysely<Database>, area: string, quarter: string, now = new Date()) {
  const dueSince = dueSinceOf(now)
  const leftSince = leftSinceOf(now)
  const [villages, counts, notVisitedRows, leftRows] = await Promise.all([
    villagesIn(k, area),
    visitCounts(k, area, quarter),
    notVisitedSince(k, area, dueSince, COVERAGE_PAGE_SIZE + 1),
    leftSincePage(k, area, leftSince, COVERAGE_PAGE_SIZE + 1),
  ])
  const notVisited = pageOf(notVisitedRows, COVERAGE_PAGE_SIZE)
  const left = pageOf(leftRows, COVERAGE_PAGE_SIZE)
  const [notVisitedShown, leftShown] = await Promise.all([masked(k, notVisited.rows), masked(k, left.rows)])
  return {
    quarter,
    villages: villages.map((v) => {
      const { households = 0, visited = 0 } = counts.get(v.code) ?? {}
      return { code: v.code, name: v.name, households, visited, percent: percent(visited, households) }
    }),
    notVisited90Days: notVisitedShown.map(notVisitedView),
    leftAssistanceDue: leftShown.map(leftView),
    totals: {
      notVisited90Days: totalNotVisited(counts, dueSince),
      // A first page's rows carry the whole list's count.
      leftAssistanceDue: leftRows[0]?.remaining ?? 0,
    },
    next: { notVisited90Days: notVisited.next, leftAssistanceDue: left.next },
  }
}

export type Coverage = Awaited<ReturnType<typeof coverageOf>>

/** A page of the households not visited in NOT_VISITED_DAYS, after the cursor `after` (coverageOf's list). */
export async function notVisitedPage(k: Kysely<Database>, area: string, after: string | undefined, now = new Date()): Promise<ListPage<NotVisitedHousehold>> {
  const dueSince = dueSinceOf(now)
  const start = await startAfter(k, area, after)
  // The total from the kept counts of the current quarter (the count of the page's first view).
  const [rows, counts] = await Promise.all([notVisitedSince(k, area, dueSince, COVERAGE_PAGE_SIZE + 1, start), visitCounts(k, area, quarterOf(shanghaiToday(now)))])
  const total = totalNotVisited(counts, dueSince)
  const page = pageOf(rows, COVERAGE_PAGE_SIZE)
  return { households: (await masked(k, page.rows)).map(notVisitedView), total, next: page.next }
}

/** A page of the households that left assistance within a year, after the cursor `after` (coverageOf's list). */
export async function leftAssistancePage(k: Kysely<Database>, area: string, after: string | undefined, now = new Date()): Promise<ListPage<LeftAssistanceHousehold>> {
  const leftSince = leftSinceOf(now)
  const start = await startAfter(k, area, after)
  const [rows, total] = await Promise.all([leftSincePage(k, area, leftSince, COVERAGE_PAGE_SIZE + 1, start), countLeftSince(k, area, leftSince)])
  const page = pageOf(rows, COVERAGE_PAGE_SIZE)
  return { households: (await masked(k, page.rows)).map(leftView), total, next: page.next }
}

/**
 * Every household of a list in its order, read `pageSize` at a time (keyset on the register
 * order: none is read twice or skipped when the list changes meanwhile), for the export.
 */
async function* everyPage<R extends CoverageHouseholdRow>(k: Kysely<Database>, read: (limit: number, after?: RegisterPosition) => Promise<R[]>, pageSize: number): AsyncGenerator<R & { maskedHeadName: string }> {
  let after: RegisterPosition | undefined
  for (;;) {
    const rows = await read(pageSize, after)
    yield* await masked(k, rows)
    if (rows.length < pageSize)
      return
    const last = rows.at(-1)!
    after = { area_code: last.area_code, registry_ref: last.registry_ref }
  }
}

/** Every household of notVisitedPage's list, in its order, `pageSize` read at a time. */
export async function* everyNotVisited(k: Kysely<Database>, area: string, now = new Date(), pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<NotVisitedHousehold> {
  const dueSince = dueSinceOf(now)
  for await (const row of everyPage(k, (limit, after) => notVisitedSince(k, area, dueSince, limit, after), pageSize))
    yield notVisitedView(row)
}

/** Every household of leftAssistancePage's list, in its order, `pageSize` read at a time. */
export async function* everyLeftAssistance(k: Kysely<Database>, area: string, now = new Date(), pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<LeftAssistanceHousehold> {
  const leftSince = leftSinceOf(now)
  for await (const row of everyPage(k, (limit, after) => leftSincePage(k, area, leftSince, limit, after), pageSize))
    yield leftView(row)
}

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
