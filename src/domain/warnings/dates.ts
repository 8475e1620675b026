import { dateParts } from '../time'

// Calendar-day arithmetic on days of China ("YYYY-MM-DD", as signalDay gives them): computed on
// the day's own numbers at UTC noon, so no device time zone can shift a day.

const DAY_MS = 86_400_000
const SATURDAY = 6
const SUNDAY = 0

function toUtc(day: string): Date {
  const [y, m, d] = dateParts(day)
  return new Date(Date.UTC(y, m - 1, d, 12))
}

function fromUtc(date: Date): string {
  return date.toISOString().slice(0, 10)
}

/**
 * The same day `months` months earlier, or the month's last day when it has none
 * (2024-02-29 − 12 → 2023-02-28; 2026-03-31 − 1 → 2026-02-28).
 */
export function monthsBefore(day: string, months: number): string {
  const [y, m, d] = dateParts(day)
  const first = new Date(Date.UTC(y, m - 1 - months, 1, 12))
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0, 12)).getUTCDate()
  first.setUTCDate(Math.min(d, lastDay))
  return fromUtc(first)
}

/**
 * The `count`-th working day after `day` (Monday to Friday; `day` itself does not count).
 * Public holidays and the weekends worked in their place (调休) are published each year by the
 * State Council; they would be region data by year and are left out: a due date may then fall
 * on a holiday, which errs on the side of acting sooner.
 */
export function addWorkingDays(day: string, count: number): string {
  let date = toUtc(day)
  for (let left = count; left > 0;) {
    date = new Date(date.getTime() + DAY_MS)
    const weekday = date.getUTCDay()
    if (weekday !== SATURDAY && weekday !== SUNDAY)
      left--
  }
  return fromUtc(date)
}

/** Calendar days from one Beijing day to another ("2026-03-01" → "2026-03-04": 3). */
export function daysBetween(fromDay: string, toDay: string): number {
  return Math.round((Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / DAY_MS)
}
