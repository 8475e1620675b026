import type { Lang } from '../lang'
import type { Text } from '../text'
import type { BenefitItemCode, BenefitRecord } from './record'
import { text } from '../text'
import { dateParts, formatMonth } from '../time'
import { QUANTITY_KINDS } from './kinds'
import { formatYuan } from './money'

// What a household receives regularly, in one sentence per item (issue #15): the amounts as they
// were over the period, in the item's own rhythm, and what is granted but not paid apart.
//
//   低保: 2026年1月 至 2026年11月 每月 1 020 元，2026年12月 1 538 元，共已发放 12 758 元
//   教育救助: 每学期 625 元，已发放 2 次，共 1 250 元
//   低保: 已核定每月 886 元，自 2026年12月 起，待发放
//
// Months are worded by src/domain/time.ts (one format per language). Amounts are integer fen.

/** How often an item is paid: monthly allowances, school grants per term, yearly premiums. */
export const PAYMENT_FREQUENCIES = ['month', 'term', 'year'] as const
export type PaymentFrequency = typeof PAYMENT_FREQUENCIES[number]

/**
 * Items whose rhythm is not what their records' periods suggest: education grants are paid per
 * term (spring and autumn) though a department dates each payment with a month.
 */
export const ITEM_FREQUENCY: Partial<Record<BenefitItemCode, PaymentFrequency>> = { education: 'term' }

const MONTHLY_PERIOD = /^\d{4}-\d{2}$/
const QUANTITY_KIND_SET = new Set(QUANTITY_KINDS)

/**
 * The rhythm a record is part of, or null for records that are no regular payment (a hospital
 * stay's aid, rice, care hours): those are listed one by one, never summarised.
 */
export function frequencyOf(r: Pick<BenefitRecord, 'item' | 'kind' | 'amountFen' | 'period'>): PaymentFrequency | null {
  if (r.amountFen === null || QUANTITY_KIND_SET.has(r.kind))
    return null
  const own = ITEM_FREQUENCY[r.item]
  if (own)
    return own
  // The basic medical insurance premium is paid for a year at a time.
  if (r.kind === 'insurance_premium')
    return 'year'
  return MONTHLY_PERIOD.test(r.period) ? 'month' : null
}

/** A run of payments of one amount: consecutive months (monthly), or consecutive payments. */
export interface AmountSpan {
  /** First and last month, "YYYY-MM". */
  from: string
  to: string
  /** The amount of each payment (each month: what was paid for it, all records of it together). */
  amountFen: number
  payments: number
}

export interface PaymentSummary {
  item: BenefitRecord['item']
  department: BenefitRecord['department']
  frequency: PaymentFrequency
  /** Paid, in order; a change of amount or a gap starts a new span. */
  paid: AmountSpan[]
  paidFen: number
  payments: number
  /** Granted and not paid (yet), in order. Never counted in any total. */
  granted: AmountSpan[]
  grantedFen: number
}

function nextMonth(month: string): string {
  const [y, m] = dateParts(month)
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

/** Payments of one rhythm, in order → spans of equal amounts (months must also follow each other). */
function spansOf(payments: readonly { month: string, fen: number }[], monthly: boolean): AmountSpan[] {
  const spans: AmountSpan[] = []
  for (const p of payments) {
    const last = spans.at(-1)
    if (last && last.amountFen === p.fen && (!monthly || nextMonth(last.to) === p.month)) {
      last.to = p.month
      last.payments += 1
    }
    else {
      spans.push({ from: p.month, to: p.month, amountFen: p.fen, payments: 1 })
    }
  }
  return spans
}

/** A month is one payment, however many records make it up (a correction, a back payment). */
function paymentsOf(records: readonly BenefitRecord[], frequency: PaymentFrequency): { month: string, fen: number }[] {
  const sorted = [...records].sort((a, b) => a.period.localeCompare(b.period) || a.paidOn.localeCompare(b.paidOn))
  if (frequency !== 'month')
    return sorted.map(r => ({ month: r.period.slice(0, 7), fen: r.amountFen ?? 0 }))
  const byMonth = new Map<string, number>()
  for (const r of sorted)
    byMonth.set(r.period, (byMonth.get(r.period) ?? 0) + (r.amountFen ?? 0))
  return [...byMonth].map(([month, fen]) => ({ month, fen }))
}

/**
 * The regular payments among the records (already read with statusOf and supersedeGranted),
 * per department, item and rhythm. An item is summarised when it was paid at least twice, or
 * when some of it is granted and not yet paid; a single payment is a one-off, shown as a record.
 * Stopped and recovered records are neither paid nor granted, and are left out.
 */
export function paymentSummaries(records: readonly BenefitRecord[]): PaymentSummary[] {
  const groups = new Map<string, { frequency: PaymentFrequency, paid: BenefitRecord[], granted: BenefitRecord[], first: BenefitRecord }>()
  for (const r of records) {
    if (r.status !== 'paid' && r.status !== 'granted')
      continue
    const frequency = frequencyOf(r)
    if (!frequency)
      continue
    const key = `${r.department}:${r.item}:${frequency}`
    const group = groups.get(key) ?? { frequency, paid: [], granted: [], first: r }
    group[r.status].push(r)
    groups.set(key, group)
  }
  const out: PaymentSummary[] = []
  for (const g of groups.values()) {
    const paid = spansOf(paymentsOf(g.paid, g.frequency), g.frequency === 'month')
    const granted = spansOf(paymentsOf(g.granted, g.frequency), g.frequency === 'month')
    const payments = paid.reduce((n, s) => n + s.payments, 0)
    if (payments < 2 && granted.length === 0)
      continue
    const sum = (spans: AmountSpan[]) => spans.reduce((fen, s) => fen + s.amountFen * s.payments, 0)
    out.push({ item: g.first.item, department: g.first.department, frequency: g.frequency, paid, paidFen: sum(paid), payments, granted, grantedFen: sum(granted) })
  }
  return out.sort((a, b) => b.paidFen - a.paidFen || b.grantedFen - a.grantedFen || a.item.localeCompare(b.item))
}

// ── wording ─────────────────────────────────────────────────────────────────
// As texts of the catalogs (domain.paymentSummary). Amounts and months are written for `lang`
// (formatYuan, formatMonth) before they become parameters: word the text in that language.

const KEY = 'domain.paymentSummary'

/** Texts one after the other: "A，B，C" / "A, B, C". */
function series(parts: readonly Text[]): Text {
  return parts.slice(0, -1).reduceRight<Text>((next, first) => text(`${KEY}.then`, { first, next }), parts.at(-1)!)
}

function perAmount(frequency: PaymentFrequency, fen: number, lang: Lang): Text {
  return text(`${KEY}.per.${frequency}`, { amount: formatYuan(fen, lang) })
}

function spanText(s: AmountSpan, frequency: PaymentFrequency, lang: Lang): Text {
  const from = formatMonth(s.from, lang)
  return s.payments === 1
    ? text(`${KEY}.once`, { month: from, amount: formatYuan(s.amountFen, lang) })
    : text(`${KEY}.range`, { from, to: formatMonth(s.to, lang), perAmount: perAmount(frequency, s.amountFen, lang) })
}

/**
 * What was paid: "2026年1月 至 2026年11月 每月 1 020 元，2026年12月 1 538 元，共已发放 12 758 元",
 * "每学期 625 元，已发放 2 次，共 1 250 元". Null when nothing was paid.
 */
export function describePaid(s: PaymentSummary, lang: Lang): Text | null {
  const [first] = s.paid
  if (!first)
    return null
  const total = formatYuan(s.paidFen, lang)
  if (s.frequency !== 'month') {
    // One amount all along: the amount per term and how often it came say it all.
    const amounts = s.paid.length === 1 ? perAmount(s.frequency, first.amountFen, lang) : series(s.paid.map(x => spanText(x, s.frequency, lang)))
    return s.payments === 1 ? text(`${KEY}.paidOnce`, { amounts, total }) : text(`${KEY}.paidTimes`, { amounts, count: s.payments, total })
  }
  return text(`${KEY}.paidMonthly`, { spans: series(s.paid.map(x => spanText(x, s.frequency, lang))), total })
}

function grantedSpan(s: AmountSpan, frequency: PaymentFrequency, lang: Lang, currentMonth: string): Text {
  const amount = perAmount(frequency, s.amountFen, lang)
  const from = formatMonth(s.from, lang)
  if (s.to >= currentMonth)
    return text(`${KEY}.grantedFrom`, { perAmount: amount, from })
  return s.to === s.from
    ? text(`${KEY}.grantedIn`, { perAmount: amount, month: from })
    : text(`${KEY}.grantedRange`, { perAmount: amount, from, to: formatMonth(s.to, lang) })
}

/**
 * What is granted and not paid: "已核定每月 886 元，自 2026年12月 起，待发放". A span that reaches
 * `currentMonth` (granted months are made up to the current month) is said to run "from" its
 * first month; an earlier one is given with its months. Null when nothing waits.
 */
export function describeGranted(s: PaymentSummary, lang: Lang, currentMonth: string): Text | null {
  if (s.granted.length === 0)
    return null
  return text(`${KEY}.granted`, { spans: s.granted.map(x => grantedSpan(x, s.frequency, lang, currentMonth)) })
}

/** Both, paid first: the one sentence of the API's `text`. */
export function describeSummary(s: PaymentSummary, lang: Lang, currentMonth: string): Text {
  const paid = describePaid(s, lang)
  const granted = describeGranted(s, lang, currentMonth)
  if (paid && granted)
    return text(`${KEY}.paidAndGranted`, { paid, granted })
  // A summary is made only of an item paid at least twice or granted: one of them is there.
  return (paid ?? granted)!
}
