import type { DiagnosisAnswers } from '../../domain/diagnosis'
import type { DiagnosisDraft, MemberDraft } from './draft'
import { resolveRegion } from '../../domain/regions/resolve'
import { asksCanWork, asksJobMonths, asksSchool, asksSupporter, asksUnemployed, toAnswers } from './draft'

// The questionnaire, one topic per screen, and which screens apply to a household: no school
// questions without pupils, no unemployment question without an able member of working age.

export const STEP_IDS = [
  'region',
  'members',
  'receiving',
  'income',
  'health',
  'school',
  'work',
  'support',
  'assets',
  'expenses',
  'events',
  'housing',
] as const

export type StepId = typeof STEP_IDS[number]

export function isStepId(value: unknown): value is StepId {
  return typeof value === 'string' && (STEP_IDS as readonly string[]).includes(value)
}

const MAX_AGE = 130
// The GB/T 2260 pattern, kept here: importing it from domain/regions/code would pull zod
// into the page for one regular expression.
const REGION_CODE = /^\d{6}$/

/** The members a per-member step asks about (indexes into draft.members). */
export function membersAsked(draft: DiagnosisDraft, step: 'school' | 'work' | 'support'): number[] {
  const test: Record<typeof step, (m: MemberDraft) => boolean> = {
    school: asksSchool,
    work: asksUnemployed,
    support: asksSupporter,
  }
  return draft.members.flatMap((m, i) => (test[step](m) ? [i] : []))
}

export function stepApplies(draft: DiagnosisDraft, step: StepId): boolean {
  if (step === 'school' || step === 'work' || step === 'support')
    return membersAsked(draft, step).length > 0
  return true
}

export function applicableSteps(draft: DiagnosisDraft): StepId[] {
  return STEP_IDS.filter(step => stepApplies(draft, step))
}

/** The next screen that applies, or null after the last one (time for the result). */
export function nextStep(draft: DiagnosisDraft, current: StepId): StepId | null {
  const from = STEP_IDS.indexOf(current)
  return STEP_IDS.slice(from + 1).find(step => stepApplies(draft, step)) ?? null
}

/** The previous screen that applies, or null on the first one. */
export function previousStep(draft: DiagnosisDraft, current: StepId): StepId | null {
  const from = STEP_IDS.indexOf(current)
  return STEP_IDS.slice(0, from).reverse().find(step => stepApplies(draft, step)) ?? null
}

/** Where a resumed questionnaire opens: the stored step if it still applies, else the nearest earlier one. */
export function resumeStep(draft: DiagnosisDraft, stored: unknown): StepId {
  if (!isStepId(stored))
    return STEP_IDS[0]
  return stepApplies(draft, stored) ? stored : previousStep(draft, stored) ?? STEP_IDS[0]
}

/** 1-based position of a step among those that apply, and how many apply. */
export function stepPosition(draft: DiagnosisDraft, current: StepId): { index: number, total: number } {
  const steps = applicableSteps(draft)
  return { index: Math.max(0, steps.indexOf(current)) + 1, total: steps.length }
}

// --- validation ----------------------------------------------------------------------------

/** An i18n key under diagnosis.errors with its parameters. */
export interface StepError {
  key: string
  params?: Record<string, string | number>
}

/** Problems on one screen, by field path (members.0.age, depositsTotal…). Empty = go on. */
export type StepErrors = Record<string, StepError>

function isWholeNumber(value: number | null, max = Number.MAX_SAFE_INTEGER): value is number {
  return value !== null && Number.isInteger(value) && value >= 0 && value <= max
}

function validateRegion(draft: DiagnosisDraft, errors: StepErrors) {
  const code = draft.region.trim()
  if (!code)
    errors.region = { key: 'regionRequired' }
  else if (!REGION_CODE.test(code))
    errors.region = { key: 'regionFormat' }
  else if (!resolveRegion(code))
    errors.region = { key: 'regionUnknown', params: { code } }
}

function validateMembers(draft: DiagnosisDraft, errors: StepErrors) {
  draft.members.forEach((m, i) => {
    if (m.relation === null)
      errors[`members.${i}.relation`] = { key: 'required' }
    if (m.age === null)
      errors[`members.${i}.age`] = { key: 'required' }
    else if (!isWholeNumber(m.age, MAX_AGE))
      errors[`members.${i}.age`] = { key: 'ageRange', params: { max: MAX_AGE } }
  })
}

function validateIncome(draft: DiagnosisDraft, errors: StepErrors) {
  draft.members.forEach((m, i) => {
    if (m.income.amount === null)
      errors[`members.${i}.income`] = { key: 'incomeRequired' }
    else if (m.income.amount < 0)
      errors[`members.${i}.income`] = { key: 'notNegative' }
    if (asksJobMonths(draft, m) && m.jobStartedMonthsAgo !== null && !isWholeNumber(m.jobStartedMonthsAgo))
      errors[`members.${i}.jobStartedMonthsAgo`] = { key: 'wholeNumber' }
  })
}

type YesNoField = 'canWork' | 'seriousIllness' | 'unemployed' | 'hasCapableSupporter' | 'student'

function requireEach(draft: DiagnosisDraft, errors: StepErrors, field: YesNoField, asked: (m: MemberDraft) => boolean) {
  draft.members.forEach((m, i) => {
    if (asked(m) && m[field] === null)
      errors[`members.${i}.${field}`] = { key: 'choose' }
  })
}

function requireAnswer(draft: DiagnosisDraft, errors: StepErrors, field: 'extraHousing' | 'suddenHardship' | 'disaster' | 'housing') {
  if (draft[field] === null)
    errors[field] = { key: 'choose' }
}

function validateMoney(errors: StepErrors, field: string, amount: number | null) {
  if (amount !== null && amount < 0)
    errors[field] = { key: 'notNegative' }
}

export function validateStep(draft: DiagnosisDraft, step: StepId): StepErrors {
  const errors: StepErrors = {}
  switch (step) {
    case 'region':
      validateRegion(draft, errors)
      break
    case 'members':
      validateMembers(draft, errors)
      break
    case 'receiving':
      break
    case 'income':
      validateIncome(draft, errors)
      break
    case 'health':
      requireEach(draft, errors, 'canWork', asksCanWork)
      requireEach(draft, errors, 'seriousIllness', () => true)
      break
    case 'school':
      requireEach(draft, errors, 'student', asksSchool)
      break
    case 'work':
      requireEach(draft, errors, 'unemployed', asksUnemployed)
      break
    case 'support':
      requireEach(draft, errors, 'hasCapableSupporter', asksSupporter)
      break
    case 'assets':
      if (draft.depositsTotal === null)
        errors.depositsTotal = { key: 'depositsRequired' }
      else
        validateMoney(errors, 'depositsTotal', draft.depositsTotal)
      if (!isWholeNumber(draft.vehicles))
        errors.vehicles = { key: 'wholeNumber' }
      requireAnswer(draft, errors, 'extraHousing')
      break
    case 'expenses':
      validateMoney(errors, 'medical', draft.medical.amount)
      validateMoney(errors, 'education', draft.education.amount)
      break
    case 'events':
      requireAnswer(draft, errors, 'suddenHardship')
      requireAnswer(draft, errors, 'disaster')
      break
    case 'housing':
      requireAnswer(draft, errors, 'housing')
      break
  }
  return errors
}

/** The first screen (among those that apply) with a problem, to send the person back to. */
export function firstInvalidStep(draft: DiagnosisDraft): StepId | null {
  return applicableSteps(draft).find(step => Object.keys(validateStep(draft, step)).length > 0) ?? null
}

/** The engine's answers once every screen that applies is complete, else null. */
export function completeAnswers(draft: DiagnosisDraft): DiagnosisAnswers | null {
  return firstInvalidStep(draft) === null ? toAnswers(draft) : null
}
