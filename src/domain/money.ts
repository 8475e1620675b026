// Money is integer fen (分) wherever it is stored, compared or summed (issue #17): sums are exact
// integer additions in SQL, on the server and in the browser. Yuan exist only where people type
// and read them (form fields, the API's JSON, texts), and cross into fen and back through this
// one pair, never through `Math.round(x * 100)` (0.07 * 100 is 7.000000000000001 and
// 1.005 * 100 is 100.49999999999999: the product of two floats is not the decimal people wrote).

export const FEN_PER_YUAN = 100

/** A number's own decimal text ("886.07"); exponent forms (1e-7, 1e21) are handled by the callers. */
const DECIMAL_TEXT = /^(\d+)(?:\.(\d+))?$/
/** Below this, String() writes an exponent (1e-7); such amounts are far below half a fen. */
const SMALLEST_PLAIN = 1e-6

/**
 * Yuan → fen through the number's decimal text, exact for every amount with at most two
 * decimals (886.07 → 88 607, 0.07 → 7). More decimals are rounded half away from zero as the
 * text reads them (1.005 → 101, 333.333… → 33 333): a share computed in yuan rounds to the fen
 * people expect. Throws a RangeError for NaN, ±Infinity and amounts beyond 2^53 fen, which no
 * field accepts (callers validate first; isWholeFen says whether a value converts exactly).
 */
export function yuanToFen(yuan: number): number {
  if (!Number.isFinite(yuan))
    throw new RangeError(`not an amount: ${yuan}`)
  const abs = Math.abs(yuan)
  if (abs < SMALLEST_PLAIN)
    return 0
  const m = DECIMAL_TEXT.exec(String(abs))
  const decimals = m?.[2] ?? ''
  const fen = m ? Number(m[1]) * FEN_PER_YUAN + Number(decimals.slice(0, 2).padEnd(2, '0')) + (decimals.charAt(2) >= '5' ? 1 : 0) : Number.NaN
  if (!Number.isSafeInteger(fen))
    throw new RangeError(`amount too large: ${yuan}`)
  return yuan < 0 ? -fen : fen
}

/** Fen → yuan for the API and texts: 88607 → 886.07 (the nearest number to that decimal, as typed). */
export function fenToYuan(fen: number): number {
  return fen / FEN_PER_YUAN
}

/** True when a yuan amount has at most two decimals (it is a whole number of fen) and fits in 2^53 fen. */
export function isWholeFen(yuan: number): boolean {
  return Number.isFinite(yuan) && Math.abs(yuan) <= Number.MAX_SAFE_INTEGER / FEN_PER_YUAN && fenToYuan(yuanToFen(yuan)) === yuan
}

const MONEY_DECIMALS = 2

/** Money as texts show it, the same digits in every language: 886, 886.67 (no decimals when whole). */
export function formatMoney(yuan: number): string {
  const fen = yuanToFen(yuan)
  if (fen % FEN_PER_YUAN === 0)
    return String(fenToYuan(fen) + 0) // + 0 turns -0 into 0
  return fenToYuan(fen).toFixed(MONEY_DECIMALS)
}
