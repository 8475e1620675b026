import type { AmountGuide } from './api'
import { asLocale } from '../../app/i18n'
import { formatYuan } from '../../domain/happiness-list/money'
import { yuanToFen } from '../../domain/money'

// Dates and times come from src/domain/time.ts (one format per language, Beijing time); this file
// words what only the staff screens show.

/** 1898.01 → "1 898.01" (zh, thin space) / "1,898.01" (en): yuan as the resident's list shows them. */
export function yuanText(yuan: number, locale: string): string {
  return formatYuan(yuanToFen(yuan), asLocale(locale))
}

/**
 * The working of an amount guide as a message key and its figures, e.g. for 低保
 * "低保标准 886 元 − 人均收入 253.33 元 = 632.67 元/人 × 3 人 = 1 898 元/月".
 */
export function amountWorking(guide: AmountGuide, locale: string): { key: string, params: Record<string, string | number> } {
  const yuan = (value: number) => yuanText(value, locale)
  const w = guide.working
  const key = `staff.amount.working.${w.rule}`
  switch (w.rule) {
    case 'dibao_gap':
      return { key, params: { line: yuan(w.line), perCapita: yuan(w.perCapita), gap: yuan(w.gap), members: w.members, suggested: yuan(guide.suggested ?? 0), income: yuan(w.income) } }
    case 'tekun_standard':
      return { key, params: { standard: yuan(w.standard), members: w.members, max: yuan(guide.max) } }
    case 'line_cap':
      return { key, params: { line: yuan(w.line), members: w.members, max: yuan(guide.max) } }
  }
}
