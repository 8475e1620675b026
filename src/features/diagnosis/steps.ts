import type { DiagnosisAnswers } from '../../domain/diagnosis'
import type { DiagnosisDraft, MemberDraft, MoneyDraft } from './draft'
import { MAX_AGE, MAX_HOUSEHOLD_DEPOSITS, MAX_JOB_MONTHS, MAX_MEMBER_MONTHLY_INCOME, MAX_MONTHLY_EXPENSE, MAX_VEHICLES, MONTHS_PER_YEAR } from '../../domain/diagnosis/limits'
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

// The GB/T 2260 pattern, kept here: importing it from domain/regions/code would pull zod
// into the page for one regular expression.
const REGION_CODE = /^\d{6}$/

/** The members a per-member step asks about, each with its index into draft.members. */
export function askedMembers(draft: DiagnosisDraft, step: 'school' | 'work' | 'support'): { index: number, member: MemberDraft }[] {
  const test: Record<typeof step, (m: MemberDraft) => boolean> = {
    school: asksSchool,
    work: asksUnemployed,
    support: asksSupporter,
  }
  return draft.members.flatMap((member, index) => (test[step](member) ? [{ index, member }] : []))
}

/** The members a per-member step asks about (indexes into draft.members). */
export function membersAsked(draft: DiagnosisDraft, step: 'school' | 'work' | 'support'): number[] {
  return askedMembers(draft, step).map(a => a.index)
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

/**
 * Where a resumed questionnaire opens: the stored step if it still applies, else the nearest
 * earlier one; but an earlier screen with a question left open comes first (answers kept by an
 * older version never had a question added since, such as each member's sex).
 */
export function resumeStep(draft: DiagnosisDraft, stored: unknown): StepId {
  if (!isStepId(stored))
    return STEP_IDS[0]
  const at = stepApplies(draft, stored) ? stored : previousStep(draft, stored) ?? STEP_IDS[0]
  const invalid = firstInvalidStep(draft)
  return invalid !== null && STEP_IDS.indexOf(invalid) < STEP_IDS.indexOf(at) ? invalid : at
}

export interface StepPosition {
  /** 1-based place of the step in the whole questionnaire */
  index: number
  /** every step there is, whether it applies or not: known from the start, never changes */
  total: number
  /** steps before this one that did not apply to the household, passed over as done */
  skipped: number
}

/**
 * Where a step stands in the questionnaire (issue #15: the count grew while answering and the
 * bar jumped back). Every step counts, those that do not apply are passed over as done, so the
 * total never changes and going forward never moves the bar back.
 */
export function stepPosition(draft: DiagnosisDraft, current: StepId): StepPosition {
  const at = STEP_IDS.indexOf(current)
  const skipped = STEP_IDS.slice(0, at).filter(step => !stepApplies(draft, step)).length
  return { index: at + 1, total: STEP_IDS.length, skipped }
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
    if (m.sex === null)
      errors[`members.${i}.sex`] = { key: 'choose' }
    if (m.age === null)
      errors[`members.${i}.age`] = { key: 'required' }
    else if (!isWholeNumber(m.age, MAX_AGE))
      errors[`members.${i}.age`] = { key: 'ageRange', params: { max: MAX_AGE } }
  })
}

/** The most a money field takes as typed: a monthly limit, twelve times that per year. */
export function moneyMax(monthlyMax: number, money: Pick<MoneyDraft, 'period'>): number {
  return money.period === 'year' ? monthlyMax * MONTHS_PER_YEAR : monthlyMax
}

function validateIncome(draft: DiagnosisDraft, errors: StepErrors) {
  draft.members.forEach((m, i) => {
    if (m.income.amount === null)
      errors[`members.${i}.income`] = { key: 'incomeRequired' }
    else
      validateMoney(errors, `members.${i}.income`, m.income.amount, moneyMax(MAX_MEMBER_MONTHLY_INCOME, m.income))
    if (asksJobMonths(draft, m) && m.jobStartedMonthsAgo !== null && !isWholeNumber(m.jobStartedMonthsAgo, MAX_JOB_MONTHS))
      errors[`members.${i}.jobStartedMonthsAgo`] = { key: 'wholeNumberRange', params: { max: MAX_JOB_MONTHS } }
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

/** Amounts kept by an older version or carried from a kiosk may be out of range: say so, never clamp. */
function validateMoney(errors: StepErrors, field: string, amount: number | null, max: number) {
  if (amount === null)
    return
  if (!Number.isFinite(amount) || amount < 0)
    errors[field] = { key: 'notNegative' }
  else if (amount > max)
    errors[field] = { key: 'tooLargeMoney', params: { max } }
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
        validateMoney(errors, 'depositsTotal', draft.depositsTotal, MAX_HOUSEHOLD_DEPOSITS)
      if (!isWholeNumber(draft.vehicles))
        errors.vehicles = { key: 'wholeNumber' }
      else if (draft.vehicles > MAX_VEHICLES)
        errors.vehicles = { key: 'wholeNumberRange', params: { max: MAX_VEHICLES } }
      requireAnswer(draft, errors, 'extraHousing')
      break
    case 'expenses':
      validateMoney(errors, 'medical', draft.medical.amount, moneyMax(MAX_MONTHLY_EXPENSE, draft.medical))
      validateMoney(errors, 'education', draft.education.amount, moneyMax(MAX_MONTHLY_EXPENSE, draft.education))
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
