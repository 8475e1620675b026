import type { BenefitRecord } from './record'
import { quarterOf, quarterRange } from '../quarter'
import { dateParts } from '../time'

// Totals of a household's list, exact to the fen (integer sums). What counts: records with
// status "paid". "granted" is not paid yet, "stopped" was never paid, and "recovered" money was
// taken back, so none of those adds to what the household received. Records are read with
// statusOf (approval records are granted, never paid) and supersedeGranted first (granted.ts).

export function counts(record: Pick<BenefitRecord, 'status'>): boolean {
  return record.status === 'paid'
}

export interface Bucket<K extends string> {
  key: K
  amountFen: number
  /** Paid records in the bucket, with or without an amount (rice and care hours count here). */
  records: number
}

function bucket<K extends string>(records: readonly BenefitRecord[], keyOf: (r: BenefitRecord) => K): Bucket<K>[] {
  const map = new Map<K, Bucket<K>>()
  for (const r of records) {
    if (!counts(r))
      continue
    const key = keyOf(r)
    const b = map.get(key) ?? { key, amountFen: 0, records: 0 }
    b.amountFen += r.amountFen ?? 0
    b.records += 1
    map.set(key, b)
  }
  return [...map.values()].sort((a, b) => b.amountFen - a.amountFen || a.key.localeCompare(b.key))
}

export interface Totals {
  amountFen: number
  records: number
  byQuarter: Bucket<string>[]
  byItem: Bucket<BenefitRecord['item']>[]
  byDepartment: Bucket<BenefitRecord['department']>[]
}

/** Totals of the given records (filter to a year or quarter first). Quarters in calendar order. */
export function totalsOf(records: readonly BenefitRecord[]): Totals {
  const paid = records.filter(counts)
  return {
    amountFen: paid.reduce((sum, r) => sum + (r.amountFen ?? 0), 0),
    records: paid.length,
    byQuarter: bucket(records, r => quarterOf(r.paidOn)).sort((a, b) => a.key.localeCompare(b.key)),
    byItem: bucket(records, r => r.item),
    byDepartment: bucket(records, r => r.department),
  }
}

/** Totals per calendar year of the date paid, ascending. */
export function totalsPerYear(records: readonly BenefitRecord[]): Bucket<string>[] {
  return bucket(records, r => r.paidOn.slice(0, 4)).sort((a, b) => a.key.localeCompare(b.key))
}

export function inYear(year: number) {
  return (r: Pick<BenefitRecord, 'paidOn'>) => r.paidOn.startsWith(`${year}-`)
}

export function inQuarter(quarter: string) {
  const range = quarterRange(quarter)
  return (r: Pick<BenefitRecord, 'paidOn'>) => range !== null && r.paidOn >= range.from && r.paidOn <= range.to
}

/** Months "YYYY-MM" from `from` to `to`, inclusive (empty when from > to). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = []
  let [y, m] = dateParts(from)
  const [ty, tm] = dateParts(to)
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`)
    m += 1
    if (m > 12) {
      m = 1
      y += 1
    }
  }
  return out
}
