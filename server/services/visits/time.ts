import { quarterRange } from '../../../src/domain/quarter'
import { dateParts, shanghaiDayStart, shanghaiToday } from '../../../src/domain/time'

// Dates of visits as people in China count them (Asia/Shanghai, UTC+8 all year, no summer
// time): "this month", a quarter and "90 days" are China's; instants are stored as ISO UTC.

export const MS_PER_DAY = 86_400_000

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10)
}

/** [from, to) instants of the China month that contains `now`. */
export function chinaMonthOf(now: Date): { from: string, to: string } {
  const [year, month] = dateParts(shanghaiToday(now))
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`
  return { from: shanghaiDayStart(`${year}-${String(month).padStart(2, '0')}-01`), to: shanghaiDayStart(next) }
}

/** [from, to) instants of a quarter "2026-Q4" in China time. */
export function chinaQuarter(quarter: string): { from: string, to: string } | null {
  const range = quarterRange(quarter)
  return range && { from: shanghaiDayStart(range.from), to: shanghaiDayStart(addDays(range.to, 1)) }
}

/** The same China date one year earlier (29 February → 28 February). */
export function oneYearBefore(date: string): string {
  const [year, month, day] = dateParts(date)
  const lastDay = new Date(Date.UTC(year - 1, month, 0)).getUTCDate()
  return `${year - 1}-${String(month).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`
}
