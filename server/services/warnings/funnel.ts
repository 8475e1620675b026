import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import { daysBetween } from '../../../src/domain/warnings/dates'
import { funnelFacts } from '../../db/repos/warnings'

// The funnel of 政策找人 (issue #19): per village and month of raising, how many warnings were
// issued, verified by 民政, and what came of them, and how long it took from the signal to 民政's
// decision (the Guangdong figures, 155 000 issued → 129 000 verified → 13 944 taken in, are the
// picture to compare with). A warning referred and then taken in counts once at each stage.

export function median(values: readonly number[]): number | null {
  if (values.length === 0)
    return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** The last day of a month "YYYY-MM". */
export function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10)
}

export async function warningFunnel(db: Kysely<Database>, areaCode: string, from: string, to: string) {
  const facts = await funnelFacts(db, areaCode, `${from}-01`, lastDayOf(to))
  const rows = new Map<string, { village: { code: string, name: string }, month: string, issued: number, verified: number, takenIn: number, referred: number, notEligible: number, couldNotReach: number, days: number[] }>()
  for (const f of facts) {
    const month = f.raised_on.slice(0, 7)
    const key = `${f.area_code}|${month}`
    let row = rows.get(key)
    if (!row) {
      row = { village: { code: f.area_code, name: f.area_name }, month, issued: 0, verified: 0, takenIn: 0, referred: 0, notEligible: 0, couldNotReach: 0, days: [] }
      rows.set(key, row)
    }
    row.issued++
    if (f.verify_outcome === null || f.verify_on === null)
      continue
    row.verified++
    row.days.push(daysBetween(f.occurred_on, f.verify_on))
    const outcomes = [f.verify_outcome, f.referral_outcome]
    if (outcomes.includes('taken_in'))
      row.takenIn++
    if (f.verify_outcome === 'referred')
      row.referred++
    if (outcomes.includes('not_eligible'))
      row.notEligible++
    if (outcomes.includes('could_not_reach'))
      row.couldNotReach++
  }
  return [...rows.values()]
    .sort((a, b) => a.village.code === b.village.code ? (a.month < b.month ? -1 : 1) : (a.village.code < b.village.code ? -1 : 1))
    .map(({ days, ...row }) => ({ ...row, medianDaysToDecision: median(days) }))
}
