import { describe, expect, it } from 'vitest'
import { ageFromIdNumber, checkIdNumber, idCheckChar, isValidIdNumber } from './id-number'

const TODAY = new Date(2026, 10, 23)

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
    [new Date(2026, 11, 30), 76],
    [new Date(2026, 11, 31), 77],
  ])('should count whole years on %s', (on, age) => {
    expect(ageFromIdNumber('11010519491231002X', on)).toBe(age)
  })
})
