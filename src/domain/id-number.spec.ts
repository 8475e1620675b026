import { describe, expect, it } from 'vitest'
import { ageFromIdNumber, checkIdNumber, idCheckChar, isValidIdNumber } from './id-number'

// Instants, not the machine's local midnight: the rules count days in China (Asia/Shanghai),
// so these hold in any clock zone (try TZ=Pacific/Auckland or TZ=America/New_York).
const TODAY = new Date('2026-11-23T12:00:00+08:00')

describe('checkIdNumber', () => {
  it.each([
    ['11010519491231002X', '110105', '1949-12-31', 'female'],
    ['11010519491231002x', '110105', '1949-12-31', 'female'],
    ['110105194912310038', '110105', '1949-12-31', 'male'],
    ['440106200002290016', '440106', '2000-02-29', 'male'],
  ])('should accept %s', (id, region, birth, sex) => {
    expect(checkIdNumber(id, TODAY)).toEqual({ ok: true, idNumber: id.toUpperCase(), regionCode: region, birthDate: birth, sex })
  })

  it.each([
    ['340524198001010013', 'check_digit'],
    ['11010519491231002', 'length'],
    ['11010519491231002X1', 'length'],
    ['1101051949123100XX', 'format'],
    ['A1010519491231002X', 'format'],
    ['990105194912310020', 'region'],
    ['110105194902300020', 'birth_date'],
    ['110105190002290020', 'birth_date'],
    ['110105203001010020', 'birth_date'],
    ['110105188001010020', 'birth_date'],
  ])('should reject %s with problem %s', (id, problem) => {
    expect(checkIdNumber(id, TODAY)).toEqual({ ok: false, problem })
  })

  it('should reject a birth date of tomorrow and accept today', () => {
    const body = '11010520261124001'
    const tomorrow = body + idCheckChar(body)
    const todayBody = '11010520261123001'
    const today = todayBody + idCheckChar(todayBody)
    expect(isValidIdNumber(tomorrow, TODAY)).toBe(false)
    expect(isValidIdNumber(today, TODAY)).toBe(true)
  })

  it('should ignore spaces typed between digit groups', () => {
    expect(isValidIdNumber('110105 19491231 002X', TODAY)).toBe(true)
  })
})

describe('ageFromIdNumber', () => {
  it.each([
    ['2026-12-30T12:00:00+08:00', 76],
    ['2026-12-31T12:00:00+08:00', 77],
  ])('should count whole years on %s', (on, age) => {
    expect(ageFromIdNumber('11010519491231002X', new Date(on))).toBe(age)
  })

  // Born 1 March 2008: 18 from the first minute of 1 March 2026 in Beijing, which is still
  // 28 February in UTC (and on a phone set to UTC).
  it.each([
    ['2026-02-28T23:59:59+08:00', 17, 'the last second before the birthday in Beijing'],
    ['2026-03-01T00:00:00+08:00', 18, 'midnight of the birthday in Beijing (still 28 February in UTC)'],
    ['2026-02-28T16:00:00Z', 18, 'the same instant written in UTC'],
    ['2026-02-28T15:59:59Z', 17, 'one second earlier'],
  ])('should count the age on the day of China at %s: %i (%s)', (on, age) => {
    expect(ageFromIdNumber('339901200803010015', new Date(on))).toBe(age)
  })

  it.each([
    ['2026-02-28T12:00:00+08:00', 17],
    ['2026-03-01T12:00:00+08:00', 18],
    ['2028-02-29T12:00:00+08:00', 20],
  ])('should age someone born on 29 February on 1 March in other years (%s: %i)', (on, age) => {
    const body = '44010620080229001'
    expect(ageFromIdNumber(body + idCheckChar(body), new Date(on))).toBe(age)
  })

  it('should give no age for an ID number that is not valid', () => {
    expect(ageFromIdNumber('340524198001010013', TODAY)).toBeNull()
  })

  it('should accept a birth on today\'s date in China while UTC is still on the day before', () => {
    // 23 November 2026 20:00 UTC is already 24 November in Beijing: born that day is valid.
    const body = '11010520261124001'
    expect(isValidIdNumber(body + idCheckChar(body), new Date('2026-11-23T20:00:00Z'))).toBe(true)
    expect(isValidIdNumber(body + idCheckChar(body), new Date('2026-11-23T15:59:59Z'))).toBe(false)
  })
})
