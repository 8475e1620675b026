import { z } from 'zod'
import { regionCodeSchema } from '../regions/schema'
import { DISABILITY_GRADES, HOUSING_SITUATIONS, RECEIVABLE_ITEMS, RELATIONS, STUDENT_LEVELS } from './options'

// Answers of the self-diagnosis questionnaire (社会救助自诊). Money is yuan per month
// unless named otherwise. Extend only with optional fields: stored answers must stay valid.

const MAX_AGE = 130
const MIN_MEMBERS = 1
const MAX_MEMBERS = 20

const money = z.number().min(0)

export const memberSchema = z.object({
  relation: z.enum(RELATIONS),
  age: z.number().int().min(0).max(MAX_AGE),
  monthlyIncome: money,
  canWork: z.boolean(),
  disabilityGrade: z.literal(DISABILITY_GRADES),
  seriousIllness: z.boolean(),
  student: z.enum(STUDENT_LEVELS),
  unemployed: z.boolean(),
  hasCapableSupporter: z.boolean(),
  /** months since the member's current job or business started; absent = no new job */
  jobStartedMonthsAgo: z.number().int().min(0).optional(),
})

export const diagnosisAnswersSchema = z.object({
  region: regionCodeSchema,
  receiving: z.array(z.enum(RECEIVABLE_ITEMS)),
  members: z.array(memberSchema).min(MIN_MEMBERS).max(MAX_MEMBERS),
  assets: z.object({
    depositsPerCapita: money,
    vehicles: z.number().int().min(0),
    extraHousing: z.boolean(),
  }),
  monthlyRigidExpenses: z.object({
    medical: money,
    education: money,
  }),
  events: z.object({
    suddenHardship: z.boolean(),
    disaster: z.boolean(),
  }),
  housing: z.enum(HOUSING_SITUATIONS),
})

export type DiagnosisAnswers = z.infer<typeof diagnosisAnswersSchema>
export type DiagnosisMember = z.infer<typeof memberSchema>

export { DISABILITY_GRADES, HOUSING_SITUATIONS, RECEIVABLE_ITEMS, RELATIONS, STUDENT_LEVELS }
export type { HousingSituation, ReceivableItem, Relation, StudentLevel } from './options'
