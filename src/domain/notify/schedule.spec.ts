import { describe, expect, it } from 'vitest'
import { inQuietHours, MAX_ATTEMPTS, nextAttemptAt, RETRY_DELAYS_MS, sendableFrom } from './schedule'

// Instants written in Beijing time (+08:00), as a person in the town reads the clock.
const at = (beijing: string) => new Date(`${beijing}+08:00`)

describe('quiet hours', () => {
  it.each([
    ['2026-03-05T20:59:59', false],
    ['2026-03-05T21:00:00', true],
    ['2026-03-05T23:59:59', true],
    ['2026-03-06T00:00:00', true],
    ['2026-03-06T07:59:59', true],
    ['2026-03-06T08:00:00', false],
    ['2026-03-06T12:00:00', false],
  ])('should say %s Beijing time is quiet: %s', (time, quiet) => {
    expect(inQuietHours(at(time))).toBe(quiet)
  })

  it.each([
    ['2026-03-05T22:30:00', '2026-03-06T08:00:00'],
    ['2026-03-05T21:00:00', '2026-03-06T08:00:00'],
    ['2026-03-06T03:00:00', '2026-03-06T08:00:00'],
    ['2026-03-06T07:59:59', '2026-03-06T08:00:00'],
    // The last night of a month and of a year.
    ['2026-03-31T23:00:00', '2026-04-01T08:00:00'],
    ['2026-12-31T21:30:00', '2027-01-01T08:00:00'],
  ])('should hold what falls due at %s until %s', (time, morning) => {
    expect(sendableFrom(at(time)).toISOString()).toBe(at(morning).toISOString())
  })

  it('should send by day at once whatever the device clock zone', () => {
    const noon = at('2026-03-05T12:00:00')
    expect(sendableFrom(noon)).toBe(noon)
    // 20:59 Beijing is 12:59 UTC: by day in Beijing, though the UTC hour says nothing of it.
    expect(sendableFrom(at('2026-03-05T20:59:00')).toISOString()).toBe('2026-03-05T12:59:00.000Z')
  })
})

describe('retries', () => {
  it('should wait 1 min, 5 min, 30 min and 2 h, then give up after the fifth attempt', () => {
    const noon = at('2026-03-05T12:00:00')
    expect(RETRY_DELAYS_MS.map((_, i) => nextAttemptAt(i + 1, noon)!.getTime() - noon.getTime())).toEqual([60_000, 300_000, 1_800_000, 7_200_000])
    expect(MAX_ATTEMPTS).toBe(5)
    expect(nextAttemptAt(MAX_ATTEMPTS, noon)).toBeNull()
  })

  it('should move a retry that falls at night to the morning', () => {
    expect(nextAttemptAt(4, at('2026-03-05T19:30:00'))!.toISOString()).toBe(at('2026-03-06T08:00:00').toISOString())
    expect(nextAttemptAt(1, at('2026-03-05T20:59:30'))!.toISOString()).toBe(at('2026-03-06T08:00:00').toISOString())
  })
})
