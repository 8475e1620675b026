import type { DiagnosisDraft, MemberDraft } from './draft'
import type { StepId } from './steps'
import { describe, expect, it } from 'vitest'
import { createMember, emptyDraft } from './draft'
import { applicableSteps, completeAnswers, firstInvalidStep, membersAsked, nextStep, previousStep, resumeStep, STEP_IDS, stepPosition, validateStep } from './steps'

function member(over: Partial<MemberDraft> = {}): MemberDraft {
  return { ...createMember('self'), sex: 'female', income: { amount: 0, period: 'month' }, canWork: false, seriousIllness: false, hasCapableSupporter: false, ...over }
}

function draft(over: Partial<DiagnosisDraft> = {}): DiagnosisDraft {
  return {
    ...emptyDraft(),
    region: '330106',
    members: [member({ age: 72 })],
    depositsTotal: 0,
    extraHousing: false,
    suddenHardship: false,
    disaster: false,
    housing: 'adequate',
    ...over,
  }
}

describe('applicableSteps', () => {
  it('should skip school, work and support questions when nobody they concern lives here', () => {
    const d = draft({ members: [member({ age: 40, canWork: false })] })
    expect(applicableSteps(d)).toEqual(['region', 'members', 'receiving', 'income', 'health', 'assets', 'expenses', 'events', 'housing'])
  })

  it('should ask an elderly person living alone who cannot work about support, not about school or work', () => {
    const steps = applicableSteps(draft())
    expect(steps).toContain('support')
    expect(steps).not.toContain('school')
    expect(steps).not.toContain('work')
  })

  it('should ask every step for a family with a pupil, an unemployed adult and a grandparent', () => {
    const d = draft({
      members: [
        member({ age: 40, canWork: true }),
        member({ relation: 'child', age: 10 }),
        member({ relation: 'parent', age: 70, canWork: false }),
      ],
    })
    expect(applicableSteps(d)).toEqual([...STEP_IDS])
  })

  it('should ask nothing per member whose age is not known yet', () => {
    const d = draft({ members: [member({ age: null })] })
    expect(membersAsked(d, 'school')).toEqual([])
    expect(membersAsked(d, 'support')).toEqual([])
  })
})

describe('membersAsked', () => {
  it.each<[string, Partial<MemberDraft>, boolean]>([
    ['a child of 2', { age: 2 }, false],
    ['a child of 3', { age: 3 }, true],
    ['a student of 24', { age: 24 }, true],
    ['an adult of 25', { age: 25 }, false],
  ])('should ask about school for %s: %s', (_, over, asked) => {
    expect(membersAsked(draft({ members: [member(over)] }), 'school')).toEqual(asked ? [0] : [])
  })

  it.each<[string, Partial<MemberDraft>, boolean]>([
    ['a 15-year-old', { age: 15, canWork: null }, false],
    ['a 16-year-old who can work', { age: 16, canWork: true }, true],
    ['a 59-year-old who can work', { age: 59, canWork: true }, true],
    ['a 60-year-old who can work', { age: 60, canWork: true }, false],
    ['a 40-year-old who cannot work', { age: 40, canWork: false }, false],
  ])('should ask about unemployment for %s: %s', (_, over, asked) => {
    expect(membersAsked(draft({ members: [member(over)] }), 'work')).toEqual(asked ? [0] : [])
  })

  it.each<[string, Partial<MemberDraft>, boolean]>([
    ['a minor of 17 (orphan and tekun rules)', { age: 17, canWork: true }, true],
    ['an adult of 18 who cannot work', { age: 18, canWork: false }, false],
    ['a 59-year-old who cannot work', { age: 59, canWork: false }, false],
    ['a 60-year-old who cannot work', { age: 60, canWork: false }, true],
    ['a 60-year-old who can work', { age: 60, canWork: true }, false],
    ['a 40-year-old with grade 2 disability who cannot work', { age: 40, canWork: false, disabilityGrade: 2 }, true],
    ['a 40-year-old with grade 3 disability who cannot work', { age: 40, canWork: false, disabilityGrade: 3 }, false],
  ])('should ask about a capable supporter for %s: %s', (_, over, asked) => {
    expect(membersAsked(draft({ members: [member(over)] }), 'support')).toEqual(asked ? [0] : [])
  })
})

describe('nextStep and previousStep', () => {
  const single = draft()

  it.each<[StepId, StepId | null]>([
    ['region', 'members'],
    ['health', 'support'],
    ['support', 'assets'],
    ['housing', null],
  ])('should go from %s to %s for an elderly person living alone', (from, to) => {
    expect(nextStep(single, from)).toBe(to)
  })

  it.each<[StepId, StepId | null]>([
    ['region', null],
    ['assets', 'support'],
    ['support', 'health'],
  ])('should go back from %s to %s for an elderly person living alone', (from, to) => {
    expect(previousStep(single, from)).toBe(to)
  })

  it('should count every step, the skipped ones as passed', () => {
    expect(stepPosition(single, 'health')).toEqual({ index: 5, total: 12, skipped: 0 })
    expect(stepPosition(single, 'support')).toEqual({ index: 8, total: 12, skipped: 2 })
    expect(stepPosition(single, 'housing')).toEqual({ index: 12, total: 12, skipped: 2 })
  })
})

describe('stepPosition', () => {
  const households: [string, DiagnosisDraft][] = [
    ['nobody filled in yet', emptyDraft()],
    ['an elderly person living alone', draft()],
    ['an adult of 40 who cannot work', draft({ members: [member({ age: 40, canWork: false })] })],
    ['a family with a pupil, an unemployed adult and a grandparent', draft({
      members: [member({ age: 40, canWork: true }), member({ relation: 'child', age: 10 }), member({ relation: 'parent', age: 70, canWork: false })],
    })],
  ]

  it.each(households)('should give the same total on every step for %s', (_, d) => {
    expect(new Set(STEP_IDS.map(step => stepPosition(d, step).total))).toEqual(new Set([STEP_IDS.length]))
  })

  it.each(households)('should move forward on every next step for %s', (_, d) => {
    let step: StepId | null = STEP_IDS[0]
    let last = 0
    while (step) {
      const { index, total } = stepPosition(d, step)
      expect(index / total).toBeGreaterThan(last)
      last = index / total
      step = nextStep(d, step)
    }
    expect(last).toBe(1)
  })

  it('should keep the total when the answers add steps (a child joins) or take them away', () => {
    const alone = draft({ members: [member({ age: 40, canWork: false })] })
    const withChild = draft({ members: [member({ age: 40, canWork: false }), member({ relation: 'child', age: 9 })] })
    expect(applicableSteps(alone).length).toBeLessThan(applicableSteps(withChild).length)
    expect(stepPosition(alone, 'members')).toEqual(stepPosition(withChild, 'members'))
    expect(stepPosition(alone, 'assets').total).toBe(stepPosition(withChild, 'assets').total)
  })
})

describe('resumeStep', () => {
  it('should resume on the stored step when it still applies', () => {
    expect(resumeStep(draft(), 'income')).toBe('income')
  })

  it('should resume on the nearest earlier step when the stored one no longer applies', () => {
    expect(resumeStep(draft(), 'school')).toBe('health')
  })

  it('should resume on the members step when answers kept before the sex was asked lack it', () => {
    expect(resumeStep(draft({ members: [member({ age: 72, sex: null })] }), 'assets')).toBe('members')
  })

  it('should resume on the stored step when only later steps have open questions', () => {
    expect(resumeStep(draft({ housing: null }), 'income')).toBe('income')
  })

  it('should start at the first step when nothing usable was stored', () => {
    expect(resumeStep(draft(), 'nonsense')).toBe('region')
  })
})

describe('validateStep', () => {
  it('should accept a complete household on every step', () => {
    for (const step of applicableSteps(draft()))
      expect(validateStep(draft(), step), step).toEqual({})
  })

  it.each<[string, string, object]>([
    ['', 'regionRequired', {}],
    ['3301', 'regionFormat', {}],
    ['110101', 'regionUnknown', { code: '110101' }],
  ])('should refuse the region "%s" with %s', (region, key, params) => {
    expect(validateStep(draft({ region }), 'region')).toEqual({ region: Object.keys(params).length ? { key, params } : { key } })
  })

  it('should accept a county whose city has figures', () => {
    expect(validateStep(draft({ region: '440106' }), 'region')).toEqual({})
  })

  it('should name the member and field when age or relation is missing', () => {
    const d = draft({ members: [member({ age: 72 }), createMember()] })
    expect(validateStep(d, 'members')).toEqual({
      'members.1.relation': { key: 'required' },
      'members.1.sex': { key: 'choose' },
      'members.1.age': { key: 'required' },
    })
  })

  it('should ask the sex of the person filling in too', () => {
    expect(validateStep(draft({ members: [member({ age: 72, sex: null })] }), 'members')).toEqual({ 'members.0.sex': { key: 'choose' } })
  })

  it.each([131, 1.5])('should refuse the age %s', (age) => {
    expect(validateStep(draft({ members: [member({ age })] }), 'members')).toEqual({ 'members.0.age': { key: 'ageRange', params: { max: 130 } } })
  })

  it('should ask for an income even when it is 0', () => {
    const d = draft({ members: [member({ age: 72, income: { amount: null, period: 'month' } })] })
    expect(validateStep(d, 'income')).toEqual({ 'members.0.income': { key: 'incomeRequired' } })
  })

  it.each<[number, 'month' | 'year', boolean]>([
    [1_000_000, 'month', true],
    [1_000_000.01, 'month', false],
    [12_000_000, 'year', true],
    [12_000_001, 'year', false],
    [1e12, 'month', false],
  ])('should take an income of %s a %s: %s', (amount, period, ok) => {
    const d = draft({ members: [member({ age: 72, income: { amount, period } })] })
    expect(validateStep(d, 'income')).toEqual(ok ? {} : { 'members.0.income': { key: 'tooLargeMoney', params: { max: period === 'year' ? 12_000_000 : 1_000_000 } } })
  })

  it('should refuse savings of 10^12 and more than 20 vehicles kept by an older version', () => {
    expect(validateStep(draft({ depositsTotal: 1e12, vehicles: 21 }), 'assets')).toEqual({
      depositsTotal: { key: 'tooLargeMoney', params: { max: 50_000_000 } },
      vehicles: { key: 'wholeNumberRange', params: { max: 20 } },
    })
  })

  it('should refuse medical costs above the monthly limit', () => {
    expect(validateStep(draft({ medical: { amount: 1_000_001, period: 'month' } }), 'expenses')).toEqual({
      medical: { key: 'tooLargeMoney', params: { max: 1_000_000 } },
    })
  })

  it('should refuse a negative income', () => {
    const d = draft({ members: [member({ age: 72, income: { amount: -5, period: 'year' } })] })
    expect(validateStep(d, 'income')).toEqual({ 'members.0.income': { key: 'notNegative' } })
  })

  it('should require the yes/no answers a step shows, and only those', () => {
    const d = draft({ members: [member({ age: 10, canWork: null, seriousIllness: null, hasCapableSupporter: null })] })
    expect(validateStep(d, 'health')).toEqual({ 'members.0.seriousIllness': { key: 'choose' } })
    expect(validateStep(d, 'school')).toEqual({ 'members.0.student': { key: 'choose' } })
    expect(validateStep(d, 'support')).toEqual({ 'members.0.hasCapableSupporter': { key: 'choose' } })
  })

  it('should require deposits and the extra-housing answer on the assets step', () => {
    expect(validateStep(draft({ depositsTotal: null, extraHousing: null, vehicles: null }), 'assets')).toEqual({
      depositsTotal: { key: 'depositsRequired' },
      vehicles: { key: 'wholeNumber' },
      extraHousing: { key: 'choose' },
    })
  })

  it('should let expenses stay empty', () => {
    expect(validateStep(draft(), 'expenses')).toEqual({})
  })
})

describe('firstInvalidStep', () => {
  it('should find nothing to fix in a complete household', () => {
    expect(firstInvalidStep(draft())).toBeNull()
  })

  it('should point at the earliest screen with a missing answer', () => {
    const d = draft({ members: [member({ age: 72 }), member({ relation: 'spouse', age: 70, seriousIllness: null })] })
    expect(firstInvalidStep(d)).toBe('health')
  })
})

describe('completeAnswers', () => {
  it('should give the engine\'s answers once every screen is complete', () => {
    expect(completeAnswers(draft())).toMatchObject({ region: '330106', members: [{ age: 72 }] })
  })

  it.each<[string, Partial<DiagnosisDraft>]>([
    ['an age is missing', { members: [member({ age: null })] }],
    ['the region is not a code', { region: '33' }],
    ['a shown question is not answered', { members: [member({ age: 72, hasCapableSupporter: null })] }],
  ])('should give null while %s', (_, over) => {
    expect(completeAnswers(draft(over))).toBeNull()
  })
})
