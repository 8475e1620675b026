import type { FunnelRow } from './api'
import { dateParts } from '../../domain/time'
import { MAX_FUNNEL_MONTHS } from '../../domain/warnings/verification'

// The funnel of 政策找人 as the chart shows it (issue #19): the server counts per village and month
// (issued → verified → taken in / referred / not eligible / could not reach, and the median days
// from signal to decision of each row); these add the rows up per village, per month and overall.
// Medians are never added up: a median of medians is no median, so they stay on their rows.

export const FUNNEL_COUNTS = ['issued', 'verified', 'takenIn', 'referred', 'notEligible', 'couldNotReach'] as const
export type FunnelCount = typeof FUNNEL_COUNTS[number]
export type FunnelCounts = Record<FunnelCount, number>

/** What verification came to: the stages under "verified". */
export const OUTCOME_COUNTS = ['takenIn', 'referred', 'notEligible', 'couldNotReach'] as const satisfies readonly FunnelCount[]

/** The periods the queue page offers, in months back from this one (this one included). */
export const FUNNEL_PERIODS = [3, 6, 12] as const
export const DEFAULT_FUNNEL_MONTHS = 6

export function sumCounts(rows: readonly FunnelRow[]): FunnelCounts {
  const total = Object.fromEntries(FUNNEL_COUNTS.map(k => [k, 0])) as FunnelCounts
  for (const row of rows) {
    for (const k of FUNNEL_COUNTS)
      total[k] += row[k]
  }
  return total
}

export interface FunnelGroup {
  /** the village's code, or the month "YYYY-MM" */
  key: string
  /** the village's name; the month for months (worded by the view) */
  name: string
  counts: FunnelCounts
  rows: FunnelRow[]
}

/** Rows added up per village (in code order) or per month (oldest first). */
export function groupFunnel(rows: readonly FunnelRow[], by: 'village' | 'month'): FunnelGroup[] {
  const groups = new Map<string, { name: string, rows: FunnelRow[] }>()
  for (const row of rows) {
    const key = by === 'village' ? row.village.code : row.month
    const group = groups.get(key) ?? { name: by === 'village' ? row.village.name : row.month, rows: [] }
    group.rows.push(row)
    groups.set(key, group)
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, g]) => ({ key, name: g.name, counts: sumCounts(g.rows), rows: g.rows }))
}

/** Whole percent of `part` in `whole`; null when there is no whole to share. */
export function percentOf(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 100) : null
}

/** The month `count` months before "YYYY-MM". */
export function monthsBack(month: string, count: number): string {
  const [year, m] = dateParts(month)
  const d = new Date(Date.UTC(year, m - 1 - count, 1))
  return d.toISOString().slice(0, 7)
}

/** The last `months` months up to `to`, for the funnel query; never more than the server allows. */
export function periodEnding(to: string, months: number): { from: string, to: string } {
  const span = Math.min(Math.max(1, Math.floor(months)), MAX_FUNNEL_MONTHS)
  return { from: monthsBack(to, span - 1), to }
}

const MONTH = /^\d{4}-(?:0[1-9]|1[0-2])$/

/** A period from a page's query ("from", "to"), or the default ending this month when it is missing or impossible. */
export function periodFromQuery(query: { from?: unknown, to?: unknown }, thisMonth: string, defaultMonths = DEFAULT_FUNNEL_MONTHS): { from: string, to: string } {
  const { from, to } = query
  if (typeof from === 'string' && typeof to === 'string' && MONTH.test(from) && MONTH.test(to) && from <= to && monthsBack(to, MAX_FUNNEL_MONTHS - 1) <= from)
    return { from, to }
  return periodEnding(thisMonth, defaultMonths)
}
