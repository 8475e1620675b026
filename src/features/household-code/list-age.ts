/**
 * How old the phone's copy of the keys and revoked codes is, in words ("3 天前", "3 days ago"):
 * an offline check says it (issue #16), so a volunteer knows a code regenerated since then
 * would not be caught. Relative, through Intl: one plural rule per language for free.
 */

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS
const DAY_MS = 24 * HOUR_MS

/** The age as a count of the largest whole unit; null under a minute (or a clock ahead). */
export function listAge(listedAt: string, now: number = Date.now()): { count: number, unit: 'day' | 'hour' | 'minute' } | null {
  const age = now - Date.parse(listedAt)
  if (!Number.isFinite(age) || age < MINUTE_MS)
    return null
  if (age >= DAY_MS)
    return { count: Math.floor(age / DAY_MS), unit: 'day' }
  if (age >= HOUR_MS)
    return { count: Math.floor(age / HOUR_MS), unit: 'hour' }
  return { count: Math.floor(age / MINUTE_MS), unit: 'minute' }
}

/** "3天前" / "3 days ago" / "昨天"; `justNow` under a minute. */
export function formatListAge(listedAt: string, locale: string, justNow: string, now: number = Date.now()): string {
  const age = listAge(listedAt, now)
  if (!age)
    return justNow
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-age.count, age.unit)
}
