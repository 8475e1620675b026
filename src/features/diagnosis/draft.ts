import type { DiagnosisAnswers, DiagnosisMember, HousingSituation, ReceivableItem, Relation, Sex, StudentLevel } from '../../domain/diagnosis'
import { ADULT_AGE, ELDERLY_AGE, SCHOOL_AGE_MAX, SCHOOL_AGE_MIN, WORKING_AGE_MAX, WORKING_AGE_MIN } from '../../domain/age'
import { HOUSING_SITUATIONS, RECEIVABLE_ITEMS, RELATIONS, SEXES, STUDENT_LEVELS } from '../../domain/diagnosis/options'
import { fenToYuan, yuanToFen } from '../../domain/money'

// What the questionnaire holds while a person fills it in. Unlike DiagnosisAnswers, a
// question not answered yet is null, money keeps the period it was typed in, and deposits
// are the household's total (people know that, not a per-person figure).

export type DisabilityGrade = 0 | 1 | 2 | 3 | 4
export const INCOME_PERIODS = ['month', 'year'] as const
export type IncomePeriod = typeof INCOME_PERIODS[number]

export interface MoneyDraft {
  amount: number | null
  period: IncomePeriod
}

export interface MemberDraft {
  relation: Relation | null
  /** null until asked (answers kept by an older version never had it) */
  sex: Sex | null
  age: number | null
  income: MoneyDraft
  /** months in a new job; asked only when the household receives dibao (job exemption) */
  jobStartedMonthsAgo: number | null
  canWork: boolean | null
  disabilityGrade: DisabilityGrade
  seriousIllness: boolean | null
  student: StudentLevel | null
  unemployed: boolean | null
  hasCapableSupporter: boolean | null
}

export interface DiagnosisDraft {
  region: string
  receiving: ReceivableItem[]
  members: MemberDraft[]
  depositsTotal: number | null
  vehicles: number | null
  extraHousing: boolean | null
  medical: MoneyDraft
  education: MoneyDraft
  suddenHardship: boolean | null
  disaster: boolean | null
  housing: HousingSituation | null
}

const MONTHS_PER_YEAR = 12
export const MAX_MEMBERS = 20

// Who is asked what. Ages are the engine's (domain/age.ts): 16–59 is working age, 60+ elderly,
// under 18 a minor; pupils from kindergarten (3) to the end of college (24).
const SEVERE_GRADE_LIMIT = 2

export function emptyMoney(): MoneyDraft {
  return { amount: null, period: 'month' }
}

export function createMember(relation: Relation | null = null): MemberDraft {
  return {
    relation,
    sex: null,
    age: null,
    income: emptyMoney(),
    jobStartedMonthsAgo: null,
    canWork: null,
    disabilityGrade: 0,
    seriousIllness: null,
    student: null,
    unemployed: null,
    hasCapableSupporter: null,
  }
}

export function emptyDraft(): DiagnosisDraft {
  return {
    region: '',
    receiving: [],
    members: [createMember('self')],
    depositsTotal: null,
    vehicles: 0,
    extraHousing: null,
    medical: emptyMoney(),
    education: emptyMoney(),
    suddenHardship: null,
    disaster: null,
    housing: null,
  }
}

function roundCents(value: number): number {
  return fenToYuan(yuanToFen(value))
}

/** Money per month, whatever period it was typed in; empty counts as 0. */
export function monthly(money: MoneyDraft): number {
  const amount = money.amount ?? 0
  return roundCents(money.period === 'year' ? amount / MONTHS_PER_YEAR : amount)
}

function hasAge(m: MemberDraft): m is MemberDraft & { age: number } {
  return m.age !== null
}

// --- who each per-member question applies to -------------------------------------------

/** Ability to work is asked from 16 on; younger children cannot work. */
export function asksCanWork(m: MemberDraft): boolean {
  return hasAge(m) && m.age >= WORKING_AGE_MIN
}

export function asksSchool(m: MemberDraft): boolean {
  return hasAge(m) && m.age >= SCHOOL_AGE_MIN && m.age <= SCHOOL_AGE_MAX
}

/** Unemployment only matters (employment assistance) for able members of working age. */
export function asksUnemployed(m: MemberDraft): boolean {
  return hasAge(m) && m.age >= WORKING_AGE_MIN && m.age <= WORKING_AGE_MAX && m.canWork === true
}

/**
 * A capable legal supporter decides tekun (for the elderly and the severely disabled who
 * cannot work) and orphan status (for minors); for anyone else it changes nothing.
 */
export function asksSupporter(m: MemberDraft): boolean {
  if (!hasAge(m))
    return false
  if (m.age < ADULT_AGE)
    return true
  const severe = m.disabilityGrade >= 1 && m.disabilityGrade <= SEVERE_GRADE_LIMIT
  return (m.age >= ELDERLY_AGE || severe) && m.canWork === false
}

/** The job exemption only applies to households receiving dibao, so only they are asked. */
export function asksJobMonths(draft: DiagnosisDraft, m: MemberDraft): boolean {
  return draft.receiving.includes('dibao') && (m.income.amount ?? 0) > 0
}

export function hasStudents(draft: DiagnosisDraft): boolean {
  return draft.members.some(m => asksSchool(m) && m.student !== null && m.student !== 'none')
}

// --- conversion ------------------------------------------------------------------------

function toMember(draft: DiagnosisDraft, m: MemberDraft): DiagnosisMember {
  const canWork = asksCanWork(m) ? m.canWork === true : false
  const member: DiagnosisMember = {
    relation: m.relation ?? 'other',
    age: m.age ?? -1,
    monthlyIncome: monthly(m.income),
    canWork,
    disabilityGrade: m.disabilityGrade,
    seriousIllness: m.seriousIllness === true,
    student: asksSchool(m) ? (m.student ?? 'none') : 'none',
    unemployed: asksUnemployed(m) ? m.unemployed === true : false,
    // Not asked = cannot change any verdict (see asksSupporter); true is the common case.
    hasCapableSupporter: asksSupporter(m) ? m.hasCapableSupporter === true : true,
  }
  if (m.sex !== null)
    member.sex = m.sex
  if (asksJobMonths(draft, m) && m.jobStartedMonthsAgo !== null)
    member.jobStartedMonthsAgo = m.jobStartedMonthsAgo
  return member
}

/**
 * The answers the engine (and the API) take. Unasked questions get the answer that cannot
 * change a verdict. Only meaningful for a draft that passes every step's validation: use
 * completeAnswers (steps.ts), which checks that first. Null while a household-level
 * question is unanswered. (No zod here: it would triple the page's download.)
 */
export function toAnswers(draft: DiagnosisDraft): DiagnosisAnswers | null {
  const n = draft.members.length
  if (n === 0 || draft.depositsTotal === null || draft.extraHousing === null || draft.housing === null
    || draft.suddenHardship === null || draft.disaster === null) {
    return null
  }
  const answers: DiagnosisAnswers = {
    region: draft.region,
    receiving: [...draft.receiving],
    members: draft.members.map(m => toMember(draft, m)),
    assets: {
      depositsPerCapita: roundCents(draft.depositsTotal / n),
      vehicles: draft.vehicles ?? 0,
      extraHousing: draft.extraHousing,
    },
    monthlyRigidExpenses: {
      medical: monthly(draft.medical),
      education: hasStudents(draft) ? monthly(draft.education) : 0,
    },
    events: { suddenHardship: draft.suddenHardship, disaster: draft.disaster },
    housing: draft.housing,
  }
  return answers
}

// --- reading what was stored -----------------------------------------------------------

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function oneOf<T>(values: readonly T[], value: unknown, fallback: T): T {
  return values.includes(value as T) ? value as T : fallback
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

function bool(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null
}

function money(value: unknown): MoneyDraft {
  return isObject(value) ? { amount: num(value.amount), period: oneOf(INCOME_PERIODS, value.period, 'month') } : emptyMoney()
}

const GRADES = [0, 1, 2, 3, 4] as const

function member(value: unknown): MemberDraft {
  if (!isObject(value))
    return createMember()
  return {
    relation: oneOf<Relation | null>(RELATIONS, value.relation, null),
    sex: oneOf<Sex | null>(SEXES, value.sex, null),
    age: num(value.age),
    income: money(value.income),
    jobStartedMonthsAgo: num(value.jobStartedMonthsAgo),
    canWork: bool(value.canWork),
    disabilityGrade: oneOf<DisabilityGrade>(GRADES, value.disabilityGrade, 0),
    seriousIllness: bool(value.seriousIllness),
    student: oneOf<StudentLevel | null>(STUDENT_LEVELS, value.student, null),
    unemployed: bool(value.unemployed),
    hasCapableSupporter: bool(value.hasCapableSupporter),
  }
}

/**
 * A draft stored by this or an older version of the app, field by field: what cannot be
 * read is asked again instead of breaking the questionnaire.
 */
export function parseDraft(value: unknown): DiagnosisDraft {
  if (!isObject(value))
    return emptyDraft()
  const members = Array.isArray(value.members) && value.members.length > 0
    ? value.members.slice(0, MAX_MEMBERS).map(member)
    : [createMember('self')]
  return {
    region: typeof value.region === 'string' ? value.region : '',
    receiving: Array.isArray(value.receiving) ? RECEIVABLE_ITEMS.filter(i => (value.receiving as unknown[]).includes(i)) : [],
    members,
    depositsTotal: num(value.depositsTotal),
    vehicles: num(value.vehicles) ?? 0,
    extraHousing: bool(value.extraHousing),
    medical: money(value.medical),
    education: money(value.education),
    suddenHardship: bool(value.suddenHardship),
    disaster: bool(value.disaster),
    housing: oneOf<HousingSituation | null>(HOUSING_SITUATIONS, value.housing, null),
  }
}
