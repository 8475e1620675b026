import type { Lang } from '../items'

// Amounts in fen, worded for people. Pure, shared by the PWA, the printable list and the server.

export const FEN_PER_YUAN = 100
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

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

function monthRange(from: string, to: string, lang: Lang): string {
  const [fy, fm] = from.split('-').map(Number)
  const [ty, tm] = to.split('-').map(Number)
  if (lang === 'en') {
    if (from === to)
      return `in ${EN_MONTHS[fm - 1]} ${fy}`
    return fy === ty ? `from ${EN_MONTHS[fm - 1]} to ${EN_MONTHS[tm - 1]} ${ty}` : `from ${EN_MONTHS[fm - 1]} ${fy} to ${EN_MONTHS[tm - 1]} ${ty}`
  }
  if (from === to)
    return `${fy} 年 ${fm} 月`
  return fy === ty ? `${fy} 年 ${fm} 月至 ${tm} 月` : `${fy} 年 ${fm} 月至 ${ty} 年 ${tm} 月`
}

/**
 * "每月 886 元，2026 年 1 月至 3 月已发放 2 658 元" / (zh-TW) "…已發放 2 658 元" /
 * "886 yuan a month; 2,658 yuan paid from January to March 2026".
 * Months are YYYY-MM; `paidFen` is what was actually paid in that span (not months × monthly).
 */
export function describeMonthlyPayment(p: { monthlyFen: number, from: string, to: string, paidFen: number }, lang: Lang): string {
  if (lang === 'en')
    return `${formatYuan(p.monthlyFen, lang)} yuan a month; ${formatYuan(p.paidFen, lang)} yuan paid ${monthRange(p.from, p.to, lang)}`
  const paid = lang === 'zh-TW' ? '已發放' : '已发放'
  return `每月 ${formatYuan(p.monthlyFen, lang)} 元，${monthRange(p.from, p.to, lang)}${paid} ${formatYuan(p.paidFen, lang)} 元`
}
