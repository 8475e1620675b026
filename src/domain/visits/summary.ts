import { maskIdNumber } from '../mask'

// What a visit recorded, shortened for staff beside a volunteer's referral (issue #19): the
// volunteer typed free text at the door, where an ID or phone number easily slips in ("联系电话
// 13812345678"). Such numbers are shown masked, as they are everywhere but to their owner.

/**
 * A run of digits, possibly split by spaces or hyphens as people type them ("138 1234 5678",
 * "0571-8888-1234"), with an ID number's final X.
 */
const NUMBER_RUN = /\d(?:[ -]?\d){6,}(?:[ -]?[X×])?/gi
/** Shorter runs are amounts, ages, house numbers: kept. */
const MIN_MASKED_DIGITS = 7
/** A day as people write it ("2026-11-26"): no one's number. */
const DATE = /^(?:19|20)\d{2}-\d{1,2}-\d{1,2}$/

/**
 * The text with every number of 7 digits or more masked like an ID number or a mobile: the first
 * 3 and last 4 characters kept (13812345678 → 138****5678, an ID → 330***********123X).
 */
export function maskNumbersIn(text: string): string {
  return text.replace(NUMBER_RUN, (run) => {
    const compact = run.replace(/[ -]/g, '').replace('×', 'X')
    return DATE.test(run) || compact.replace(/\D/g, '').length < MIN_MASKED_DIGITS ? run : maskIdNumber(compact)
  })
}

/** At most `max` characters (not UTF-16 units: a Chinese text is cut between characters), with "…" when cut. */
export function shorten(text: string, max: number): string {
  const chars = Array.from(text.trim())
  return chars.length <= max ? chars.join('') : `${chars.slice(0, Math.max(max - 1, 0)).join('')}…`
}
