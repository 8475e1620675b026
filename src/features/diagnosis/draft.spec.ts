import type { DiagnosisDraft, MemberDraft } from './draft'
import { describe, expect, it } from 'vitest'
import { diagnose, diagnosisAnswersSchema } from '../../domain/diagnosis'
import { resolveRegion } from '../../domain/regions'
import { createMember, emptyDraft, monthly, parseDraft, toAnswers } from './draft'

function member(over: Partial<MemberDraft> = {}): MemberDraft {
  return { ...createMember('self'), sex: 'female', age: 72, income: { amount: 600, period: 'month' }, canWork: false, seriousIllness: true, hasCapableSupporter: false, ...over }
}

function complete(over: Partial<DiagnosisDraft> = {}): DiagnosisDraft {
  return {
    ...emptyDraft(),
    region: '330106',
    members: [member()],
    depositsTotal: 3000,
    extraHousing: false,
    suddenHardship: false,
    disaster: false,
    housing: 'adequate',
    ...over,
  }
}

describe('monthly', () => {
  it.each<[number | null, 'month' | 'year', number]>([
    [600, 'month', 600],
    [7200, 'year', 600],
    [1000, 'year', 83.33],
    [null, 'month', 0],
  ])('should turn %s per %s into %s a month', (amount, period, expected) => {
    expect(monthly({ amount, period })).toBe(expected)
  })
})

describe('toAnswers', () => {
  it('should give the engine\'s answers for an elderly person living alone', () => {
    expect(toAnswers(complete())).toEqual({
      region: '330106',
      receiving: [],
      members: [{ relation: 'self', sex: 'female', age: 72, monthlyIncome: 600, canWork: false, disabilityGrade: 0, seriousIllness: true, student: 'none', unemployed: false, hasCapableSupporter: false }],
      assets: { depositsPerCapita: 3000, vehicles: 0, extraHousing: false },
      monthlyRigidExpenses: { medical: 0, education: 0 },
      events: { suddenHardship: false, disaster: false },
      housing: 'adequate',
    })
  })

  it('should convert yearly income and divide the household\'s savings per person', () => {
    const answers = toAnswers(complete({
      members: [member({ income: { amount: 12_000, period: 'year' } }), member({ relation: 'spouse', age: 70, income: { amount: 0, period: 'month' } })],
      depositsTotal: 9001,
    }))!
    expect(answers.members.map(m => m.monthlyIncome)).toEqual([1000, 0])
    expect(answers.assets.depositsPerCapita).toBe(4500.5)
  })

  it('should give unasked questions the answer that cannot change a verdict', () => {
    const answers = toAnswers(complete({ members: [member({ age: 40, canWork: null, student: 'college', unemployed: true, hasCapableSupporter: null })] }))!
    // 40: not school age, and unemployment is only asked of members who can work
    expect(answers.members[0]).toMatchObject({ canWork: false, student: 'none', unemployed: false, hasCapableSupporter: true })
  })

  it('should count education costs only with a pupil in the household', () => {
    const withoutPupil = toAnswers(complete({ education: { amount: 500, period: 'month' } }))!
    expect(withoutPupil.monthlyRigidExpenses.education).toBe(0)
    const withPupil = toAnswers(complete({
      members: [member(), member({ relation: 'grandchild', age: 12, student: 'compulsory', hasCapableSupporter: true })],
      education: { amount: 6000, period: 'year' },
    }))!
    expect(withPupil.monthlyRigidExpenses.education).toBe(500)
  })

  it('should keep the months in a new job only for a household receiving dibao', () => {
    const job = member({ age: 30, canWork: true, unemployed: false, jobStartedMonthsAgo: 3, income: { amount: 2000, period: 'month' } })
    expect(toAnswers(complete({ members: [job] }))!.members[0].jobStartedMonthsAgo).toBeUndefined()
    expect(toAnswers(complete({ members: [job], receiving: ['dibao'] }))!.members[0].jobStartedMonthsAgo).toBe(3)
  })

  it('should leave the sex out, as unknown, when it was not given', () => {
    expect(toAnswers(complete({ members: [member({ sex: null })] }))!.members[0]).not.toHaveProperty('sex')
  })

  it.each<[string, Partial<DiagnosisDraft>]>([
    ['the housing is not answered', { housing: null }],
    ['the deposits are not answered', { depositsTotal: null }],
    ['an event is not answered', { disaster: null }],
  ])('should give null while %s', (_, over) => {
    expect(toAnswers(complete(over))).toBeNull()
  })

  it.each<[string, Partial<DiagnosisDraft>]>([
    ['an elderly person', {}],
    ['a family with a pupil, an unemployed adult and yearly figures', {
      receiving: ['dibao'],
      members: [
        member({ age: 45, canWork: true, unemployed: true, seriousIllness: false, income: { amount: 30_000, period: 'year' }, jobStartedMonthsAgo: 4 }),
        member({ relation: 'child', age: 15, student: 'high_school', seriousIllness: false, hasCapableSupporter: true, income: { amount: 0, period: 'month' } }),
      ],
      medical: { amount: 1200, period: 'year' },
      education: { amount: 300, period: 'month' },
      housing: 'renting_hardship',
    }],
  ])('should give answers the API accepts for %s', (_, over) => {
    const answers = toAnswers(complete(over))
    expect(diagnosisAnswersSchema.safeParse(answers).success).toBe(true)
  })

  it('should find dibao and medical assistance likely for the e2e household', () => {
    const answers = toAnswers(complete())!
    const results = diagnose(answers, resolveRegion(answers.region)!)
    const verdicts = Object.fromEntries(results.map(r => [r.item, r.verdict]))
    expect(verdicts).toMatchObject({ dibao: 'likely', medical: 'likely', tekun: 'likely' })
  })
})

describe('parseDraft', () => {
  it('should read back what it stored', () => {
    const d = complete({ receiving: ['tekun'] })
    expect(parseDraft(structuredClone(d))).toEqual(d)
  })

  it('should ask again what an older or damaged record cannot answer', () => {
    const parsed = parseDraft({ region: '330106', members: [{ relation: 'cousin', age: '72', income: { amount: 10, period: 'week' } }], housing: 'castle', receiving: ['dibao', 'medical'] })
    expect(parsed.members[0]).toMatchObject({ relation: null, age: null, income: { amount: 10, period: 'month' } })
    expect(parsed.housing).toBeNull()
    expect(parsed.receiving).toEqual(['dibao'])
  })

  it('should keep the sex of each member', () => {
    const d = complete({ members: [member(), member({ relation: 'spouse', sex: 'male' })] })
    expect(parseDraft(structuredClone(d)).members.map(m => m.sex)).toEqual(['female', 'male'])
  })

  it('should ask the sex again of members stored before it was asked, or stored wrongly', () => {
    const stored = structuredClone(complete({ members: [member(), member({ relation: 'spouse' })] })) as unknown as { members: Record<string, unknown>[] }
    delete stored.members[0].sex
    stored.members[1].sex = 'F'
    const parsed = parseDraft(stored)
    expect(parsed.members.map(m => m.sex)).toEqual([null, null])
    expect(parsed.members[0]).toMatchObject({ relation: 'self', age: 72, seriousIllness: true })
  })

  it.each([null, 'text', 42, []])('should start afresh from %s', (value) => {
    expect(parseDraft(value)).toEqual(emptyDraft())
  })
})
