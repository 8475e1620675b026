import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import { shanghaiToday } from '../../../src/domain/time'
import { monthsBefore } from '../../../src/domain/warnings/dates'
import { MEDICAL_WINDOW_MONTHS } from '../../../src/domain/warnings/rules'
import { deleteSignalsNoWarningNeeds } from '../../db/repos/signals'

/**
 * How long a signal no warning needs is kept: the longest window a rule counts (12 months of
 * self-paid medical spending) and a month for events a department sends late. Health and death
 * data are sensitive personal information, kept no longer than a purpose needs (个人信息保护法 第十九条).
 */
export const SIGNAL_KEEP_MONTHS = MEDICAL_WINDOW_MONTHS + 1

/** Deletes the signals kept past SIGNAL_KEEP_MONTHS that raised or joined no warning; how many. */
export function sweepSignals(db: Kysely<Database>, now: Date): Promise<number> {
  return deleteSignalsNoWarningNeeds(db, monthsBefore(shanghaiToday(now), SIGNAL_KEEP_MONTHS))
}
