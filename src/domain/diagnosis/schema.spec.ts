import type { DiagnosisAnswers } from './schema'
import { describe, expect, it } from 'vitest'
import { diagnosisAnswersSchema } from './schema'

function valid(): DiagnosisAnswers {
  return {
    region: '330106',
    receiving: ['dibao_edge'],
    members: [
      { relation: 'self', age: 45, monthlyIncome: 1800.5, canWork: true, disabilityGrade: 0, seriousIllness: false, student: 'none', unemployed: false, hasCapableSupporter: true, jobStartedMonthsAgo: 3 },
      { relation: 'child', age: 10, monthlyIncome: 0, canWork: false, disabilityGrade: 2, seriousIllness: false, student: 'compulsory', unemployed: false, hasCapableSupporter: true },
    ],
    assets: { depositsPerCapita: 5000, vehicles: 0, extraHousing: false },
    monthlyRigidExpenses: { medical: 300, education: 0 },
    events: { suddenHardship: false, disaster: false },
    housing: 'renting_hardship',
  }
}

type Mutation = (a: any) => void

describe('diagnosisAnswersSchema', () => {
  it('should accept the answers when every field is valid', () => {
    const result = diagnosisAnswersSchema.safeParse(valid())
    expect(result.success).toBe(true)
  })

  it.each<[string, Mutation]>([
    ['jobStartedMonthsAgo is missing', (a) => { delete a.members[0].jobStartedMonthsAgo }],
    ['age is 0', (a) => { a.members[0].age = 0 }],
    ['age is 130', (a) => { a.members[0].age = 130 }],
    ['income is 0', (a) => { a.members[0].monthlyIncome = 0 }],
    ['jobStartedMonthsAgo is 0', (a) => { a.members[0].jobStartedMonthsAgo = 0 }],
    ['there are 20 members', (a) => { a.members = Array.from({ length: 20 }, () => a.members[0]) }],
    ['receiving is empty', (a) => { a.receiving = [] }],
    ['receiving lists all three', (a) => { a.receiving = ['dibao', 'dibao_edge', 'tekun'] }],
    ['disability grade is 4', (a) => { a.members[0].disabilityGrade = 4 }],
    ['sex is female', (a) => { a.members[0].sex = 'female' }],
    ['sex is male', (a) => { a.members[0].sex = 'male' }],
    ['sex is missing (answers given before it was asked)', (a) => { delete a.members[0].sex }],
    ['income is the most allowed', (a) => { a.members[0].monthlyIncome = 1_000_000 }],
    ['deposits are the most allowed', (a) => { a.assets.depositsPerCapita = 50_000_000 }],
    ['there are 20 vehicles', (a) => { a.assets.vehicles = 20 }],
    ['medical expense is the most allowed', (a) => { a.monthlyRigidExpenses.medical = 1_000_000 }],
    ['the new job started 600 months ago', (a) => { a.members[0].jobStartedMonthsAgo = 600 }],
  ])('should accept the answers when %s', (_, mutate) => {
    const answers = valid()
    mutate(answers)
    expect(diagnosisAnswersSchema.safeParse(answers).success).toBe(true)
  })

  it.each<[string, Mutation]>([
    ['region has 5 digits', (a) => { a.region = '33010' }],
    ['region has 7 digits', (a) => { a.region = '3301060' }],
    ['region is not digits', (a) => { a.region = 'abcdef' }],
    ['region is a number', (a) => { a.region = 330106 }],
    ['receiving holds another item', (a) => { a.receiving = ['medical'] }],
    ['there are no members', (a) => { a.members = [] }],
    ['there are 21 members', (a) => { a.members = Array.from({ length: 21 }, () => a.members[0]) }],
    ['relation is unknown', (a) => { a.members[0].relation = 'cousin' }],
    ['age is 200', (a) => { a.members[0].age = 200 }],
    ['age is 131', (a) => { a.members[0].age = 131 }],
    ['age is negative', (a) => { a.members[0].age = -1 }],
    ['age is not an integer', (a) => { a.members[0].age = 1.5 }],
    ['income is negative', (a) => { a.members[0].monthlyIncome = -1 }],
    ['income is a string', (a) => { a.members[0].monthlyIncome = '1000' }],
    ['income is infinite', (a) => { a.members[0].monthlyIncome = Number.POSITIVE_INFINITY }],
    ['income is NaN', (a) => { a.members[0].monthlyIncome = Number.NaN }],
    ['canWork is missing', (a) => { delete a.members[0].canWork }],
    ['disability grade is 5', (a) => { a.members[0].disabilityGrade = 5 }],
    ['disability grade is a string', (a) => { a.members[0].disabilityGrade = '1' }],
    ['student level is unknown', (a) => { a.members[0].student = 'university' }],
    ['jobStartedMonthsAgo is negative', (a) => { a.members[0].jobStartedMonthsAgo = -1 }],
    ['jobStartedMonthsAgo is not an integer', (a) => { a.members[0].jobStartedMonthsAgo = 2.5 }],
    ['deposits are negative', (a) => { a.assets.depositsPerCapita = -0.01 }],
    ['vehicles are negative', (a) => { a.assets.vehicles = -1 }],
    ['vehicles are not an integer', (a) => { a.assets.vehicles = 0.5 }],
    ['extraHousing is missing', (a) => { delete a.assets.extraHousing }],
    ['medical expense is negative', (a) => { a.monthlyRigidExpenses.medical = -5 }],
    ['education expense is missing', (a) => { delete a.monthlyRigidExpenses.education }],
    ['events are missing', (a) => { delete a.events }],
    ['housing is unknown', (a) => { a.housing = 'mansion' }],
    ['sex is unknown', (a) => { a.members[0].sex = 'f' }],
    ['sex is null', (a) => { a.members[0].sex = null }],
    ['income is above 1 000 000 a month', (a) => { a.members[0].monthlyIncome = 1_000_000.01 }],
    ['income is 10^12', (a) => { a.members[0].monthlyIncome = 1e12 }],
    ['deposits per person are 10^12', (a) => { a.assets.depositsPerCapita = 1e12 }],
    ['deposits per person are above 50 000 000', (a) => { a.assets.depositsPerCapita = 50_000_001 }],
    ['there are 21 vehicles', (a) => { a.assets.vehicles = 21 }],
    ['medical expense is 10^12', (a) => { a.monthlyRigidExpenses.medical = 1e12 }],
    ['education expense is above 1 000 000', (a) => { a.monthlyRigidExpenses.education = 1_000_001 }],
    ['the new job started 601 months ago', (a) => { a.members[0].jobStartedMonthsAgo = 601 }],
  ])('should reject the answers when %s', (_, mutate) => {
    const answers = valid()
    mutate(answers)
    expect(diagnosisAnswersSchema.safeParse(answers).success).toBe(false)
  })

  it('should report the path of the bad field when a member age is out of range', () => {
    const answers = valid() as any
    answers.members[1].age = 200
    const result = diagnosisAnswersSchema.safeParse(answers)
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path).toEqual(['members', 1, 'age'])
  })
})
