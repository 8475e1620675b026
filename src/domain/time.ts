// Dates and times as every screen shows them (issue #15): one format per language, always in
// China Standard Time (Asia/Shanghai), whatever clock zone the device is set to. A volunteer's
// phone set to UTC and a staff PC set to Beijing show the same day and hour.
//
//   zh-CN / zh-TW: 2026年3月5日 14:30 · 2026年3月5日 · 2026年3月
//   en:            Mar 5, 2026, 14:30 · Mar 5, 2026 · Mar 2026

export const TIME_ZONE = 'Asia/Shanghai'

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/
const MONTH_ONLY = /^(\d{4})-(\d{2})$/

type Style = 'dateTime' | 'date' | 'month' | 'time'

const OPTIONS: Record<Style, Intl.DateTimeFormatOptions> = {
  dateTime: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  date: { year: 'numeric', month: 'short', day: 'numeric' },
  month: { year: 'numeric', month: 'short' },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
}

const cache = new Map<string, Intl.DateTimeFormat>()

function formatter(locale: string, style: Style, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${style}|${timeZone}`
  let f = cache.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...OPTIONS[style], timeZone })
    cache.set(key, f)
  }
  return f
}

/**
 * A calendar day ("2026-03-05") or month ("2026-03") is not an instant: it is shown as written,
 * never shifted by a time zone. Anything else is an instant, shown in Beijing time.
 */
function toDate(value: string | Date): { date: Date, zone: string } | null {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? null : { date: value, zone: TIME_ZONE }
  const day = DATE_ONLY.exec(value) ?? MONTH_ONLY.exec(value)
  if (day) {
    const date = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3] ?? 1), 12))
    return Number.isNaN(date.getTime()) ? null : { date, zone: 'UTC' }
  }
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : { date, zone: TIME_ZONE }
}

/** The languages whose calendar days and months are written by hand: "2026年3月5日", "2026年3月". */
const HAND_WRITTEN_LOCALES = new Set(['zh-CN', 'zh-TW'])
const SHANGHAI_OFFSET_MS = 8 * 3_600_000
/** From 1992 on, Beijing time is UTC+8 all year (daylight saving time ended in September 1991). */
const FIXED_OFFSET_SINCE_MS = Date.UTC(1992, 0, 1) - SHANGHAI_OFFSET_MS

/**
 * A Chinese calendar day, month, day with time or time of day, written by hand exactly as Intl
 * writes it (time.spec.ts compares the two): the first Intl.DateTimeFormat of a page costs a cheap
 * phone ~60 ms of ICU start-up, and /list shows days, months and "更新于 <day> <time>" (issue #18).
 * Null where Intl is kept: other languages, years outside 1000–9999 (eras, two-digit years) and
 * instants before 1992.
 */
function handWritten(d: { date: Date, zone: string }, locale: string, style: Style): string | null {
  if (!HAND_WRITTEN_LOCALES.has(locale))
    return null
  let shifted = d.date
  if (d.zone === TIME_ZONE) {
    if (d.date.getTime() < FIXED_OFFSET_SINCE_MS)
      return null
    shifted = new Date(d.date.getTime() + SHANGHAI_OFFSET_MS)
  }
  const year = shifted.getUTCFullYear()
  if (year < 1000 || year > 9999)
    return null
  const time = `${pad2(shifted.getUTCHours())}:${pad2(shifted.getUTCMinutes())}`
  if (style === 'time')
    return time
  const month = `${year}年${shifted.getUTCMonth() + 1}月`
  if (style === 'month')
    return month
  const day = `${month}${shifted.getUTCDate()}日`
  return style === 'date' ? day : `${day} ${time}`
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

function format(value: string | Date, locale: string, style: Style): string {
  const d = toDate(value)
  if (!d)
    return String(value)
  return handWritten(d, locale, style) ?? formatter(locale, style, d.zone).format(d.date)
}

/**
 * The numbers of a calendar day "2026-03-05" or month "2026-03": [year, month 1–12, day]. A part
 * that is missing or not a number is NaN, so arithmetic on a malformed text gives NaN, not a date.
 */
export function dateParts(value: string): [year: number, month: number, day: number] {
  const [year, month, day] = value.split('-')
  return [Number(year), Number(month), Number(day)]
}

/** "2026年3月5日 14:30" — an instant, in Beijing time. */
export function formatDateTime(value: string | Date, locale: string): string {
  return format(value, locale, 'dateTime')
}

/** "2026年3月5日" — the Beijing calendar day of an instant, or a calendar day as written. */
export function formatDate(value: string | Date, locale: string): string {
  return format(value, locale, 'date')
}

/** "2026年3月" — a month ("2026-03") or the Beijing month of an instant. */
export function formatMonth(value: string | Date, locale: string): string {
  return format(value, locale, 'month')
}

/** "14:30" — the Beijing time of day of an instant. */
export function formatTime(value: string | Date, locale: string): string {
  return format(value, locale, 'time')
}

// "Today in China" has this one home: the day, the month and the wall-clock time below, and the
// instant a day begins. China has kept UTC+8 all year since 1991 (no daylight saving time), so a
// fixed offset is exact and needs no time-zone data on the device or the server. (The offset
// itself is defined above, with the hand-written days that use it too.)

/** The wall-clock time in Beijing, "YYYY-MM-DDTHH:MM:SS" (no zone): for names that carry it. */
export function shanghaiDateTime(now: Date = new Date()): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)
}

/** Today's date in Beijing, "YYYY-MM-DD". */
export function shanghaiToday(now: Date = new Date()): string {
  return shanghaiDateTime(now).slice(0, 10)
}

/** This month in Beijing, "YYYY-MM". */
export function shanghaiMonth(now: Date = new Date()): string {
  return shanghaiToday(now).slice(0, 7)
}

/** The month after `month`: "2026-12" → "2027-01". */
export function nextMonth(month: string): string {
  const [year, m] = dateParts(`${month}-01`)
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`
}

/** The instant a day of China begins, as ISO UTC: "2026-10-01" → "2026-09-30T16:00:00.000Z". */
export function shanghaiDayStart(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS).toISOString()
}
