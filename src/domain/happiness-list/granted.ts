import type { BenefitSource, BenefitStatus } from './kinds'
import type { BenefitRecord } from './record'

// Granted is not paid (issue #15). An approval decides what a household is entitled to; the
// money reaches it when the paying department pays, and only the department can say so. So:
//
// - Records made from approvals (source "approval") are GRANTED months: 已核定，待发放. They never
//   count as paid, whatever an older database stored for them (approval months were written
//   "paid" before issue #15; statusOf reads them as granted).
// - A month becomes PAID when the paying department's feed or a CSV import reports it. The
//   department's record then SUPERSEDES the approval's month: the list shows the department's
//   record, not both (no double counting, no two lines for one month).
//
// Which department record settles which approval month (supersedeGranted):
//   same household (callers pass one household's records), same item, same department (an
//   approval's record carries its case's department, which the routing table takes from the
//   item; a feed's record carries its credential's department), and the approval's month lies
//   within the department record's period ("2026-03", or every month that "2026-01-01/2026-03-31"
//   touches). Whatever the department says of that month (paid, granted, stopped, recovered)
//   replaces the approval's "granted". An approval without a monthly amount (medical aid: one
//   "granted" record for its start month) is settled by any department record of the item for a
//   period ending in or after that month.
//
// This is applied when reading, to every record of the household, so the order of arrival does
// not matter: a feed may come before or after the approval's months are generated.

/** The status a stored record is read with: approval records are granted, never paid. */
export function statusOf(status: BenefitStatus, source: BenefitSource): BenefitStatus {
  return source === 'approval' && status === 'paid' ? 'granted' : status
}

const MONTH = /^\d{4}-\d{2}$/

/** First and last month ("YYYY-MM") of a period: "2026-03" or "2026-01-01/2026-03-31". */
export function periodMonths(period: string): { from: string, to: string } {
  if (MONTH.test(period))
    return { from: period, to: period }
  const [from = period, to = from] = period.split('/')
  return { from: from.slice(0, 7), to: to.slice(0, 7) }
}

type Sourced = Pick<BenefitRecord, 'item' | 'department' | 'amountFen' | 'period'> & { source: BenefitSource }

/**
 * The records of ONE household as the list shows them: every approval month that a record of
 * the paying department covers is left out (see the rule above). Order is kept.
 */
export function supersedeGranted<T extends Sourced>(records: readonly T[]): T[] {
  const covered = new Map<string, { from: string, to: string }[]>()
  for (const r of records) {
    if (r.source === 'approval')
      continue
    const key = `${r.department}\u0000${r.item}`
    const spans = covered.get(key)
    if (spans)
      spans.push(periodMonths(r.period))
    else
      covered.set(key, [periodMonths(r.period)])
  }
  if (covered.size === 0)
    return [...records]
  return records.filter((r) => {
    if (r.source !== 'approval')
      return true
    const spans = covered.get(`${r.department}\u0000${r.item}`)
    if (!spans)
      return true
    const month = periodMonths(r.period).from
    // A monthly approval record stands for its month; one without an amount for "from then on".
    return r.amountFen === null
      ? !spans.some(s => s.to >= month)
      : !spans.some(s => s.from <= month && month <= s.to)
  })
}
