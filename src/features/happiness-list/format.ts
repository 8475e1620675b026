import type { Lang } from '../../domain/lang'
import { i18n } from '../../app/i18n'
import { formatYuan } from '../../domain/happiness-list/money'
import { formatDate, formatDateTime, formatMonth } from '../../domain/time'

// Wording of the list's dates and amounts. Pure; money itself is worded by the domain helpers
// (formatYuan, and describePaid / describeGranted of summary.ts), which the server uses too.
// Every date goes through src/domain/time.ts: one format per language, Beijing time. Today in
// China is shanghaiToday (time.ts); quarters and their names are in src/domain/quarter.ts.

/** A message of the list's catalog in `lang` (the screen's language; the caller passes it). */
function word(key: string, params: Record<string, string>, lang: Lang): string {
  return i18n.global.t(key, params, { locale: lang })
}

/** The resident may look this many years back; the demo history covers three. */
export const YEARS_BACK = 4
/** "2026-01" → "2026年1月"; "2026-01-01/2026-06-30" → "2026年1月1日 至 2026年6月30日". */
export function periodText(period: string, lang: Lang): string {
  if (/^\d{4}-\d{2}$/.test(period))
    return formatMonth(period, lang)
  const [from = period, to] = period.split('/')
  return to ? word('happiness-list.format.range', { from: formatDate(from, lang), to: formatDate(to, lang) }, lang) : formatDate(period, lang)
}

/** "2026-01-10" → "2026年1月10日" / "Jan 10, 2026". */
export function dateText(date: string, lang: Lang): string {
  return formatDate(date, lang)
}

/** Narrow no-break space: as narrow as the domain's thin space, but a line never breaks there. */
export const NARROW_NO_BREAK_SPACE = '\u202F'

/**
 * The domain groups digits with U+2009 THIN SPACE, where a browser may break a line: a narrow
 * phone showed "每月 1" / "020 元". On screen and paper the group space must not break.
 */
export function keepNumbersWhole(text: string): string {
  return text.replace(/(\d)\u2009(?=\d)/g, `$1${NARROW_NO_BREAK_SPACE}`)
}

/** "2 658 元" / "2,658 yuan". */
export function yuanText(fen: number, lang: Lang): string {
  return word('happiness-list.format.yuan', { amount: keepNumbersWhole(formatYuan(fen, lang)) }, lang)
}

/** What a record gave: money ("886 元"), or a quantity for in-kind and services ("10 公斤"). */
export function recordAmountText(record: { amountFen: number | null, quantity: number | null, unit: string | null }, lang: Lang): string {
  const parts: string[] = []
  if (record.quantity !== null)
    parts.push(`${record.quantity}${record.unit ? ` ${record.unit}` : ''}`)
  if (record.amountFen !== null)
    parts.push(yuanText(record.amountFen, lang))
  return parts.length === 2 ? word('happiness-list.format.both', { first: parts[0]!, second: parts[1]! }, lang) : parts.join('')
}

/** An instant (last sync, time of printing) in Beijing time, to the minute: "2026年12月5日 11:52". */
export function syncedAtText(iso: string | Date, lang: Lang): string {
  return formatDateTime(iso, lang)
}
