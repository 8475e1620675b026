import type { Lang } from '../lang'
import { FEN_PER_YUAN } from '../money'

// Amounts in fen, worded for people. Pure, shared by the PWA, the printable list and the server
// (summary.ts words regular payments with it). Yuan ↔ fen of numbers: src/domain/money.ts.

export { FEN_PER_YUAN }

/**
 * zh-CN groups thousands with a THIN SPACE (U+2009), as GB/T 15835 and the issue's "2 658 元"
 * do: a comma reads as a decimal mark to some readers, and no separator at all makes 12 600
 * hard to read aloud. English uses the comma.
 */
export const THIN_SPACE = '\u2009'

/** "886.50" / "886" / "0.05" → fen, exactly (no float): null when it is not a yuan amount. */
export function parseYuanToFen(text: string): number | null {
  const m = /^(\d{1,8})(?:\.(\d{1,2}))?$/.exec(text.trim())
  if (!m)
    return null
  return Number(m[1]) * FEN_PER_YUAN + Number((m[2] ?? '').padEnd(2, '0'))
}

function group(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator)
}

/** 265800 → "2 658" (Chinese, thin space) or "2,658" (en); fen shown only when there are any. */
export function formatYuan(fen: number, lang: Lang): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  const yuan = group(String(Math.floor(abs / FEN_PER_YUAN)), lang === 'en' ? ',' : THIN_SPACE)
  const cents = abs % FEN_PER_YUAN
  return `${sign}${yuan}${cents === 0 ? '' : `.${String(cents).padStart(2, '0')}`}`
}
