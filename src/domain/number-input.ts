// What a person types into a number field, read as they meant it or refused with the reason
// (issue #15: forms never rewrite silently). Accepted: full-width digits and points (１２３．５),
// spaces and thousands separators (1,200 · 1 200 · 1，200), a trailing 元, and the units people
// say (1.5万 = 15 000, 3千 = 3 000). Refused, never "repaired": signs, exponents (1e12), two
// points, letters, more decimals than allowed, values outside the field's range.

export type NumberInputProblem = 'empty' | 'not_a_number' | 'negative' | 'not_integer' | 'too_many_decimals' | 'too_small' | 'too_large'

export type NumberInputResult
  = | { ok: true, value: number }
    | { ok: false, problem: NumberInputProblem }

export interface NumberInputRules {
  /** Whole numbers only (people, vehicles, years). */
  integer?: boolean
  /** Decimal places allowed after units are applied (money: 2). Default 2. */
  decimals?: number
  min?: number
  max?: number
  /** Accept 万 and 千 (money); default true unless integer. */
  units?: boolean
  /** The unit the field shows beside it (岁, 辆, 个月), accepted when typed after the number too. */
  suffix?: string
}

// 萬 as zh-TW readers write it.
const UNIT_FACTORS: Record<string, number> = { 万: 10_000, 萬: 10_000, 千: 1_000 }
const PLAIN = /^(\d+)(?:\.(\d+))?$/
// Grouped thousands: 1,200 or 1,200,000.50 (a comma elsewhere is not a separator).
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/

/** Full-width forms to ASCII (NFKC): １２３．５ → 123.5, ，→ , */
function toAscii(text: string): string {
  return text.normalize('NFKC').replace(/。/g, '.')
}

/** Decimal places of a plain decimal text, trailing zeros aside ("1.50" has 1). */
function decimalsOf(text: string): number {
  const point = text.indexOf('.')
  return point < 0 ? 0 : text.slice(point + 1).replace(/0+$/, '').length
}

export function parseNumberInput(text: string, rules: NumberInputRules = {}): NumberInputResult {
  const integer = rules.integer ?? false
  const units = rules.units ?? !integer
  const decimals = integer ? 0 : (rules.decimals ?? 2)
  let s = toAscii(text).replace(/\s+/g, '')
  if (s === '')
    return { ok: false, problem: 'empty' }
  const suffix = rules.suffix === undefined ? '' : toAscii(rules.suffix).replace(/\s+/g, '')
  if (suffix && s.endsWith(suffix))
    s = s.slice(0, -suffix.length)
  s = s.replace(/元$/, '')
  if (s.startsWith('-') || s.startsWith('−'))
    return { ok: false, problem: 'negative' }
  let factor = 1
  const unit = s.at(-1)
  const unitFactor = units && unit !== undefined ? UNIT_FACTORS[unit] : undefined
  if (unitFactor !== undefined) {
    factor = unitFactor
    s = s.slice(0, -1)
  }
  if (GROUPED.test(s))
    s = s.replaceAll(',', '')
  const m = PLAIN.exec(s)
  if (!m)
    return { ok: false, problem: 'not_a_number' }
  // Exact decimal scaling: "1.5" × 万 without floating error (1.5 * 10000 is exact, 0.07 * 100 is not).
  const fraction = m[2] ?? ''
  const scale = Math.round(Math.log10(factor))
  const shifted = fraction.length <= scale
    ? `${m[1]}${fraction.padEnd(scale, '0')}`
    : `${m[1]}${fraction.slice(0, scale)}.${fraction.slice(scale)}`
  const value = Number(shifted)
  // Beyond 2^53 a number no longer holds every digit typed: no field takes such amounts.
  if (!Number.isFinite(value) || value > Number.MAX_SAFE_INTEGER)
    return { ok: false, problem: 'too_large' }
  const places = decimalsOf(shifted)
  if (integer && places > 0)
    return { ok: false, problem: 'not_integer' }
  if (places > decimals)
    return { ok: false, problem: 'too_many_decimals' }
  if (rules.min !== undefined && value < rules.min)
    return { ok: false, problem: 'too_small' }
  if (rules.max !== undefined && value > rules.max)
    return { ok: false, problem: 'too_large' }
  return { ok: true, value }
}

/** How a number already stored is shown back in its field (no grouping: it must parse again). */
export function numberInputText(value: number | null): string {
  return value === null ? '' : String(value)
}
