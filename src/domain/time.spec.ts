import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatMonth, formatTime, nextMonth, shanghaiDateTime, shanghaiDayStart, shanghaiMonth, shanghaiToday, TIME_ZONE } from './time'

// These hold whatever clock zone the machine runs in: try `TZ=UTC npx vitest run src/domain/time.spec.ts`
// and `TZ=America/New_York …` (a volunteer's phone set to another zone shows Beijing time too).

describe('time', () => {
  // 17:00 UTC on 5 March is 01:00 on 6 March in Beijing.
  const LATE_EVENING_UTC = '2026-03-05T17:00:00Z'

  it.each([
    ['zh-CN', '2026年3月6日'],
    ['zh-TW', '2026年3月6日'],
    ['en', 'Mar 6, 2026'],
  ])('should show the Beijing day of an instant (%s)', (locale, text) => {
    expect(formatDate(LATE_EVENING_UTC, locale)).toBe(text)
  })

  it.each([
    ['zh-CN', '2026年3月6日 01:00'],
    ['zh-TW', '2026年3月6日 01:00'],
    ['en', 'Mar 6, 2026, 01:00'],
  ])('should show date and time in Beijing time, 24-hour, in one format per language (%s)', (locale, text) => {
    expect(formatDateTime(LATE_EVENING_UTC, locale)).toBe(text)
  })

  it('should show the time of day in Beijing', () => {
    expect(formatTime(LATE_EVENING_UTC, 'zh-CN')).toBe('01:00')
    expect(formatTime('2026-03-05T06:05:00.000Z', 'en')).toBe('14:05')
  })

  it.each([
    ['zh-CN', '2026年3月5日'],
    ['zh-TW', '2026年3月5日'],
    ['en', 'Mar 5, 2026'],
  ])('should never shift a bare calendar day (%s)', (locale, text) => {
    expect(formatDate('2026-03-05', locale)).toBe(text)
    expect(formatDateTime('2026-03-05', locale)).toContain(text)
  })

  it('should show a bare calendar day as written', () => {
    expect(formatDate('2026-03-05', 'zh-CN')).toBe('2026年3月5日')
    expect(formatDate('2026-01-01', 'en')).toBe('Jan 1, 2026')
  })

  it('should show a month as written, and the Beijing month of an instant', () => {
    expect(formatMonth('2026-03', 'zh-CN')).toBe('2026年3月')
    expect(formatMonth('2026-03', 'en')).toBe('Mar 2026')
    // 31 March 20:00 UTC is already April in Beijing.
    expect(formatMonth('2026-03-31T20:00:00Z', 'zh-CN')).toBe('2026年4月')
  })

  it('should take a Date as an instant', () => {
    expect(formatDate(new Date(LATE_EVENING_UTC), 'zh-CN')).toBe('2026年3月6日')
  })

  it('should show text that is not a date unchanged rather than "Invalid Date"', () => {
    expect(formatDateTime('soon', 'zh-CN')).toBe('soon')
    expect(formatDate('2026-13-45', 'zh-CN')).not.toContain('Invalid')
  })

  it('should give today and this month in Beijing', () => {
    expect(shanghaiToday(new Date(LATE_EVENING_UTC))).toBe('2026-03-06')
    expect(shanghaiMonth(new Date('2026-03-31T16:00:00Z'))).toBe('2026-04')
    expect(shanghaiToday(new Date('2026-03-05T15:59:59Z'))).toBe('2026-03-05')
  })

  it.each([
    ['2026-12-31T15:59:59Z', '2026-12-31T23:59:59'],
    ['2026-12-31T16:00:00Z', '2027-01-01T00:00:00'],
    ['2026-03-05T06:05:09.999Z', '2026-03-05T14:05:09'],
  ])('should give the wall-clock time in Beijing of %s', (instant, wall) => {
    expect(shanghaiDateTime(new Date(instant))).toBe(wall)
  })

  it.each([
    ['2026-10-01', '2026-09-30T16:00:00.000Z'],
    ['2027-01-01', '2026-12-31T16:00:00.000Z'],
    ['2024-03-01', '2024-02-29T16:00:00.000Z'],
  ])('should start the Beijing day %s at %s', (date, instant) => {
    expect(shanghaiDayStart(date)).toBe(instant)
    expect(shanghaiToday(new Date(instant))).toBe(date)
    expect(shanghaiToday(new Date(Date.parse(instant) - 1))).not.toBe(date)
  })
})

describe('nextMonth', () => {
  it('should step to the next month, over a year\'s end', () => {
    expect(nextMonth('2026-11')).toBe('2026-12')
    expect(nextMonth('2026-12')).toBe('2027-01')
  })
})

// Chinese days and months are written by hand, not by Intl (issue #18: ICU's start-up costs a
// cheap phone ~60 ms). They must read exactly as Intl writes them, in Beijing time.
describe('hand-written Chinese days, months and times', () => {
  const DAY_MS = 86_400_000
  const formats = new Map<string, Intl.DateTimeFormat>()
  const intl = (locale: string, options: Intl.DateTimeFormatOptions, timeZone: string, date: Date) => {
    const key = `${locale}|${JSON.stringify(options)}|${timeZone}`
    if (!formats.has(key))
      formats.set(key, new Intl.DateTimeFormat(locale, { ...options, timeZone }))
    return formats.get(key)!.format(date)
  }
  const DAY = { year: 'numeric', month: 'short', day: 'numeric' } as const
  const MONTH = { year: 'numeric', month: 'short' } as const
  const DAY_TIME = { ...DAY, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const
  const TIME = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const
  const pad = (n: number) => String(n).padStart(2, '0')

  it.each(['zh-CN', 'zh-TW'])('should match Intl for every calendar day and month from 1985 to 2045 (%s)', (locale) => {
    const mismatches: string[] = []
    for (let time = Date.UTC(1985, 0, 1); time < Date.UTC(2046, 0, 1); time += DAY_MS) {
      const date = new Date(time)
      const text = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
      const noon = new Date(time + 12 * 3_600_000)
      if (formatDate(text, locale) !== intl(locale, DAY, 'UTC', noon))
        mismatches.push(text)
      if (formatMonth(text.slice(0, 7), locale) !== intl(locale, MONTH, 'UTC', noon))
        mismatches.push(text.slice(0, 7))
      if (formatDateTime(text, locale) !== intl(locale, DAY_TIME, 'UTC', noon))
        mismatches.push(`${text} with a time`)
    }
    expect(mismatches).toEqual([])
  })

  it.each(['zh-CN', 'zh-TW'])('should match Intl\'s Beijing day and month of instants around each midnight (%s)', (locale) => {
    const mismatches: string[] = []
    // Around Beijing's midnight (16:00 UTC) every day, and at an hour and a minute that move through the day;
    // from 1985, across the years of daylight saving time (1986–1991), where Intl is kept.
    for (let time = Date.UTC(1985, 0, 1, 16); time < Date.UTC(2046, 0, 1); time += DAY_MS) {
      for (const instant of [time - 1, time, time - 3_600_000, time + (Math.floor(time / DAY_MS) % 24) * 3_600_000 + 1_234, time + ((Math.floor(time / DAY_MS) * 7) % 1_440) * 60_000 + 59_999]) {
        const date = new Date(instant)
        for (const value of [date, date.toISOString()]) {
          if (formatDate(value, locale) !== intl(locale, DAY, TIME_ZONE, date) || formatMonth(value, locale) !== intl(locale, MONTH, TIME_ZONE, date))
            mismatches.push(date.toISOString())
          if (formatDateTime(value, locale) !== intl(locale, DAY_TIME, TIME_ZONE, date) || formatTime(value, locale) !== intl(locale, TIME, TIME_ZONE, date))
            mismatches.push(`${date.toISOString()} with its time`)
        }
      }
    }
    expect(mismatches).toEqual([])
  })

  it.each(['zh-CN', 'zh-TW'])('should match Intl on days that roll over and on edge years (%s)', (locale) => {
    for (const text of ['2026-02-29', '2024-02-29', '2026-02-30', '2026-04-31', '2026-12-32', '2026-00-10', '1000-01-01', '9999-12-31', '0999-12-31', '0026-03-05', '2026-13']) {
      const [year, month, day] = text.split('-').map(Number)
      const noon = new Date(Date.UTC(year, month - 1, day ?? 1, 12))
      expect(day === undefined ? formatMonth(text, locale) : formatDate(text, locale)).toBe(intl(locale, day === undefined ? MONTH : DAY, 'UTC', noon))
    }
  })
})
