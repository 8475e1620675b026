import type { Lang } from '../lang'
import type { Text } from '../text'
import type { BenefitRecord, BenefitSource } from './record'
import { describe, expect, it } from 'vitest'
import { wordIn } from '../words-test-support'
import { periodMonths, statusOf, supersedeGranted } from './granted'
import { THIN_SPACE as T } from './money'
import { describeGranted, describePaid, describeSummary, frequencyOf, paymentSummaries } from './summary'
import { monthsBetween, totalsOf } from './totals'

type Sourced = BenefitRecord & { source: BenefitSource }

function rec(period: string, amountFen: number | null, over: Partial<Sourced> = {}): Sourced {
  return {
    item: 'dibao',
    department: 'mingzheng',
    kind: 'cash',
    amountFen,
    quantity: null,
    unit: null,
    period,
    paidOn: `${period.slice(0, 7)}-10`,
    status: 'paid',
    source: 'feed',
    ...over,
  }
}

/** A sentence as a person reads it in `lang` (null: nothing to say). */
function said(lang: Lang, text: Text | null): string | null {
  return text && wordIn(lang, text)
}

/** A month of an approval, as materialiseEntitlements stores it (read with statusOf). */
function approvalMonth(month: string, amountFen: number, over: Partial<Sourced> = {}): Sourced {
  return rec(month, amountFen, { paidOn: `${month}-01`, status: 'granted', source: 'approval', ...over })
}

/** Records as the list reads them: approval records granted, then superseded where a department reported. */
const listed = (records: Sourced[]) => supersedeGranted(records.map(r => ({ ...r, status: statusOf(r.status, r.source) })))

describe('statusOf', () => {
  it.each([
    ['paid', 'approval', 'granted'],
    ['granted', 'approval', 'granted'],
    ['paid', 'feed', 'paid'],
    ['paid', 'import', 'paid'],
    ['stopped', 'approval', 'stopped'],
  ] as const)('should read %s from %s as %s', (status, source, read) => {
    expect(statusOf(status, source)).toBe(read)
  })
})

describe('periodMonths', () => {
  it.each([
    ['2026-03', { from: '2026-03', to: '2026-03' }],
    ['2026-01-01/2026-03-31', { from: '2026-01', to: '2026-03' }],
    ['2025-11-15/2026-02-14', { from: '2025-11', to: '2026-02' }],
  ])('should give the months of %s', (period, months) => {
    expect(periodMonths(period)).toEqual(months)
  })
})

describe('supersedeGranted', () => {
  const december = approvalMonth('2026-12', 88_600)
  const november = approvalMonth('2026-11', 88_600)

  it('should replace a granted month by the department\'s payment for it, counting it once', () => {
    const paid = rec('2026-12', 88_600, { paidOn: '2026-12-10' })
    const shown = listed([november, december, paid])
    expect(shown).toEqual([{ ...november, status: 'granted' }, paid])
    expect(totalsOf(shown).amountFen).toBe(88_600)
  })

  it('should give the same list whichever came first', () => {
    const paid = rec('2026-12', 88_600, { paidOn: '2026-12-10' })
    expect(listed([paid, december])).toEqual([paid])
    expect(listed([december, paid])).toEqual([paid])
  })

  it('should read an approval month an older version stored as paid as granted, not counted', () => {
    const old = approvalMonth('2026-12', 88_600, { status: 'paid' })
    const shown = listed([old])
    expect(shown.map(r => r.status)).toEqual(['granted'])
    expect(totalsOf(shown)).toMatchObject({ amountFen: 0, records: 0 })
  })

  it('should let a payment for several months settle each of them', () => {
    const quarter = rec('2026-10-01/2026-12-31', 265_800, { paidOn: '2026-12-20' })
    const months = monthsBetween('2026-09', '2026-12').map(m => approvalMonth(m, 88_600))
    expect(listed([...months, quarter])).toEqual([{ ...months[0] }, quarter])
  })

  it.each([
    ['another item', { item: 'tekun' }],
    ['another department', { department: 'yibao' }],
    ['another month', { period: '2026-11' }],
  ] as const)('should keep the granted month when the payment is for %s', (_, over) => {
    const other = rec('2026-12', 88_600, over)
    expect(listed([december, other])).toEqual([december, other])
  })

  it('should let the department\'s word on a month stand, whatever it says (stopped)', () => {
    const stopped = rec('2026-12', 0, { status: 'stopped' })
    expect(listed([december, stopped])).toEqual([stopped])
  })

  it('should settle an approval without a monthly amount by a payment of the item from its month on', () => {
    const aid = rec('2026-04', null, { item: 'medical', department: 'yibao', kind: 'subsidy', status: 'granted', source: 'approval', paidOn: '2026-04-20' })
    const before = rec('2026-01-05/2026-01-20', 50_000, { item: 'medical', department: 'yibao' })
    const after = rec('2026-05-02/2026-05-10', 134_520, { item: 'medical', department: 'yibao' })
    expect(listed([aid, before])).toEqual([aid, before])
    expect(listed([aid, before, after])).toEqual([before, after])
  })
})

describe('frequencyOf', () => {
  it.each([
    ['a monthly allowance', rec('2026-01', 102_000), 'month'],
    ['an education grant dated with a month', rec('2026-03', 62_500, { item: 'education', department: 'jiaoyu', kind: 'subsidy' }), 'term'],
    ['a yearly premium', rec('2026-01-01/2026-12-31', 40_000, { item: 'medical', department: 'yibao', kind: 'insurance_premium' }), 'year'],
    ['a hospital stay\'s aid', rec('2026-04-20/2026-04-30', 134_520, { item: 'medical', department: 'yibao' }), null],
    ['rice', rec('2026-01', null, { item: 'charity', department: 'cishan', kind: 'in_kind', quantity: 10, unit: '公斤' }), null],
  ] as const)('should pay %s per %s', (_, record, frequency) => {
    expect(frequencyOf(record)).toBe(frequency)
  })
})

describe('paymentSummaries', () => {
  // 低保 of 2026: 1 020 yuan January to November from the feed; December approved at 1 538.
  const dibao2026 = [
    ...monthsBetween('2026-01', '2026-11').map(m => rec(m, 102_000)),
    approvalMonth('2026-12', 153_800),
  ]

  it('should tell an amount change within the year, not the latest amount for every month', () => {
    const paidDecember = rec('2026-12', 153_800, { paidOn: '2026-12-10' })
    const [s] = paymentSummaries(listed([...dibao2026, paidDecember]))
    // Hand-computed: 11 × 1 020 + 1 538 = 12 758 yuan.
    expect(s).toEqual({
      item: 'dibao',
      department: 'mingzheng',
      frequency: 'month',
      paid: [{ from: '2026-01', to: '2026-11', amountFen: 102_000, payments: 11 }, { from: '2026-12', to: '2026-12', amountFen: 153_800, payments: 1 }],
      paidFen: 1_275_800,
      payments: 12,
      granted: [],
      grantedFen: 0,
    })
    expect(said('zh-CN', describePaid(s, 'zh-CN'))).toBe(`2026年1月 至 2026年11月 每月 1${T}020 元，2026年12月 1${T}538 元，共已发放 12${T}758 元`)
    expect(said('zh-TW', describePaid(s, 'zh-TW'))).toBe(`2026年1月 至 2026年11月 每月 1${T}020 元，2026年12月 1${T}538 元，共已發放 12${T}758 元`)
    expect(said('en', describePaid(s, 'en'))).toBe('1,020 yuan a month from Jan 2026 to Nov 2026, 1,538 yuan in Dec 2026; 12,758 yuan paid in all')
  })

  it('should keep what is granted and not paid apart from what was paid', () => {
    const [s] = paymentSummaries(listed(dibao2026))
    expect(s).toMatchObject({
      paid: [{ from: '2026-01', to: '2026-11', amountFen: 102_000, payments: 11 }],
      paidFen: 1_122_000,
      granted: [{ from: '2026-12', to: '2026-12', amountFen: 153_800, payments: 1 }],
      grantedFen: 153_800,
    })
    expect(said('zh-CN', describePaid(s, 'zh-CN'))).toBe(`2026年1月 至 2026年11月 每月 1${T}020 元，共已发放 11${T}220 元`)
    expect(said('zh-CN', describeGranted(s, 'zh-CN', '2026-12'))).toBe(`已核定每月 1${T}538 元，自 2026年12月 起，待发放`)
    expect(said('en', describeGranted(s, 'en', '2026-12'))).toBe('granted 1,538 yuan a month from Dec 2026, not paid yet')
    expect(said('zh-CN', describeSummary(s, 'zh-CN', '2026-12'))).toBe(`2026年1月 至 2026年11月 每月 1${T}020 元，共已发放 11${T}220 元；已核定每月 1${T}538 元，自 2026年12月 起，待发放`)
    // The year's total is what was paid: the granted month adds nothing.
    expect(totalsOf(listed(dibao2026)).amountFen).toBe(1_122_000)
  })

  it('should summarise a fresh approval that nothing has paid yet, as granted only', () => {
    const [s] = paymentSummaries(listed([approvalMonth('2026-12', 88_600)]))
    expect(s).toMatchObject({ paid: [], paidFen: 0, payments: 0, granted: [{ from: '2026-12', to: '2026-12', amountFen: 88_600, payments: 1 }] })
    expect(said('zh-CN', describePaid(s, 'zh-CN'))).toBeNull()
    expect(said('zh-CN', describeSummary(s, 'zh-CN', '2026-12'))).toBe('已核定每月 886 元，自 2026年12月 起，待发放')
  })

  it('should give the months of a granted span that has ended (later months were paid)', () => {
    const records = [approvalMonth('2026-10', 88_600), approvalMonth('2026-11', 88_600), approvalMonth('2026-12', 88_600), rec('2026-12', 88_600)]
    const [s] = paymentSummaries(listed(records))
    expect(said('zh-CN', describeGranted(s, 'zh-CN', '2026-12'))).toBe('已核定每月 886 元，2026年10月 至 2026年11月，待发放')
  })

  it('should summarise education per term and per payment, never per month', () => {
    const grant = (paidOn: string) => rec(paidOn.slice(0, 7), 62_500, { item: 'education', department: 'jiaoyu', kind: 'subsidy', paidOn })
    const [s] = paymentSummaries([grant('2026-03-15'), grant('2026-09-15')])
    expect(s).toMatchObject({ item: 'education', frequency: 'term', paid: [{ from: '2026-03', to: '2026-09', amountFen: 62_500, payments: 2 }], paidFen: 125_000, payments: 2 })
    expect(said('zh-CN', describePaid(s, 'zh-CN'))).toBe(`每学期 625 元，已发放 2 次，共 1${T}250 元`)
    expect(said('zh-TW', describePaid(s, 'zh-TW'))).toBe(`每學期 625 元，已發放 2 次，共 1${T}250 元`)
    expect(said('en', describePaid(s, 'en'))).toBe('625 yuan a term; paid 2 times, 1,250 yuan in all')
  })

  it('should say a grant paid once and granted once as paid once', () => {
    const paid = rec('2026-03', 62_500, { item: 'education', department: 'jiaoyu', kind: 'subsidy', paidOn: '2026-03-15' })
    const granted = approvalMonth('2026-09', 62_500, { item: 'education', department: 'jiaoyu', kind: 'subsidy' })
    const [s] = paymentSummaries(listed([paid, granted]))
    expect(said('zh-CN', describePaid(s, 'zh-CN'))).toBe('每学期 625 元，已发放 1 次，共 625 元')
    expect(said('en', describePaid(s, 'en'))).toBe('625 yuan a term; paid once, 625 yuan in all')
    expect(said('en', describeSummary(s, 'en', '2026-09'))).toBe('625 yuan a term; paid once, 625 yuan in all; granted 625 yuan a term from Sep 2026, not paid yet')
  })

  it('should give each amount of a grant that changed between terms', () => {
    const grant = (paidOn: string, fen: number) => rec(paidOn.slice(0, 7), fen, { item: 'education', department: 'jiaoyu', kind: 'subsidy', paidOn })
    const [s] = paymentSummaries([grant('2025-09-15', 60_000), grant('2026-03-15', 62_500), grant('2026-09-15', 62_500)])
    expect(said('zh-CN', describePaid(s, 'zh-CN'))).toBe(`2025年9月 600 元，2026年3月 至 2026年9月 每学期 625 元，已发放 3 次，共 1${T}850 元`)
  })

  it('should start a new span after a month without payment, even at the same amount', () => {
    const [s] = paymentSummaries([rec('2026-01', 102_000), rec('2026-02', 102_000), rec('2026-05', 102_000), rec('2026-06', 102_000)])
    expect(s.paid).toEqual([{ from: '2026-01', to: '2026-02', amountFen: 102_000, payments: 2 }, { from: '2026-05', to: '2026-06', amountFen: 102_000, payments: 2 }])
    expect(said('zh-CN', describePaid(s, 'zh-CN'))).toBe(`2026年1月 至 2026年2月 每月 1${T}020 元，2026年5月 至 2026年6月 每月 1${T}020 元，共已发放 4${T}080 元`)
  })

  it('should add up the records of one month as one payment (a back payment)', () => {
    const [s] = paymentSummaries([rec('2026-01', 102_000), rec('2026-02', 102_000), rec('2026-02', 5_000, { paidOn: '2026-03-02' })])
    expect(s.paid).toEqual([{ from: '2026-01', to: '2026-01', amountFen: 102_000, payments: 1 }, { from: '2026-02', to: '2026-02', amountFen: 107_000, payments: 1 }])
    expect(s.paidFen).toBe(209_000)
  })

  it('should leave out one-offs, quantities, and what was stopped or recovered', () => {
    expect(paymentSummaries([
      rec('2026-01', 102_000),
      rec('2026-02', 102_000, { status: 'recovered' }),
      rec('2026-03', 0, { status: 'stopped' }),
      rec('2026-04-20/2026-04-30', 134_520, { item: 'medical', department: 'yibao' }),
      rec('2026-01', null, { item: 'home_care', kind: 'service', quantity: 8, unit: '小时' }),
      rec('2026-02', null, { item: 'home_care', kind: 'service', quantity: 8, unit: '小时' }),
    ])).toEqual([])
  })

  it('should keep departments and items apart, the largest paid first', () => {
    const summaries = paymentSummaries([
      rec('2026-01', 1_500, { item: 'electricity', department: 'dianli', kind: 'fee_waiver' }),
      rec('2026-02', 1_500, { item: 'electricity', department: 'dianli', kind: 'fee_waiver' }),
      rec('2026-01', 102_000),
      rec('2026-02', 102_000),
    ])
    expect(summaries.map(s => [s.item, s.paidFen])).toEqual([['dibao', 204_000], ['electricity', 3_000]])
  })
})
