import { shanghaiDayStart, shanghaiToday } from '../time'

// When texts and pushes may go out (issue #19): never at night in Beijing, retried with growing
// waits, then given up. Pure, shared by the server's worker and the PWA's wording ("nothing is
// sent between 21:00 and 08:00").

/** Quiet hours, Beijing time: from 21:00 … */
export const QUIET_FROM_HOUR = 21
/** … until 08:00 the next morning. */
export const QUIET_UNTIL_HOUR = 8

const HOUR_MS = 3_600_000
const MINUTE_MS = 60_000
const DAY_MS = 24 * HOUR_MS

/**
 * Waits before the 2nd, 3rd, 4th and 5th attempt: 1 min, 5 min, 30 min, 2 h. A message that
 * failed five times is given up (its row says so). A provider's per-number limit (one text a
 * minute) is over by the first retry.
 */
export const RETRY_DELAYS_MS = [MINUTE_MS, 5 * MINUTE_MS, 30 * MINUTE_MS, 2 * HOUR_MS] as const
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1

/** The hour of the day in Beijing (0–23). */
function shanghaiHour(at: Date): number {
  return Number(new Date(at.getTime() + 8 * HOUR_MS).toISOString().slice(11, 13))
}

export function inQuietHours(at: Date): boolean {
  const hour = shanghaiHour(at)
  return hour >= QUIET_FROM_HOUR || hour < QUIET_UNTIL_HOUR
}

/** The first moment at or after `at` outside quiet hours: `at` itself by day, 08:00 Beijing at night. */
export function sendableFrom(at: Date): Date {
  if (!inQuietHours(at))
    return at
  // Before midnight the morning is tomorrow's; after midnight it is today's.
  const morningDay = shanghaiHour(at) >= QUIET_FROM_HOUR ? new Date(at.getTime() + DAY_MS) : at
  return new Date(Date.parse(shanghaiDayStart(shanghaiToday(morningDay))) + QUIET_UNTIL_HOUR * HOUR_MS)
}

/**
 * When to try again after `attempts` failed attempts (1 = the first failed), or null when that
 * was the last one: the retry's wait, moved out of quiet hours.
 */
export function nextAttemptAt(attempts: number, now: Date): Date | null {
  const delay = RETRY_DELAYS_MS[attempts - 1]
  if (delay === undefined)
    return null
  return sendableFrom(new Date(now.getTime() + delay))
}
