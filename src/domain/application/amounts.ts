import type { ItemCode } from '../items'
import type { ResolvedRegion } from '../regions/types'
import { MONTHLY_CASH_ITEMS } from './staff-rules'

// What a monthly amount should be, from the region's figures (issue #15): staff see the
// suggestion with its working, the approval form warns above it, and the server refuses
// anything above the maximum. Yuan, rounded to the fen.
//
// 低保 (policy brief §2, 补差): the gap between the line and the household's per-capita income,
//   times the members: max(0, line − income ÷ n) × n. At most the full line for every member.
// 特困: the region's basic living standard for the applicant (one person, 供养 is individual);
//   at most that standard for every member (several 特困 people in one household).
// 低保边缘 and 残疾人两项补贴: no region figure gives an amount; they may not exceed what the
//   低保 line would give every member.

export interface AmountMember {
  monthlyIncome: number
}

export interface AmountGuide {
  /** What the figures give; null when no figure gives one (staff decide within the maximum). */
  suggested: number | null
  /** Above this the approval is refused. */
  max: number
  /** Which figures and steps produced the numbers, for the working shown to staff. */
  working: AmountWorking
}

export type AmountWorking
  = | { rule: 'dibao_gap', line: number, members: number, income: number, perCapita: number, gap: number }
    | { rule: 'tekun_standard', standard: number, members: number }
    | { rule: 'line_cap', line: number, members: number }

function fen(yuan: number): number {
  return Math.round(yuan * 100) / 100
}

/** The amount guide of a monthly cash item; null for items not paid monthly (no amount allowed). */
export function amountGuide(item: ItemCode, region: Pick<ResolvedRegion, 'dibaoMonthly' | 'tekunMonthly'>, members: readonly AmountMember[]): AmountGuide | null {
  if (!MONTHLY_CASH_ITEMS.includes(item))
    return null
  const n = Math.max(1, members.length)
  const line = region.dibaoMonthly
  if (item === 'dibao') {
    const income = fen(members.reduce((sum, m) => sum + m.monthlyIncome, 0))
    const perCapita = fen(income / n)
    const gap = fen(Math.max(0, line - perCapita))
    return { suggested: fen(gap * n), max: fen(line * n), working: { rule: 'dibao_gap', line, members: n, income, perCapita, gap } }
  }
  if (item === 'tekun') {
    const standard = region.tekunMonthly
    return { suggested: standard, max: fen(standard * n), working: { rule: 'tekun_standard', standard, members: n } }
  }
  return { suggested: null, max: fen(line * n), working: { rule: 'line_cap', line, members: n } }
}
