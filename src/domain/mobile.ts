/** Mainland China mobile numbers: 11 digits, starting 13–19 (MIIT numbering plan). */
const MOBILE_PATTERN = /^1[3-9]\d{9}$/

export function normalizeMobile(input: string): string {
  // People paste numbers as "138 0013 8000", "138-0013-8000" or with +86.
  return input.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '')
}

export function isValidMobile(input: string): boolean {
  return MOBILE_PATTERN.test(normalizeMobile(input))
}
