import type { ItemCode } from '../items'
import type { ResolvedRegion } from '../regions'
import type { HeldItem, HouseholdMember, Warning, WarningContext } from './rules'
import type { Signal } from './signals'
import { describe, expect, it } from 'vitest'
import { LANGS } from '../lang'
import { resolveRegion } from '../regions'
import { wordIn } from '../words-test-support'
import { evaluate, RULE_CODES, ruleNameKey } from './rules'
import { SIGNAL_SOURCES, signalSchema, signalSourceKey } from './signals'

// Zhejiang (330000): medical warning line 20 000 yuan over 12 months (demo estimate), 10 working
// days to verify. Evaluated on Saturday 2026-12-05: due Friday 2026-12-18.

const TODAY = '2026-12-05'
const LINE_FEN = 2_000_000
const CJK = /[\u3400-\u9FFF]/

function region(code = '330000'): ResolvedRegion {
  const resolved = resolveRegion(code)
  if (!resolved)
    throw new Error(`no region ${code}`)
  return resolved
}

const SELF: HouseholdMember = { id: 'm1', birthDate: '1980-06-01', relation: 'self', earner: true }
const SPOUSE: HouseholdMember = { id: 'm2', birthDate: '1982-03-10', relation: 'spouse', earner: false }
const CHILD: HouseholdMember = { id: 'm3', birthDate: '2012-09-01', relation: 'child', earner: false }

function context(over: Partial<WarningContext> = {}): WarningContext {
  return { today: TODAY, region: region(), members: [SELF, SPOUSE, CHILD], held: [], recentSignals: [], ...over }
}

function held(...items: ItemCode[]): HeldItem[] {
  return items.map(item => ({ item }))
}

// Every fixture is also valid input.
function signal(raw: Record<string, unknown>): Signal {
  return signalSchema.parse({ householdId: 'h1', occurredAt: TODAY, ...raw })
}

function bill(externalId: string, amountFen: number, occurredAt = '2026-11-20'): Signal {
  return signal({ kind: 'medical_spending', source: 'yibao', externalId, memberId: 'm2', amountFen, period: occurredAt.slice(0, 7), occurredAt })
}

function one(s: Signal, ctx: WarningContext): Warning {
  const warnings = evaluate(s, ctx)
  expect(warnings).toHaveLength(1)
  return warnings[0]!
}

const items = (w: Warning) => w.suggestions.map(s => `${s.action === 'review' ? 'review:' : ''}${s.item}`)

describe('medical_spending', () => {
  const earlier = bill('YB-1', 1_000_000, '2026-03-01')

  it.each([
    ['at the line', LINE_FEN - 1_000_000, 0],
    ['one fen below the line', LINE_FEN - 1_000_000 - 1, 0],
    ['one fen above the line', LINE_FEN - 1_000_000 + 1, 1],
  ])('should warn only above the line: %s', (_name, amount, count) => {
    expect(evaluate(bill('YB-2', amount), context({ recentSignals: [earlier] }))).toHaveLength(count)
  })

  it('should name the sum, the line, the 12 months and the figure\'s source', () => {
    const w = one(bill('YB-2', 1_100_000), context({ recentSignals: [earlier] }))
    expect(w).toMatchObject({
      rule: 'medical_spending',
      householdId: 'h1',
      signal: 'yibao:YB-2',
      // The bills the sum counts: staff see each of them behind the warning.
      evidence: ['yibao:YB-2', 'yibao:YB-1'],
      figures: { spentFen: 2_100_000, thresholdFen: LINE_FEN, months: 12 },
      raisedOn: TODAY,
      dueOn: '2026-12-18',
    })
    expect(w.memberId).toBeUndefined()
    expect(w.suggestions).toEqual([
      { item: 'expense_hardship', action: 'apply', department: 'mingzheng' },
      { item: 'medical', action: 'apply', department: 'yibao' },
    ])
    expect(w.basis.map(b => [b.key, b.value, b.regionCode])).toEqual([['medicalWarningYuan', 20000, '330000'], ['warningVerifyWorkingDays', 10, '330000']])
    expect(w.basis[0]!.source).toContain('演示用估计值')
  })

  it('should word the warning for staff and the invitation for the household', () => {
    const w = one(bill('YB-2', 1_100_000), context({ recentSignals: [earlier] }))
    expect(wordIn('zh-CN', w.householdText)).toBe('您家近 12 个月自付医疗费用 21000 元，超过本地 20000 元的标准。您家可能可以申请：支出型困难家庭救助；医疗救助。工作人员会联系您核实情况。')
    expect(wordIn('zh-CN', w.staffText)).toBe('近 12 个月家庭自付医疗费用共 21000 元，超过本地 20000 元的预警标准。建议核实后办理：支出型困难家庭救助（民政部门）；医疗救助（医保部门）')
    expect(wordIn('en', w.householdText)).toBe('Your household\'s self-paid medical costs over the last 12 months are 21000 yuan, above the local line of 20000 yuan. You may be able to apply for: Expense-driven hardship household; Medical assistance. Staff will contact you to check.')
  })

  it('should add temporary assistance when one bill alone is above the line (sudden)', () => {
    const w = one(bill('YB-2', LINE_FEN + 1), context())
    expect(items(w)).toEqual(['expense_hardship', 'medical', 'temporary'])
    expect(w.figures).toMatchObject({ billFen: LINE_FEN + 1 })
    expect(wordIn('zh-CN', w.staffText)).toContain('其中单笔 20000.01 元即超过标准')
    // A small bill after it belongs to the same warning, which stays sudden.
    const big = bill('YB-2', LINE_FEN + 1)
    const after = one(bill('YB-3', 100, '2026-12-01'), context({ recentSignals: [big] }))
    expect(after).toMatchObject({ causeKey: w.causeKey, figures: { billFen: LINE_FEN + 1 } })
    expect(items(after)).toEqual(items(w))
  })

  it.each([
    ['2025-12-06', 1, 'the first day of the 12 months'],
    ['2025-12-05', 0, 'one day too early'],
    ['2025-12-05T16:00:00Z', 1, 'UTC 16:00 on 5 December is Beijing midnight of the 6th'],
    ['2025-12-05T15:59:59Z', 0, 'one second before Beijing midnight'],
  ])('should count a bill of %s when evaluating on 2026-12-05: %s warning(s) (%s)', (occurredAt, count) => {
    const old = bill('YB-1', 1_500_000, occurredAt)
    expect(evaluate(bill('YB-2', 600_000, '2026-12-01'), context({ recentSignals: [old] }))).toHaveLength(count)
  })

  it('should not count a bill dated after the day of evaluation', () => {
    expect(evaluate(bill('YB-2', LINE_FEN + 1, '2026-12-06'), context())).toEqual([])
  })

  it.each([
    [['dibao'], []],
    [['tekun'], []],
    [['expense_hardship', 'medical'], []],
    [['medical'], ['expense_hardship']],
    [['dibao_edge'], ['expense_hardship', 'medical']],
  ] as [ItemCode[], string[]][])('should suggest only what a household holding %j lacks: %j', (holding, suggested) => {
    const warnings = evaluate(bill('YB-2', 1_100_000), context({ recentSignals: [earlier], held: held(...holding) }))
    expect(warnings.flatMap(items)).toEqual(suggested)
  })

  it('should give the same cause key when the same bill is evaluated again, resent or followed by more', () => {
    const crossing = bill('YB-2', 1_100_000, '2026-11-20')
    const first = one(crossing, context({ recentSignals: [earlier] }))
    // The store has kept the bill: evaluating it again does not count it twice.
    const again = one(crossing, context({ recentSignals: [earlier, crossing] }))
    expect(again).toEqual(first)
    // A later bill of the same high spending is the same cause.
    const later = one(bill('YB-3', 5_000, '2026-12-02'), context({ recentSignals: [earlier, crossing] }))
    expect(later.causeKey).toBe(first.causeKey)
    expect(later.figures.spentFen).toBe(2_105_000)
  })

  it('should find the same crossing whichever bill of a batch is evaluated first', () => {
    const batch = [bill('YB-1', 900_000, '2026-01-10'), bill('YB-2', 900_000, '2026-02-10'), bill('YB-3', 900_000, '2026-03-10')]
    const keys = batch.map(s => one(s, context({ recentSignals: batch })).causeKey)
    expect(new Set(keys).size).toBe(1)
  })

  it('should warn again in a later year while spending stays above the line', () => {
    const big2026 = bill('YB-1', 2_100_000, '2026-03-01')
    const first = one(big2026, context({ today: '2026-03-02' }))
    const stillIn = one(bill('YB-2', 100, '2027-01-20'), context({ today: '2027-02-01', recentSignals: [big2026] }))
    const big2027 = one(bill('YB-3', 2_100_000, '2027-03-01'), context({ today: '2027-03-05', recentSignals: [big2026] }))
    expect(stillIn.causeKey).toBe(first.causeKey)
    expect(big2027.causeKey).not.toBe(first.causeKey)
  })

  it('should use the region\'s own line (demo region: 10 000 yuan)', () => {
    const ctx = context({ region: region('990000') })
    expect(evaluate(bill('YB-2', 1_000_000), ctx)).toEqual([])
    expect(one(bill('YB-2', 1_000_001), ctx).figures.thresholdFen).toBe(1_000_000)
  })
})

describe('earner_death', () => {
  const death = (memberId: string, over: Record<string, unknown> = {}) => signal({ kind: 'death', source: 'mingzheng', externalId: `D-${memberId}`, memberId, occurredAt: '2026-12-01', ...over })

  it('should suggest temporary assistance when the only working-age earner dies', () => {
    const w = one(death('m1'), context())
    expect(w).toMatchObject({ rule: 'earner_death', memberId: 'm1', figures: { age: 46 } })
    expect(items(w)).toEqual(['temporary'])
    expect(wordIn('zh-CN', w.staffText)).toBe('家庭成员（本人）去世，终年 46 岁，是家中唯一有劳动收入的劳动年龄成员。建议核实后办理：临时救助（民政部门）')
  })

  it.each([
    ['another working-age earner remains', [SELF, { ...SPOUSE, earner: true }, CHILD]],
    ['the deceased was past working age', [{ ...SELF, birthDate: '1966-12-01' }, SPOUSE]],
    ['the deceased earned nothing', [{ ...SELF, earner: false }, SPOUSE]],
    ['the office has no record of the member', [SPOUSE]],
  ])('should not warn a household without assistance when %s', (_name, members) => {
    expect(evaluate(death('m1'), context({ members }))).toEqual([])
  })

  it.each([
    ['59 on the day', '1967-12-02', 1],
    ['60 on the day', '1966-12-01', 0],
  ])('should count the earner\'s working age on the day of death: %s', (_name, birthDate, count) => {
    expect(evaluate(death('m1'), context({ members: [{ ...SELF, birthDate }, SPOUSE] }))).toHaveLength(count)
  })

  it.each([
    [['dibao'], ['review:dibao', 'funeral']],
    [['dibao_edge'], ['review:dibao_edge', 'funeral']],
    [['tekun'], ['funeral']],
    [['dibao', 'funeral'], ['review:dibao']],
  ] as [ItemCode[], string[]][])('should review and offer a funeral when any member of a household holding %j dies', (holding, suggested) => {
    const w = one(death('m2'), context({ held: held(...holding) }))
    expect(items(w)).toEqual(suggested)
  })

  it('should review, offer temporary assistance and a funeral when a 低保 household loses its only earner', () => {
    const w = one(death('m1'), context({ held: held('dibao') }))
    expect(items(w)).toEqual(['review:dibao', 'temporary', 'funeral'])
    expect(wordIn('zh-CN', w.householdText)).toBe('对您家人的离世，我们深表哀悼。您家可能可以申请：临时救助；基本殡葬服务费用减免。工作人员会联系您核实情况。')
  })

  it('should tell the household only that someone will be in touch when nothing is to apply for', () => {
    const w = one(death('m2'), context({ held: held('dibao', 'funeral') }))
    expect(wordIn('zh-CN', w.householdText)).toBe('对您家人的离世，我们深表哀悼。工作人员会联系您了解情况。')
  })

  it('should give one cause for the cremation record and the cancelled hukou of one death', () => {
    const ctx = context({ held: held('dibao') })
    const cremation = one(death('m2'), ctx)
    const hukou = one(death('m2', { source: 'gongan', externalId: 'GA-77', occurredAt: '2026-12-03' }), ctx)
    expect(hukou.causeKey).toBe(cremation.causeKey)
    expect(hukou.signal).not.toBe(cremation.signal)
  })
})

describe('new_severe_disability', () => {
  const certificate = (grade: number, memberId = 'm2') => signal({ kind: 'disability_certificate', source: 'canlian', externalId: `CL-${grade}`, memberId, grade, category: 'physical' })

  it.each([
    [1, [], 1],
    [2, [], 1],
    [3, [], 0],
    [4, [], 0],
    [3, ['dibao_edge'], 1],
    [4, ['expense_hardship'], 1],
  ] as [number, ItemCode[], number][])('should warn for grade %s in a household holding %j: %s', (grade, holding, count) => {
    const warnings = evaluate(certificate(grade), context({ held: held(...holding) }))
    expect(warnings).toHaveLength(count)
    expect(warnings.flatMap(items)).toEqual(count ? ['disability_allowance'] : [])
  })

  it('should word the care allowance as independent of income', () => {
    const w = one(certificate(2), context())
    expect(wordIn('zh-CN', w.staffText)).toBe('家庭成员（配偶）取得二级肢体残疾人证，属重度残疾，重度残疾人护理补贴不看家庭收入。建议核实后办理：困难残疾人生活补贴和重度残疾人护理补贴（残联）')
  })

  it('should not warn when the member already holds the allowance, but should for another member', () => {
    const ctx = context({ held: [{ item: 'disability_allowance', memberId: 'm2' }] })
    expect(evaluate(certificate(1, 'm2'), ctx)).toEqual([])
    expect(evaluate(certificate(1, 'm3'), ctx)).toHaveLength(1)
  })

  it('should keep one cause per severity: a renewal is the same, a raise to grade 1–2 is new', () => {
    const ctx = context({ held: held('dibao') })
    const [grade4, grade3, grade2, grade1] = [4, 3, 2, 1].map(g => one(certificate(g), ctx).causeKey)
    expect(grade3).toBe(grade4)
    expect(grade1).toBe(grade2)
    expect(grade2).not.toBe(grade3)
  })
})

describe('unemployment', () => {
  const registered = (birthDate: string) => {
    const member = { ...SELF, birthDate }
    return evaluate(signal({ kind: 'unemployment', source: 'renshe', externalId: 'RS-1', memberId: 'm1' }), context({ members: [member], held: held('dibao_edge') }))
  }

  it.each([
    ['15', '2010-12-06', 0],
    ['16', '2010-12-05', 1],
    ['59', '1966-12-06', 1],
    ['60', '1966-12-05', 0],
  ])('should warn for a member aged %s on the day of registration: %s', (_age, birthDate, count) => {
    expect(registered(birthDate)).toHaveLength(count)
  })

  it.each([
    [['dibao'], 1],
    [['dibao_edge'], 1],
    [['expense_hardship'], 1],
    [['tekun'], 0],
    [[], 0],
    [['dibao', 'employment'], 0],
  ] as [ItemCode[], number][])('should warn a household holding %j: %s', (holding, count) => {
    const warnings = evaluate(signal({ kind: 'unemployment', source: 'renshe', externalId: 'RS-1', memberId: 'm1' }), context({ held: held(...holding) }))
    expect(warnings).toHaveLength(count)
    expect(warnings.flatMap(w => w.suggestions)).toEqual(count ? [{ item: 'employment', action: 'apply', department: 'renshe' }] : [])
  })
})

describe('student_hardship', () => {
  const student = (occurredAt: string, status = 'enrolled') => signal({ kind: 'student', source: 'jiaoyu', externalId: `JY-${occurredAt}-${status}`, memberId: 'm3', level: 'compulsory', status, occurredAt })

  it.each([
    [['dibao'], 1],
    [['expense_hardship'], 1],
    [['orphan'], 1],
    [[], 0],
    [['dibao', 'education'], 0],
  ] as [ItemCode[], number][])('should suggest education for a student of a household holding %j: %s', (holding, count) => {
    const warnings = evaluate(student('2026-10-01'), context({ held: held(...holding) }))
    expect(warnings.flatMap(items)).toEqual(count ? ['education'] : [])
  })

  it('should keep one cause per school year and status', () => {
    const ctx = context({ held: held('dibao') })
    const key = (day: string, status?: string) => one(student(day, status), ctx).causeKey
    expect(key('2027-08-31')).toBe(key('2026-09-01'))
    expect(key('2026-08-31')).not.toBe(key('2026-09-01'))
    expect(key('2026-09-01', 'dropped_out')).not.toBe(key('2026-09-01'))
  })
})

describe('referral', () => {
  const referral = (seen: string[], over: Record<string, unknown> = {}) => signal({ kind: 'referral', source: 'volunteer', externalId: 'V-1', seen, note: '', ...over })

  it.each([
    [['serious_illness'], ['medical', 'temporary']],
    [['no_income'], ['dibao']],
    [['unsafe_housing'], ['housing']],
    [['no_carer'], ['tekun']],
    [['child_out_of_school'], ['education', 'orphan']],
    [['other'], []],
    [['serious_illness', 'no_income', 'other'], ['medical', 'temporary', 'dibao']],
  ])('should turn %j into suggestions %j', (seen, suggested) => {
    expect(one(referral(seen), context()).suggestions.map(s => s.item)).toEqual(suggested)
  })

  it('should still ask staff to verify when the household holds everything suggested', () => {
    const w = one(referral(['no_income'], { memberId: 'm2', note: '厨房漏雨' }), context({ held: held('dibao') }))
    expect(w.suggestions).toEqual([])
    expect(wordIn('zh-CN', w.staffText)).toBe('志愿者走访时发现（家庭成员（配偶））：家庭没有收入来源。志愿者备注：厨房漏雨。请核实情况。')
    expect(wordIn('zh-CN', w.householdText)).toBe('志愿者走访时了解到您家的困难。工作人员会联系您了解情况。')
  })

  it('should make two referrals of one household on one day one cause, and another day another', () => {
    const first = one(referral(['other']), context())
    const second = one(referral(['no_income'], { externalId: 'V-2', occurredAt: '2026-12-05T09:00:00+08:00' }), context())
    const next = one(referral(['other'], { externalId: 'V-3', occurredAt: '2026-12-04' }), context())
    expect(second.causeKey).toBe(first.causeKey)
    expect(next.causeKey).not.toBe(first.causeKey)
  })
})

describe('contact_request', () => {
  it('should pass on what the self-diagnosis suggested, less what is held', () => {
    const request = signal({ kind: 'contact_request', source: 'resident', externalId: 'R-1', items: ['dibao', 'medical', 'electricity'] })
    const w = one(request, context({ held: held('medical') }))
    expect(w.suggestions).toEqual([
      { item: 'dibao', action: 'apply', department: 'mingzheng' },
      { item: 'electricity', action: 'apply', department: 'dianli' },
    ])
    expect(w.memberId).toBeUndefined()
    expect(wordIn('zh-CN', w.householdText)).toBe('已收到您的请求，工作人员会尽快联系您。')
  })
})

describe('cause keys', () => {
  it('should not let an id containing the separator forge another household\'s key', () => {
    const ctx = context()
    const a = one(signal({ kind: 'referral', source: 'volunteer', externalId: 'V-1', seen: ['other'], note: '', householdId: 'h1:m1' }), ctx)
    const b = one(signal({ kind: 'referral', source: 'volunteer', externalId: 'V-1', seen: ['other'], note: '', householdId: 'h1', memberId: 'm1:-' }), ctx)
    // Joined as they are, both would read "referral:h1:m1:-:2026-12-05".
    expect(a.causeKey).not.toBe(b.causeKey)
  })
})

describe('words', () => {
  const scenarios: [string, Signal, WarningContext][] = [
    ['medical', bill('YB-2', LINE_FEN + 1), context()],
    ['death, only earner, 低保', signal({ kind: 'death', source: 'gongan', externalId: 'D', memberId: 'm1' }), context({ held: held('dibao') })],
    ['death of a member unknown to the office', signal({ kind: 'death', source: 'gongan', externalId: 'D', memberId: 'm9' }), context({ held: held('dibao') })],
    ['disability 1', signal({ kind: 'disability_certificate', source: 'canlian', externalId: 'C', memberId: 'm2', grade: 1, category: 'mental' }), context()],
    ['disability 4', signal({ kind: 'disability_certificate', source: 'canlian', externalId: 'C', memberId: 'm2', grade: 4, category: 'multiple' }), context({ held: held('dibao') })],
    ['unemployment', signal({ kind: 'unemployment', source: 'renshe', externalId: 'U', memberId: 'm1' }), context({ held: held('dibao') })],
    ['student out of school', signal({ kind: 'student', source: 'jiaoyu', externalId: 'S', memberId: 'm3', level: 'high_school', status: 'dropped_out' }), context({ held: held('dibao') })],
    ['student', signal({ kind: 'student', source: 'jiaoyu', externalId: 'S', memberId: 'm3', level: 'college', status: 'enrolled' }), context({ held: held('dibao') })],
    ['referral', signal({ kind: 'referral', source: 'volunteer', externalId: 'V', seen: ['serious_illness', 'child_out_of_school'], note: '' }), context()],
    ['contact with items', signal({ kind: 'contact_request', source: 'resident', externalId: 'R', items: ['dibao'] }), context()],
    ['contact without items', signal({ kind: 'contact_request', source: 'resident', externalId: 'R', items: [] }), context()],
  ]
  const cases = scenarios.flatMap(([name, s, ctx]) => LANGS.map(lang => [name, lang, s, ctx] as const))

  it.each(cases)('should word %s in %s for staff and household', (_name, lang, s, ctx) => {
    const w = one(s, ctx)
    for (const shown of [wordIn(lang, w.staffText), wordIn(lang, w.householdText)]) {
      expect(shown.length).toBeGreaterThan(0)
      expect(shown).not.toMatch(/[{}]/)
      if (lang === 'en')
        expect(shown).not.toMatch(CJK)
    }
  })

  it.each(LANGS)('should name every rule and source in %s', (lang) => {
    for (const rule of RULE_CODES)
      expect(wordIn(lang, { key: ruleNameKey(rule) })).not.toBe('')
    for (const source of SIGNAL_SOURCES)
      expect(wordIn(lang, { key: signalSourceKey(source) })).not.toBe('')
  })
})
