import type { ItemCode } from '../items'
import type { ResolvedRegion } from '../regions/types'
import type { AmountGuideView } from './staff-api'
import { fenToYuan, yuanToFen } from '../money'
import { MONTHLY_CASH_ITEMS } from './staff-rules'

// What a monthly amount should be, from the region's figures (issue #15): staff see the
// suggestion with its working, the approval form warns above it, and the server refuses
// anything above the maximum. Computed in integer fen (issue #17): the region's figures (yuan)
// and the members' incomes enter as fen, the per-capita share is the one rounding, and the API
// turns the result into yuan once (amountGuideInYuan).
//
// 低保 (policy brief §2, 补差): the gap between the line and the household's per-capita income,
//   times the members: max(0, line − income ÷ n) × n. At most the full line for every member.
// 特困: the region's basic living standard for the applicant (one person, 供养 is individual);
//   at most that standard for every member (several 特困 people in one household).
// 低保边缘 and 残疾人两项补贴: no region figure gives an amount; they may not exceed what the
//   低保 line would give every member.

export interface AmountMember {
  monthlyIncomeFen: number
}

export interface AmountGuide {
  /** What the figures give; null when no figure gives one (staff decide within the maximum). */
  suggestedFen: number | null
  /** Above this the approval is refused. */
  maxFen: number
  /** Which figures and steps produced the numbers, for the working shown to staff. */
  working: AmountWorking
}

export type AmountWorking
  = | { rule: 'dibao_gap', lineFen: number, members: number, incomeFen: number, perCapitaFen: number, gapFen: number }
    | { rule: 'tekun_standard', standardFen: number, members: number }
    | { rule: 'line_cap', lineFen: number, members: number }

/** The amount guide of a monthly cash item; null for items not paid monthly (no amount allowed). */
export function amountGuide(item: ItemCode, region: Pick<ResolvedRegion, 'dibaoMonthly' | 'tekunMonthly'>, members: readonly AmountMember[]): AmountGuide | null {
  if (!MONTHLY_CASH_ITEMS.includes(item))
    return null
  const n = Math.max(1, members.length)
  const lineFen = yuanToFen(region.dibaoMonthly)
  if (item === 'dibao') {
    const incomeFen = members.reduce((sum, m) => sum + m.monthlyIncomeFen, 0)
    // The one rounding: a share of whole fen, as staff read it (800.01 ÷ 2 → 400.01).
    const perCapitaFen = Math.round(incomeFen / n)
    const gapFen = Math.max(0, lineFen - perCapitaFen)
    return { suggestedFen: gapFen * n, maxFen: lineFen * n, working: { rule: 'dibao_gap', lineFen, members: n, incomeFen, perCapitaFen, gapFen } }
  }
  if (item === 'tekun') {
    const standardFen = yuanToFen(region.tekunMonthly)
    return { suggestedFen: standardFen, maxFen: standardFen * n, working: { rule: 'tekun_standard', standardFen, members: n } }
  }
  return { suggestedFen: null, maxFen: lineFen * n, working: { rule: 'line_cap', lineFen, members: n } }
}

/** The guide as the API shows it: yuan (what staff type and read), converted here and nowhere else. */
export function amountGuideInYuan(guide: AmountGuide): Omit<AmountGuideView, 'regionName'> {
  const w = guide.working
  const working: AmountGuideView['working'] = w.rule === 'dibao_gap'
    ? { rule: w.rule, line: fenToYuan(w.lineFen), members: w.members, income: fenToYuan(w.incomeFen), perCapita: fenToYuan(w.perCapitaFen), gap: fenToYuan(w.gapFen) }
    : w.rule === 'tekun_standard'
      ? { rule: w.rule, standard: fenToYuan(w.standardFen), members: w.members }
      : { rule: w.rule, line: fenToYuan(w.lineFen), members: w.members }
  return { suggested: guide.suggestedFen === null ? null : fenToYuan(guide.suggestedFen), max: fenToYuan(guide.maxFen), working }
}
