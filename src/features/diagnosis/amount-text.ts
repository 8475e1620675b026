import { formatMoney } from '../../domain/money'

// Amounts in messages as people say them: 100 万元 rather than 1000000 元 in Chinese,
// 1,000,000 yuan in English.

type Translate = (key: string, params?: Record<string, unknown>) => string

const WAN = 10_000
// Shown in 万 when that needs at most two decimals (1.5 万, 100 万), else in yuan (12345 元).
const HUNDRED = 100

export function formatYuan(t: Translate, locale: string, value: number): string {
  if (locale.startsWith('zh') && value >= WAN && value % HUNDRED === 0)
    return t('diagnosis.number.wanYuan', { n: String(value / HUNDRED / HUNDRED) })
  const n = locale.startsWith('zh') ? formatMoney(value) : value.toLocaleString('en-US', { maximumFractionDigits: 2 })
  return t('diagnosis.number.yuan', { n })
}
