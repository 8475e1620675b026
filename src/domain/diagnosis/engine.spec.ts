import type { ItemCode } from '../items'
import type { Lang } from '../lang'
import type { ResolvedRegion } from '../regions'
import type { DiagnosisResult, Verdict } from './engine'
import type { DiagnosisAnswers, DiagnosisMember } from './schema'
import { describe, expect, it } from 'vitest'
import { ITEM_CODES } from '../items'
import { LANGS } from '../lang'
import { resolveRegion } from '../regions'
import { wordIn } from '../words-test-support'
import { diagnose, VERDICTS } from './engine'
import { diagnosisAnswersSchema } from './schema'

// Zhejiang: dibao 886, edge 2 × = 1772 (min wage 2280), tekun 1410, deposits 21264 / 42528.
// Guangzhou: dibao 1120, edge 1.5 × = 1680. Demo: dibao 1000, edge 2 × capped at 1800.

const ZJ = '330000'
const GZ = '440100'
const DEMO = '990000'
const CJK = /[\u3400-\u9FFF\uFF08\uFF09\uFF0C\uFF1A\uFF1B]/

function member(over: Partial<DiagnosisMember> = {}): DiagnosisMember {
  return {
    relation: 'self',
    age: 40,
    monthlyIncome: 0,
    canWork: true,
    disabilityGrade: 0,
    seriousIllness: false,
    student: 'none',
    unemployed: false,
    hasCapableSupporter: true,
    ...over,
  }
}

function answers(over: Partial<DiagnosisAnswers> = {}): DiagnosisAnswers {
  return {
    region: ZJ,
    receiving: [],
    members: [member()],
    assets: { depositsPerCapita: 0, vehicles: 0, extraHousing: false },
    monthlyRigidExpenses: { medical: 0, education: 0 },
    events: { suddenHardship: false, disaster: false },
    housing: 'adequate',
    ...over,
  }
}

/** a one-person household with this monthly income */
function earning(income: number, over: Partial<DiagnosisAnswers> = {}): DiagnosisAnswers {
  return answers({ members: [member({ monthlyIncome: income })], ...over })
}

function region(code: string): ResolvedRegion {
  const resolved = resolveRegion(code)
  if (!resolved)
    throw new Error(`no region ${code}`)
  return resolved
}

/** A result as a person reads it: reasons and flip worded from the locale catalogs. */
interface Shown extends Omit<DiagnosisResult, 'reasons' | 'flip'> {
  reasons: string[]
  flip?: string
}

function diagnosed(a: DiagnosisAnswers): DiagnosisResult[] {
  // every fixture must also be valid input
  expect(diagnosisAnswersSchema.safeParse(a).success).toBe(true)
  return diagnose(a, region(a.region))
}

function run(a: DiagnosisAnswers, lang: Lang = 'zh-CN'): Shown[] {
  return diagnosed(a).map(({ reasons, flip, ...rest }) => ({
    ...rest,
    reasons: reasons.map(r => wordIn(lang, r)),
    ...(flip ? { flip: wordIn(lang, flip) } : {}),
  }))
}

function result(a: DiagnosisAnswers, item: ItemCode, lang: Lang = 'zh-CN'): Shown {
  const found = run(a, lang).find(r => r.item === item)
  if (!found)
    throw new Error(`no result for ${item}`)
  return found
}

function verdict(a: DiagnosisAnswers, item: ItemCode): Verdict {
  return result(a, item).verdict
}

const SCENARIOS: [string, DiagnosisAnswers][] = [
  ['a single earner with no income', earning(0)],
  ['a well-off single earner', earning(9000)],
  ['an edge household with a sick member', answers({
    members: [member({ monthlyIncome: 2400 }), member({ relation: 'spouse', seriousIllness: true, canWork: false })],
  })],
  ['a household in every situation', answers({
    region: '330106',
    receiving: ['dibao', 'dibao_edge', 'tekun'],
    members: [
      member({ monthlyIncome: 500, unemployed: true, jobStartedMonthsAgo: 3 }),
      member({ relation: 'parent', age: 82, canWork: false, hasCapableSupporter: false, disabilityGrade: 1, seriousIllness: true }),
      member({ relation: 'child', age: 5, canWork: false, disabilityGrade: 2, student: 'preschool', hasCapableSupporter: false }),
      member({ relation: 'child', age: 12, canWork: false, student: 'compulsory' }),
    ],
    assets: { depositsPerCapita: 100, vehicles: 0, extraHousing: false },
    monthlyRigidExpenses: { medical: 800, education: 200 },
    events: { suddenHardship: true, disaster: true },
    housing: 'unsafe',
  })],
  ['a Guangzhou household', earning(1500, { region: GZ })],
  ['a demo household', earning(1500, { region: '990101' })],
]

describe('diagnose: shape', () => {
  const cases = SCENARIOS.flatMap(([name, a]) => (['zh-CN', 'en'] as const).map(lang => [name, lang, a] as const))

  it.each(cases)('should return every item code exactly once when diagnosing %s in %s', (_, lang, a) => {
    const results = run(a, lang)
    expect(results).toHaveLength(ITEM_CODES.length)
    expect([...results.map(r => r.item)].sort()).toEqual([...ITEM_CODES].sort())
  })

  it.each(cases)('should sort likely → possible → unlikely, in item order within, when diagnosing %s in %s', (_, lang, a) => {
    const results = run(a, lang)
    const ranks = results.map(r => VERDICTS.indexOf(r.verdict))
    expect(ranks).toEqual([...ranks].sort((x, y) => x - y))
    for (const v of VERDICTS) {
      const items = results.filter(r => r.verdict === v).map(r => ITEM_CODES.indexOf(r.item))
      expect(items).toEqual([...items].sort((x, y) => x - y))
    }
  })

  it.each(cases)('should give reasons for each item when diagnosing %s in %s', (_, lang, a) => {
    for (const r of run(a, lang)) {
      expect(r.reasons.length).toBeGreaterThan(0)
      expect(r.reasons.every(s => s.length > 0)).toBe(true)
      for (const i of r.members ?? [])
        expect(i).toBeLessThan(a.members.length)
    }
  })

  // wordIn throws on a key that is missing in a language, nested texts included.
  it.each(SCENARIOS.flatMap(([name, a]) => LANGS.map(lang => [name, lang, a] as const)))('should give texts every catalog words when diagnosing %s in %s', (_, lang, a) => {
    const texts = diagnosed(a).flatMap(r => [...r.reasons, ...(r.flip ? [r.flip] : [])])
    expect(texts.map(t => wordIn(lang, t)).every(s => s.length > 0)).toBe(true)
  })

  it.each(SCENARIOS)('should write English only when diagnosing %s in en', (_, a) => {
    for (const r of run(a, 'en')) {
      expect(r.reasons.filter(s => CJK.test(s))).toEqual([])
      expect(r.flip ?? '').not.toMatch(CJK)
    }
  })

  it('should not change the answers when diagnosing', () => {
    const a = SCENARIOS[3]![1]
    const before = JSON.stringify(a)
    run(a)
    expect(JSON.stringify(a)).toBe(before)
  })
})

describe('diagnose: dibao income and assets', () => {
  it.each([
    [ZJ, [885], 'likely'],
    [ZJ, [886], 'unlikely'],
    [ZJ, [0], 'likely'],
    [ZJ, [2655, 0, 0], 'likely'], // 885 per person
    [ZJ, [2658, 0, 0], 'unlikely'], // 886 per person
    [ZJ, [885.99], 'likely'],
    [GZ, [1119], 'likely'],
    [GZ, [1120], 'unlikely'],
    [DEMO, [999], 'likely'],
    [DEMO, [1000], 'unlikely'],
  ] as const)('should find dibao for %s with incomes %j → %s when comparing with the line', (code, incomes, expected) => {
    const a = answers({ region: code, members: incomes.map(i => member({ monthlyIncome: i })) })
    expect(verdict(a, 'dibao')).toBe(expected)
  })

  it.each([
    ['deposits at the limit', { depositsPerCapita: 21264, vehicles: 0, extraHousing: false }, 'likely', undefined],
    ['deposits one yuan over', { depositsPerCapita: 21265, vehicles: 0, extraHousing: false }, 'unlikely', '若家庭存款人均不超过 21264 元，低保可能符合'],
    ['a vehicle', { depositsPerCapita: 0, vehicles: 1, extraHousing: false }, 'unlikely', '若家庭名下没有机动车，低保可能符合'],
    ['extra housing', { depositsPerCapita: 0, vehicles: 0, extraHousing: true }, 'unlikely', '若家庭没有多余住房，低保可能符合'],
    ['two failed asset tests', { depositsPerCapita: 30000, vehicles: 2, extraHousing: false }, 'unlikely', undefined],
  ] as const)('should give dibao %s → %s with flip when income is below the line', (_, assets, expected, flip) => {
    const r = result(earning(500, { assets }), 'dibao')
    expect(r.verdict).toBe(expected)
    expect(r.flip).toBe(flip)
  })

  it('should name the asset that fails when deposits are over the limit', () => {
    const zh = result(earning(500, { assets: { depositsPerCapita: 21265, vehicles: 0, extraHousing: false } }), 'dibao')
    expect(zh.reasons).toContain('家庭人均存款 21265 元，超过低保财产限额 21264 元')
    const en = result(earning(500, { assets: { depositsPerCapita: 21265, vehicles: 0, extraHousing: false } }), 'dibao', 'en')
    expect(en.flip).toBe('If savings were at most 21264 yuan per person, dibao would likely apply')
  })

  it.each([
    ['zh-CN', '若家庭人均月收入低于 886 元（家庭月收入合计低于 1772 元），低保可能符合'],
    ['en', 'If household income were below 886 yuan per person a month (below 1772 yuan in total), dibao would likely apply'],
  ] as const)('should say which income flips dibao in %s when income is at the line', (lang, flip) => {
    const a = answers({ members: [member({ monthlyIncome: 1772 }), member({ relation: 'spouse' })] })
    expect(result(a, 'dibao', lang).flip).toBe(flip)
  })

  it.each([
    [['dibao'], 1000, 'possible'],
    [[], 1000, 'unlikely'],
    [['dibao'], 500, 'likely'],
  ] as const)('should treat a household receiving %j with income %s as %s when reviewing dibao', (receiving, income, expected) => {
    expect(verdict(earning(income, { receiving: [...receiving] }), 'dibao')).toBe(expected)
  })
})

describe('diagnose: income exemptions', () => {
  // self without income + a child earning 3000: counted, 1500 per person is above 886
  function household(months: number, grade: 0 | 3, receiving: 'dibao'[]) {
    return answers({
      receiving,
      members: [
        member(),
        member({ relation: 'child', age: 22, monthlyIncome: 3000, jobStartedMonthsAgo: months, disabilityGrade: grade }),
      ],
    })
  }

  it.each([
    [11, 0, ['dibao'], 'likely', true],
    [12, 0, ['dibao'], 'possible', false],
    [0, 0, ['dibao'], 'likely', true],
    [11, 0, [], 'unlikely', false],
    [35, 3, ['dibao'], 'likely', true],
    [36, 3, ['dibao'], 'possible', false],
    [35, 3, [], 'unlikely', false],
  ] as const)('should give dibao after a job of %s months (grade %s, receiving %j) → %s when applying exemptions', (months, grade, receiving, expected, exempt) => {
    const r = result(household(months, grade, [...receiving]), 'dibao')
    expect(r.verdict).toBe(expected)
    expect(r.reasons.some(s => s.includes('不计入家庭收入'))).toBe(exempt)
  })

  it.each([
    ['zh-CN', '第2位成员（子女）就业 11 个月，未满 12 个月，其月收入 3000 元按规定不计入家庭收入'],
    ['en', 'Member 2 (child) started work 11 months ago (less than 12 months), so their income of 3000 yuan a month is not counted'],
  ] as const)('should explain the exemption in %s when a new job is not counted', (lang, reason) => {
    expect(result(household(11, 0, ['dibao']), 'dibao', lang).reasons).toContain(reason)
  })

  it('should name the 36-month rule when a disabled member started work 35 months ago', () => {
    const reasons = result(household(35, 3, ['dibao']), 'dibao').reasons
    expect(reasons).toContain('第2位成员（子女）为残疾人，就业 35 个月，未满 36 个月，其月收入 3000 元按规定不计入家庭收入')
  })
})

describe('diagnose: dibao_edge', () => {
  it.each([
    [ZJ, 885, 'unlikely'], // dibao instead
    [ZJ, 886, 'likely'],
    [ZJ, 1772, 'likely'],
    [ZJ, 1773, 'unlikely'],
    [GZ, 1120, 'likely'],
    [GZ, 1680, 'likely'],
    [GZ, 1681, 'unlikely'],
    [DEMO, 1800, 'likely'], // capped by the minimum wage, 2 × 1000 would be 2000
    [DEMO, 1801, 'unlikely'],
    [DEMO, 2000, 'unlikely'],
  ] as const)('should find dibao_edge for %s at %s a person → %s when comparing with the edge line', (code, income, expected) => {
    expect(verdict(earning(income, { region: code }), 'dibao_edge')).toBe(expected)
  })

  it.each([
    ['zh-CN', '家庭人均月收入 1801 元，超过低保边缘标准 1800 元（低保标准 1000 元的 2 倍为 2000 元，但不超过最低工资 1800 元）'],
    ['en', 'Household income per person is 1801 yuan a month, above the dibao-edge line of 1800 yuan (2 × the dibao standard of 1000 yuan would be 2000 yuan, capped at the minimum wage of 1800 yuan)'],
  ] as const)('should name the minimum-wage cap in %s when it lowers the edge line', (lang, reason) => {
    expect(result(earning(1801, { region: DEMO }), 'dibao_edge', lang).reasons).toContain(reason)
  })

  it.each([
    [42528, 'likely', undefined],
    [42529, 'unlikely', '若家庭存款人均不超过 42528 元，低保边缘可能符合'],
  ] as const)('should give dibao_edge with deposits of %s → %s when income is in the edge band', (deposits, expected, flip) => {
    const r = result(earning(1000, { assets: { depositsPerCapita: deposits, vehicles: 0, extraHousing: false } }), 'dibao_edge')
    expect(r.verdict).toBe(expected)
    expect(r.flip).toBe(flip)
  })

  it('should find dibao_edge and not dibao when income is below the dibao line but deposits only fit the edge limit', () => {
    const a = earning(500, { assets: { depositsPerCapita: 30000, vehicles: 0, extraHousing: false } })
    expect(verdict(a, 'dibao')).toBe('unlikely')
    expect(verdict(a, 'dibao_edge')).toBe('likely')
  })

  it.each([
    [['dibao_edge'], 'possible'],
    [[], 'unlikely'],
  ] as const)('should treat a household receiving %j above the edge line as %s when reviewing', (receiving, expected) => {
    expect(verdict(earning(2000, { receiving: [...receiving] }), 'dibao_edge')).toBe(expected)
  })
})

describe('diagnose: single-person household (单人户)', () => {
  function edgeHousehold(sick: Partial<DiagnosisMember>, income = 2400): DiagnosisAnswers {
    // 2 people, 1200 each: inside Zhejiang's edge band 886..1772
    return answers({ members: [member({ monthlyIncome: income }), member({ relation: 'spouse', canWork: false, ...sick })] })
  }

  it.each([
    ['serious illness', { seriousIllness: true }, 2400, 'likely', [1]],
    ['disability grade 1', { disabilityGrade: 1 }, 2400, 'likely', [1]],
    ['disability grade 2', { disabilityGrade: 2 }, 2400, 'likely', [1]],
    ['disability grade 3', { disabilityGrade: 3 }, 2400, 'unlikely', undefined],
    ['no illness', {}, 2400, 'unlikely', undefined],
    ['serious illness above the edge line', { seriousIllness: true }, 4000, 'unlikely', undefined],
  ] as const)('should give dibao for a member with %s → %s when the household is dibao-edge', (_, sick, income, expected, members) => {
    const r = result(edgeHousehold(sick, income), 'dibao')
    expect(r.verdict).toBe(expected)
    expect(r.members).toEqual(members)
  })

  it.each([
    ['zh-CN', '单人户', '第2位成员（配偶，患重病）'],
    ['en', 'single-person household', 'member 2 (spouse, serious illness)'],
  ] as const)('should explain the single-person household in %s when a member is seriously ill', (lang, term, who) => {
    const reasons = result(edgeHousehold({ seriousIllness: true }), 'dibao', lang).reasons.join('\n')
    expect(reasons).toContain(term)
    expect(reasons).toContain(who)
  })
})

describe('diagnose: tekun', () => {
  const base = { canWork: false, monthlyIncome: 0, hasCapableSupporter: false }

  it.each([
    ['aged 17', { age: 17 }, 'likely'],
    ['aged 18', { age: 18 }, 'unlikely'],
    ['aged 59', { age: 59 }, 'unlikely'],
    ['aged 60', { age: 60 }, 'likely'],
    ['aged 30 with disability grade 2', { age: 30, disabilityGrade: 2 }, 'likely'],
    ['aged 30 with disability grade 3', { age: 30, disabilityGrade: 3 }, 'unlikely'],
    ['aged 70 with income 1409', { age: 70, monthlyIncome: 1409 }, 'likely'],
    ['aged 70 with income 1410', { age: 70, monthlyIncome: 1410 }, 'unlikely'],
    ['aged 70 able to work', { age: 70, canWork: true }, 'unlikely'],
    ['aged 70 with a capable supporter', { age: 70, hasCapableSupporter: true }, 'unlikely'],
  ] as const)('should give tekun for a member %s → %s when checking the conditions', (_, over, expected) => {
    expect(verdict(answers({ members: [member({ ...base, ...over })] }), 'tekun')).toBe(expected)
  })

  it.each([
    [{ canWork: true }, '若第1位成员（本人）无劳动能力，特困供养可能符合'],
    [{ monthlyIncome: 1500 }, '若第1位成员（本人）月收入低于 1410 元，特困供养可能符合'],
    [{ hasCapableSupporter: true }, '若第1位成员（本人）没有有能力履行义务的法定赡养、抚养、扶养人，特困供养可能符合'],
    [{ canWork: true, hasCapableSupporter: true }, undefined],
  ] as const)('should give flip %# when one tekun condition fails', (over, flip) => {
    expect(result(answers({ members: [member({ ...base, age: 70, ...over })] }), 'tekun').flip).toBe(flip)
  })

  it('should list only the qualifying member when a grandparent qualifies', () => {
    const a = answers({
      members: [member({ monthlyIncome: 3000 }), member({ relation: 'grandparent', age: 82, ...base })],
    })
    const r = result(a, 'tekun')
    expect(r.verdict).toBe('likely')
    expect(r.members).toEqual([1])
    expect(r.reasons[0]).toBe('第2位成员（祖父母/外祖父母）82 岁，属 60 岁及以上老年人，无劳动能力，月收入 0 元，低于特困供养标准 1410 元，且没有有能力的法定赡养、抚养、扶养义务人')
    expect(result(a, 'tekun', 'en').reasons[0]).toContain('below the tekun standard of 1410 yuan')
  })

  it('should stay possible when the household receives tekun but no member qualifies', () => {
    expect(verdict(earning(3000, { receiving: ['tekun'] }), 'tekun')).toBe('possible')
  })
})

describe('diagnose: expense_hardship', () => {
  it.each([
    [1000, 115, 0, 'likely', undefined], // 885 after costs
    [1000, 114, 0, 'unlikely', '若家庭每月医疗、教育刚性支出合计超过 114 元，支出型困难家庭救助可能符合'],
    [1000, 0, 200, 'likely', undefined],
    [1000, 0, 0, 'unlikely', undefined],
    [500, 300, 0, 'unlikely', undefined], // dibao comes first
    [5000, 4200, 0, 'likely', undefined],
  ] as const)('should give expense_hardship for income %s, medical %s, education %s → %s when deducting costs', (income, medical, education, expected, flip) => {
    const r = result(earning(income, { monthlyRigidExpenses: { medical, education } }), 'expense_hardship')
    expect(r.verdict).toBe(expected)
    expect(r.flip).toBe(flip)
  })

  it('should be unlikely with the asset flip when costs qualify but a vehicle is owned', () => {
    const r = result(earning(1000, { monthlyRigidExpenses: { medical: 500, education: 0 }, assets: { depositsPerCapita: 0, vehicles: 1, extraHousing: false } }), 'expense_hardship')
    expect(r.verdict).toBe('unlikely')
    expect(r.flip).toBe('若家庭名下没有机动车，低保边缘可能符合')
  })

  it.each([
    ['zh-CN', '家庭人均月收入 1000 元，扣除每月医疗支出 300 元、教育支出 0 元后人均 700 元，低于本地低保标准 886 元'],
    ['en', 'Household income per person is 1000 yuan a month; after monthly medical costs of 300 yuan and education costs of 0 yuan it is 700 yuan per person, below the local dibao standard of 886 yuan'],
  ] as const)('should name the deducted costs in %s when explaining expense hardship', (lang, reason) => {
    const r = result(earning(1000, { monthlyRigidExpenses: { medical: 300, education: 0 } }), 'expense_hardship', lang)
    expect(r.reasons).toContain(reason)
  })
})

describe('diagnose: temporary and disaster', () => {
  it.each([
    [true, false, 1000, {}, 'likely'],
    [false, true, 1000, {}, 'likely'],
    [true, false, 5000, {}, 'possible'],
    [true, false, 5000, { medical: 4500, education: 0 }, 'likely'], // expense hardship
    [false, false, 1000, {}, 'unlikely'],
    [false, false, 5000, {}, 'unlikely'],
  ] as const)('should give temporary for sudden %s, disaster %s, income %s → %s when an event is reported', (suddenHardship, disaster, income, costs, expected) => {
    const a = earning(income, { events: { suddenHardship, disaster }, monthlyRigidExpenses: { medical: 0, education: 0, ...costs } })
    expect(verdict(a, 'temporary')).toBe(expected)
  })

  it.each([
    [1000, '若家庭遭遇突发事件、意外或重大疾病导致基本生活暂时困难，临时救助可能符合'],
    [5000, undefined],
  ] as const)('should say an event would flip temporary only when income %s is low', (income, flip) => {
    expect(result(earning(income), 'temporary').flip).toBe(flip)
  })

  it.each([
    [true, 'likely'],
    [false, 'unlikely'],
  ] as const)('should give disaster → %s when disaster is %s', (disaster, expected) => {
    expect(verdict(earning(9000, { events: { suddenHardship: false, disaster } }), 'disaster')).toBe(expected)
  })
})

describe('diagnose: special assistance', () => {
  const dibaoHousehold = (over: Partial<DiagnosisAnswers> = {}, m: Partial<DiagnosisMember> = {}) =>
    answers({ members: [member({ monthlyIncome: 500, ...m })], ...over })
  const edgeHousehold = (over: Partial<DiagnosisAnswers> = {}, m: Partial<DiagnosisMember> = {}) =>
    answers({ members: [member({ monthlyIncome: 1200, ...m })], ...over })
  const wellOff = (over: Partial<DiagnosisAnswers> = {}, m: Partial<DiagnosisMember> = {}) =>
    answers({ members: [member({ monthlyIncome: 9000, ...m })], ...over })

  it.each([
    ['a dibao household without illness', dibaoHousehold(), 'likely'],
    ['a household receiving tekun', wellOff({ receiving: ['tekun'] }), 'likely'],
    ['an edge household with a serious illness', edgeHousehold({}, { seriousIllness: true }), 'likely'],
    ['an edge household with medical costs', edgeHousehold({ monthlyRigidExpenses: { medical: 100, education: 0 } }), 'likely'],
    ['an edge household without illness', edgeHousehold(), 'possible'],
    ['a well-off household with a serious illness', wellOff({}, { seriousIllness: true }), 'unlikely'],
  ] as const)('should give medical for %s → %s', (_, a, expected) => {
    expect(verdict(a, 'medical')).toBe(expected)
  })

  it.each([
    ['a dibao household with a pupil', dibaoHousehold({}, { student: 'compulsory' }), 'likely'],
    ['an edge household with a college student', edgeHousehold({}, { student: 'college' }), 'likely'],
    ['a dibao household without students', dibaoHousehold(), 'unlikely'],
    ['a well-off household with a pupil', wellOff({}, { student: 'high_school' }), 'unlikely'],
  ] as const)('should give education for %s → %s', (_, a, expected) => {
    expect(verdict(a, 'education')).toBe(expected)
  })

  it.each([
    ['renting_hardship', dibaoHousehold, 'likely'],
    ['unsafe', edgeHousehold, 'likely'],
    ['none', dibaoHousehold, 'likely'],
    ['adequate', dibaoHousehold, 'unlikely'],
    ['unsafe', wellOff, 'unlikely'],
  ] as const)('should give housing for a %s home → %s', (housing, make, expected) => {
    expect(verdict(make({ housing }), 'housing')).toBe(expected)
  })

  it.each([
    [15, true, true, 'unlikely'],
    [16, true, true, 'likely'],
    [59, true, true, 'likely'],
    [60, true, true, 'unlikely'],
    [30, false, true, 'unlikely'],
    [30, true, false, 'unlikely'],
  ] as const)('should give employment for an edge-household member aged %s (canWork %s, unemployed %s) → %s', (age, canWork, unemployed, expected) => {
    const a = answers({ members: [member({ monthlyIncome: 2400 }), member({ relation: 'child', age, canWork, unemployed })] })
    const r = result(a, 'employment')
    expect(r.verdict).toBe(expected)
    if (expected === 'likely')
      expect(r.members).toEqual([1])
  })

  it('should give employment unlikely when the unemployed member is not in a low-income household', () => {
    expect(verdict(wellOff({}, { unemployed: true }), 'employment')).toBe('unlikely')
  })

  it.each([
    ['a well-off member with grade 2', wellOff({}, { disabilityGrade: 2 }), 'likely'],
    ['a well-off member with grade 3', wellOff({}, { disabilityGrade: 3 }), 'unlikely'],
    ['a dibao member with grade 4', dibaoHousehold({}, { disabilityGrade: 4 }), 'likely'],
    ['a dibao member without disability', dibaoHousehold(), 'unlikely'],
  ] as const)('should give disability_allowance for %s → %s', (_, a, expected) => {
    expect(verdict(a, 'disability_allowance')).toBe(expected)
  })
})

describe('diagnose: other support', () => {
  it.each([
    ['a dibao household', earning(500), 'likely'],
    ['a household receiving tekun', earning(9000, { receiving: ['tekun'] }), 'likely'],
    ['an edge household', earning(1200), 'unlikely'],
    ['a well-off household', earning(9000), 'unlikely'],
  ] as const)('should give electricity for %s → %s', (_, a, expected) => {
    expect(verdict(a, 'electricity')).toBe(expected)
  })

  it.each([
    ['a dibao household', earning(500), 'possible'],
    ['a well-off household', earning(9000), 'unlikely'],
  ] as const)('should give funeral for %s → %s', (_, a, expected) => {
    expect(verdict(a, 'funeral')).toBe(expected)
  })

  it.each(SCENARIOS)('should never find vagrant likely when diagnosing %s', (_, a) => {
    expect(verdict(a, 'vagrant')).toBe('unlikely')
  })

  it.each([
    ['a low-income adult with a serious illness', 500, 40, true, 'possible'],
    ['a well-off adult with a serious illness', 9000, 40, true, 'unlikely'],
    ['a low-income adult without illness', 500, 40, false, 'unlikely'],
  ] as const)('should give two_cancers for %s → %s', (_, income, age, seriousIllness, expected) => {
    const a = answers({ members: [member({ monthlyIncome: income, age, seriousIllness })] })
    expect(verdict(a, 'two_cancers')).toBe(expected)
  })

  it.each([
    ['a low-income woman with a serious illness', 'female', 500, 40, true, 'possible'],
    ['a low-income man with a serious illness', 'male', 500, 40, true, 'unlikely'],
    ['a well-off woman with a serious illness', 'female', 9000, 40, true, 'unlikely'],
    ['a low-income woman without illness', 'female', 500, 40, false, 'unlikely'],
    ['a low-income girl of 17 with a serious illness', 'female', 500, 17, true, 'unlikely'],
    ['a low-income woman of 18 with a serious illness', 'female', 500, 18, true, 'possible'],
  ] as const)('should give two_cancers for %s → %s', (_, sex, income, age, seriousIllness, expected) => {
    const a = answers({ members: [member({ sex, monthlyIncome: income, age, seriousIllness })] })
    expect(verdict(a, 'two_cancers')).toBe(expected)
  })

  it('should name the woman, not the man, when both are seriously ill in a low-income household', () => {
    const a = answers({ members: [member({ sex: 'male', seriousIllness: true }), member({ relation: 'spouse', sex: 'female', seriousIllness: true })] })
    const r = result(a, 'two_cancers')
    expect(r.verdict).toBe('possible')
    expect(r.members).toEqual([1])
    expect(r.reasons).toContain('低收入家庭中的妇女确诊宫颈癌或乳腺癌可申请“两癌”救助；自诊没有询问病种，请核实：第2位成员（配偶）')
    expect(r.reasons.join()).not.toContain('需为女性')
  })

  it('should keep two_cancers possible, saying it is for women, when the sex of an ill member is not known', () => {
    const a = answers({ members: [member({ seriousIllness: true })] })
    const r = result(a, 'two_cancers')
    expect(r.verdict).toBe('possible')
    expect(r.members).toEqual([0])
    expect(r.reasons).toContain('“两癌”救助需为女性，确诊宫颈癌或乳腺癌；没有填写性别，请核实：第1位成员（本人）')
  })

  it('should say in English that two_cancers is for women when the sex is not known', () => {
    const a = answers({ members: [member({ seriousIllness: true })] })
    expect(result(a, 'two_cancers', 'en').reasons.join(' ')).toContain('only for women')
  })

  it('should not find two_cancers for a man living alone whatever his income and health', () => {
    const a = answers({ members: [member({ sex: 'male', age: 72, canWork: false, seriousIllness: true, hasCapableSupporter: false })] })
    expect(verdict(a, 'dibao')).toBe('likely')
    expect(verdict(a, 'two_cancers')).toBe('unlikely')
  })

  it('should not find two_cancers for a seriously ill child when the household is low-income', () => {
    const a = answers({ members: [member({ monthlyIncome: 500 }), member({ relation: 'child', age: 10, seriousIllness: true, canWork: false })] })
    expect(verdict(a, 'two_cancers')).toBe('unlikely')
  })

  it.each([
    [6, 2, 'likely'],
    [0, 4, 'likely'],
    [7, 2, 'possible'],
    [17, 1, 'possible'],
    [18, 1, 'unlikely'],
    [3, 0, 'unlikely'],
  ] as const)('should give child_rehab for a child aged %s with grade %s → %s', (age, disabilityGrade, expected) => {
    const a = earning(9000, { members: [member({ monthlyIncome: 9000 }), member({ relation: 'child', age, disabilityGrade, canWork: false })] })
    const r = result(a, 'child_rehab')
    expect(r.verdict).toBe(expected)
    if (expected !== 'unlikely')
      expect(r.members).toEqual([1])
  })

  it.each([
    ['a minor alone without a supporter', [member({ age: 12, canWork: false, hasCapableSupporter: false })], 'possible'],
    ['a grandchild with grandparents only', [member({ age: 70 }), member({ relation: 'grandchild', age: 8, canWork: false, hasCapableSupporter: false })], 'possible'],
    ['a child whose only parent is severely disabled', [member({ disabilityGrade: 1, canWork: false }), member({ relation: 'child', age: 8, canWork: false, hasCapableSupporter: false })], 'possible'],
    ['a child living with a healthy parent', [member(), member({ relation: 'child', age: 8, canWork: false, hasCapableSupporter: false })], 'unlikely'],
    ['a minor with a capable supporter', [member({ age: 12, canWork: false, hasCapableSupporter: true })], 'unlikely'],
    ['an adult without a supporter', [member({ age: 18, hasCapableSupporter: false })], 'unlikely'],
  ] as const)('should give orphan for %s → %s', (_, members, expected) => {
    expect(verdict(answers({ members: [...members] }), 'orphan')).toBe(expected)
  })
})

describe('diagnose: wording', () => {
  it.each([
    ['zh-CN', 820, '家庭人均月收入 820 元，低于本地低保标准 886 元'],
    ['en', 820, 'Household income per person is 820 yuan a month, below the local dibao standard of 886 yuan'],
    ['zh-CN', 886, '家庭人均月收入 886 元，不低于本地低保标准 886 元'],
    ['en', 886, 'Household income per person is 886 yuan a month, not below the local dibao standard of 886 yuan'],
  ] as const)('should name both figures in %s when income is %s', (lang, income, reason) => {
    expect(result(earning(income), 'dibao', lang).reasons).toContain(reason)
  })

  it.each([
    ['zh-CN', '家庭人均月收入 1000 元，不超过低保边缘标准 1772 元（低保标准 886 元的 2 倍）'],
    ['en', 'Household income per person is 1000 yuan a month, within the dibao-edge line of 1772 yuan (2 × the dibao standard of 886 yuan)'],
  ] as const)('should name the edge line and its multiple in %s when income is in the edge band', (lang, reason) => {
    expect(result(earning(1000), 'dibao_edge', lang).reasons).toContain(reason)
  })

  it.each([
    ['zh-CN', '666.67'],
    ['en', '666.67'],
  ] as const)('should show two decimals in %s when the per-capita income is not whole', (lang, shown) => {
    const a = answers({ members: [member({ monthlyIncome: 2000 }), member({ relation: 'spouse' }), member({ relation: 'child', age: 5, canWork: false })] })
    expect(result(a, 'dibao', lang).reasons.join('\n')).toContain(shown)
  })

  // Members are listed with the list separator, each member's details with a comma.
  it.each([
    ['zh-CN', [
      '0–6 岁残疾儿童可申请残疾儿童康复救助：第2位成员（子女，5 岁，二级残疾）',
      '7–17 岁残疾儿童：不少地方已将康复救助扩大到更大年龄，请向残联咨询：第3位成员（孙子女/外孙子女，12 岁，四级残疾）',
    ]],
    ['zh-TW', [
      '0–6 歲殘疾兒童可申請殘疾兒童康復救助：第2位成員（子女，5 歲，二級殘疾）',
      '7–17 歲殘疾兒童：不少地方已將康復救助擴大到更大年齡，請向殘聯諮詢：第3位成員（孫子女/外孫子女，12 歲，四級殘疾）',
    ]],
    ['en', [
      'Disabled children aged 0–6 can get rehabilitation aid: member 2 (child, aged 5, disability grade 2)',
      'Disabled children aged 7–17: many places extend rehabilitation aid to older children, ask the Disabled Persons\' Federation: member 3 (grandchild, aged 12, disability grade 4)',
    ]],
  ] as const)('should name each member with their details in %s when explaining child rehabilitation', (lang, reasons) => {
    const a = answers({ members: [member({ monthlyIncome: 9000 }), member({ relation: 'child', age: 5, disabilityGrade: 2, canWork: false }), member({ relation: 'grandchild', age: 12, disabilityGrade: 4, canWork: false })] })
    expect(result(a, 'child_rehab', lang).reasons).toEqual(reasons)
  })

  it.each([
    ['zh-CN', '一、二级重度残疾人可申请重度残疾人护理补贴，不看家庭收入：第1位成员（本人，一级残疾）；第2位成员（配偶，二级残疾）'],
    ['en', 'Members with a severe disability (grade 1–2) can get the care allowance regardless of income: member 1 (self, disability grade 1); member 2 (spouse, disability grade 2)'],
  ] as const)('should list several members with the list separator of %s', (lang, reason) => {
    const a = answers({ members: [member({ monthlyIncome: 9000, disabilityGrade: 1 }), member({ relation: 'spouse', disabilityGrade: 2 })] })
    expect(result(a, 'disability_allowance', lang).reasons).toContain(reason)
  })

  it.each([
    [1, 'zh-CN', '家庭名下有 1 辆机动车，一般不符合低保财产条件'],
    [2, 'zh-CN', '家庭名下有 2 辆机动车，一般不符合低保财产条件'],
    [1, 'en', 'The household owns 1 vehicle, which usually fails the dibao property test'],
    [2, 'en', 'The household owns 2 vehicles, which usually fails the dibao property test'],
  ] as const)('should count %s vehicles in %s when they fail the asset test', (vehicles, lang, reason) => {
    expect(result(earning(500, { assets: { depositsPerCapita: 0, vehicles, extraHousing: false } }), 'dibao', lang).reasons).toContain(reason)
  })

  it.each([
    ['zh-CN', '第1位成员（本人）为一级重度残疾人，无劳动能力，月收入 0 元，低于特困供养标准 1410 元，且没有有能力的法定赡养、抚养、扶养义务人'],
    ['en', 'Member 1 (self) has a severe disability (grade 1), cannot work, has an income of 0 yuan a month (below the tekun standard of 1410 yuan) and no legal supporter able to support them'],
  ] as const)('should name the disability grade in %s when a severely disabled adult qualifies for tekun', (lang, reason) => {
    const a = answers({ members: [member({ age: 30, disabilityGrade: 1, canWork: false, hasCapableSupporter: false })] })
    expect(result(a, 'tekun', lang).reasons).toEqual([reason])
  })
})
