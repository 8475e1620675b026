/**
 * Chinese resident identity number (公民身份号码) checks per GB 11643-1999:
 * 6-digit address code, 8-digit birth date, 3-digit sequence, 1 check character (MOD 11-2).
 */
import { ageOn } from './age'
import { shanghaiToday } from './time'

export const ID_NUMBER_LENGTH = 18

/** Weights of the 17 body digits for ISO 7064 MOD 11-2 (GB 11643-1999 §7). */
const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'

/** Province-level prefixes of GB/T 2260 (incl. 71 Taiwan, 81/82 Hong Kong/Macao residence permits). */
const PROVINCE_PREFIXES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
])

/** The earliest birth year accepted: nobody alive was born before it. */
const MIN_BIRTH_YEAR = 1890

export type IdNumberProblem = 'length' | 'format' | 'region' | 'birth_date' | 'check_digit'

export type IdNumberCheck
  = | { ok: true, idNumber: string, regionCode: string, birthDate: string, sex: 'male' | 'female' }
    | { ok: false, problem: IdNumberProblem }

export function idCheckChar(body17: string): string {
  const sum = CHECK_WEIGHTS.reduce((acc, weight, i) => acc + Number(body17[i]) * weight, 0)
  // charAt: '' (never a check character) when the body is not 17 digits and the sum is NaN.
  return CHECK_CHARS.charAt(sum % 11)
}

/** Upper-cases a trailing x and strips spaces, as card readers and people type them. */
export function normalizeIdNumber(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase()
}

export function checkIdNumber(input: string, today: Date = new Date()): IdNumberCheck {
  const id = normalizeIdNumber(input)
  if (id.length !== ID_NUMBER_LENGTH)
    return { ok: false, problem: 'length' }
  if (!/^\d{17}[\dX]$/.test(id))
    return { ok: false, problem: 'format' }
  if (!PROVINCE_PREFIXES.has(id.slice(0, 2)))
    return { ok: false, problem: 'region' }

  const year = Number(id.slice(6, 10))
  const month = Number(id.slice(10, 12))
  const day = Number(id.slice(12, 14))
  const birth = new Date(Date.UTC(year, month - 1, day))
  const realDate = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
  // Born later than today in China: not a real person yet, whatever the device's clock zone.
  if (!realDate || year < MIN_BIRTH_YEAR || birthDate > shanghaiToday(today))
    return { ok: false, problem: 'birth_date' }

  if (idCheckChar(id.slice(0, 17)) !== id[17])
    return { ok: false, problem: 'check_digit' }

  return {
    ok: true,
    idNumber: id,
    regionCode: id.slice(0, 6),
    birthDate,
    // The sequence number's last digit is odd for men, even for women.
    sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
  }
}

export function isValidIdNumber(input: string, today?: Date): boolean {
  return checkIdNumber(input, today).ok
}

/** Age in whole years on the day of China that `on` falls in, from a valid ID number's birth date. */
export function ageFromIdNumber(idNumber: string, on: Date = new Date()): number | null {
  const check = checkIdNumber(idNumber, on)
  return check.ok ? ageOn(check.birthDate, shanghaiToday(on)) : null
}

export type Sex = 'female' | 'male'

/** Sex from the 17th digit of a valid ID number (odd: male, even: female; GB 11643). */
export function sexFromIdNumber(idNumber: string): Sex | null {
  const n = normalizeIdNumber(idNumber)
  if (!isValidIdNumber(n))
    return null
  return Number(n[16]) % 2 === 1 ? 'male' : 'female'
}
