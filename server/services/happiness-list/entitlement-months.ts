import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import { nextMonth, shanghaiDayStart, shanghaiMonth } from '../../../src/domain/time'
import { writeGrantedMonths } from '../../db/repos/benefits'

/** A timer longer than ~24.8 days overflows; waking at least this often is cheap (nothing behind, one query). */
const MAX_SLEEP_MS = 6 * 3_600_000
/** Wake just after the month begins in Beijing, not on its last millisecond. */
const AFTER_MONTH_START_MS = 1_000

/** When the next month begins in Beijing, as a time stamp. */
export function nextMonthStartsAt(now: Date): number {
  return Date.parse(shanghaiDayStart(`${nextMonth(shanghaiMonth(now))}-01`))
}

/**
 * Keeps approvals' granted months on the happiness lists as the calendar moves on, so that no
 * list read has to write them (issue #18): once at start-up (catching up whatever months began
 * while the server was down, and rows from before migration 019) and then as each month begins
 * in Beijing. Approvals write their months themselves when decided (workflow.ts).
 */
export function keepEntitlementMonths(db: Kysely<Database>, onError: (error: unknown) => void, clock: () => Date = () => new Date()): { caughtUp: Promise<void>, stop: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  const run = async () => {
    try {
      await writeGrantedMonths(db, 'all', shanghaiMonth(clock()))
    }
    catch (error) {
      onError(error)
    }
    if (stopped)
      return
    const now = clock()
    const delay = Math.min(nextMonthStartsAt(now) - now.getTime() + AFTER_MONTH_START_MS, MAX_SLEEP_MS)
    timer = setTimeout(() => void run(), delay)
  }
  return {
    /** The start-up catch-up, done (errors go to onError). */
    caughtUp: run(),
    stop: () => {
      stopped = true
      clearTimeout(timer)
    },
  }
}
