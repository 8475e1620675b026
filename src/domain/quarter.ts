import type { Text } from './text'
import { text } from './text'

// Calendar quarters ("2026-Q4") of dates as China counts them: the happiness list, the visit
// coverage and the completeness of departments' reports are all per quarter. Pure strings, no
// zod, so that the PWA can use them cheaply. Which day it is in China: shanghaiToday (time.ts).

export const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/
export const MONTHS_PER_QUARTER = 3
const QUARTERS_PER_YEAR = 4
/** Staff pick among this many quarters, the current one first (coverage, completeness). */
export const QUARTERS_BACK = 8

/** "2026-11-23" (or "2026-11") → "2026-Q4". */
export function quarterOf(date: string): string {
  const month = Number(date.slice(5, 7))
  return `${date.slice(0, 4)}-Q${Math.ceil(month / MONTHS_PER_QUARTER)}`
}

export function isQuarter(text: string): boolean {
  return QUARTER_PATTERN.test(text)
}

/** "2026-Q4" → { from: "2026-10-01", to: "2026-12-31" } (dates inclusive). */
export function quarterRange(quarter: string): { from: string, to: string } | null {
  const m = QUARTER_PATTERN.exec(quarter)
  if (!m)
    return null
  const year = m[1]
  const q = Number(m[2])
  const firstMonth = (q - 1) * MONTHS_PER_QUARTER + 1
  const lastMonth = firstMonth + MONTHS_PER_QUARTER - 1
  const lastDay = new Date(Date.UTC(Number(year), lastMonth, 0)).getUTCDate()
  const pad = (n: number) => String(n).padStart(2, '0')
  return { from: `${year}-${pad(firstMonth)}-01`, to: `${year}-${pad(lastMonth)}-${pad(lastDay)}` }
}

/** The quarter and the ones before it, newest first: ["2026-Q4", "2026-Q3", …]. */
export function recentQuarters(latest: string, count = QUARTERS_BACK): string[] {
  const m = QUARTER_PATTERN.exec(latest)
  if (!m)
    return []
  let year = Number(m[1])
  let q = Number(m[2])
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    out.push(`${year}-Q${q}`)
    q -= 1
    if (q === 0) {
      q = QUARTERS_PER_YEAR
      year -= 1
    }
  }
  return out
}

/** "2026-Q4" → "2026年第4季度" / "Q4 2026" (written like time.ts writes "2026年12月"). */
export function quarterLabel(quarter: string): Text {
  const m = QUARTER_PATTERN.exec(quarter)
  // Quarters come from quarterOf and recentQuarters, or from the API that checked them.
  if (!m)
    throw new Error(`Not a quarter: ${quarter}`)
  return text('domain.quarter', { year: m[1]!, quarter: m[2]! })
}
