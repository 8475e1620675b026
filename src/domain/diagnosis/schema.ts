import { z } from 'zod'
import { regionCodeSchema } from '../regions/schema'
import { MAX_AGE, MAX_HOUSEHOLD_DEPOSITS, MAX_JOB_MONTHS, MAX_MEMBER_MONTHLY_INCOME, MAX_MONTHLY_EXPENSE, MAX_VEHICLES } from './limits'
import { DISABILITY_GRADES, HOUSING_SITUATIONS, RECEIVABLE_ITEMS, RELATIONS, SEXES, STUDENT_LEVELS } from './options'

// Answers of the self-diagnosis questionnaire (社会救助自诊). Money is yuan per month
// unless named otherwise. Extend only with optional fields: stored answers must stay valid.
// Amounts above the limits (limits.ts) are typing errors and refused, as the questionnaire does.

const MIN_MEMBERS = 1
const MAX_MEMBERS = 20

const money = (max: number) => z.number().min(0).max(max)

export const memberSchema = z.object({
  relation: z.enum(RELATIONS),
  /** absent in answers given before the question was asked: unknown, never assumed */
  sex: z.enum(SEXES).optional(),
  age: z.number().int().min(0).max(MAX_AGE),
  monthlyIncome: money(MAX_MEMBER_MONTHLY_INCOME),
  canWork: z.boolean(),
  disabilityGrade: z.literal(DISABILITY_GRADES),
  seriousIllness: z.boolean(),
  student: z.enum(STUDENT_LEVELS),
  unemployed: z.boolean(),
  hasCapableSupporter: z.boolean(),
  /** months since the member's current job or business started; absent = no new job */
  jobStartedMonthsAgo: z.number().int().min(0).max(MAX_JOB_MONTHS).optional(),
})

export const diagnosisAnswersSchema = z.object({
  region: regionCodeSchema,
  receiving: z.array(z.enum(RECEIVABLE_ITEMS)),
  members: z.array(memberSchema).min(MIN_MEMBERS).max(MAX_MEMBERS),
  assets: z.object({
    depositsPerCapita: money(MAX_HOUSEHOLD_DEPOSITS),
    vehicles: z.number().int().min(0).max(MAX_VEHICLES),
    extraHousing: z.boolean(),
  }),
  monthlyRigidExpenses: z.object({
    medical: money(MAX_MONTHLY_EXPENSE),
    education: money(MAX_MONTHLY_EXPENSE),
  }),
  events: z.object({
    suddenHardship: z.boolean(),
    disaster: z.boolean(),
  }),
  housing: z.enum(HOUSING_SITUATIONS),
})

export type DiagnosisAnswers = z.infer<typeof diagnosisAnswersSchema>
export type DiagnosisMember = z.infer<typeof memberSchema>

export { DISABILITY_GRADES, HOUSING_SITUATIONS, RECEIVABLE_ITEMS, RELATIONS, SEXES, STUDENT_LEVELS }
export type { HousingSituation, ReceivableItem, Relation, Sex, StudentLevel } from './options'
