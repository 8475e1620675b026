import type { Relation } from '../diagnosis/options'
import type { DepartmentCode, ItemCode } from '../items'
import type { FigureKey, ResolvedRegion } from '../regions/types'
import type { Text } from '../text'
import type { MedicalSpendingSignal, ReferralCode, Signal } from './signals'
import { ageOn, WORKING_AGE_MAX, WORKING_AGE_MIN } from '../age'
import { ITEMS } from '../items'
import { fenToYuan, formatMoney, yuanToFen } from '../money'
import { text } from '../text'
import { departmentShortKey, itemNameKey } from '../vocabulary'
import { addWorkingDays, monthsBefore } from './dates'
import { signalDay, signalKey } from './signals'

// Warning rules of active discovery (主动发现, 政策找人, issue #19): a signal about a household and
// what the office knows of it → warnings for staff to verify. A warning is a lead, never a
// decision: it names the figures it compared and suggests items and the department that acts;
// staff verify (核实) and refer (转介), as Guangdong's monitoring platform does (seed 000) and
// Zhejiang's plan asks (seed 004: 定额医疗费用支出动态预警; 死亡火化 and other household changes).
//
// Each warning has a cause key (rule, household, member, period): evaluating the same signal
// again, or a second signal of the same cause, gives the same key, so that the store can keep
// one warning per cause with a unique key.
//
// Left out: review_due (复核 due, 渐退). No signal says when a 低保 household was last reviewed or
// that its income rose; it needs a dated review record or an income feed (税务, 社保 wages) first.

export const RULE_CODES = [
  'medical_spending',
  'earner_death',
  'new_severe_disability',
  'unemployment',
  'student_hardship',
  'referral',
  'contact_request',
] as const
export type RuleCode = typeof RULE_CODES[number]

/** A rule's name, for staff lists of warnings. */
export function ruleNameKey(rule: RuleCode): string {
  return `warnings.rules.${rule}`
}

/** The region figures each rule compares or dates with (all of them give the due date). */
export const RULE_FIGURES: Record<RuleCode, readonly FigureKey[]> = {
  medical_spending: ['medicalWarningYuan', 'warningVerifyWorkingDays'],
  earner_death: ['warningVerifyWorkingDays'],
  new_severe_disability: ['warningVerifyWorkingDays'],
  unemployment: ['warningVerifyWorkingDays'],
  student_hardship: ['warningVerifyWorkingDays'],
  referral: ['warningVerifyWorkingDays'],
  contact_request: ['warningVerifyWorkingDays'],
}

/** Spending is summed over this many months before the day of evaluation. */
export const MEDICAL_WINDOW_MONTHS = 12

// 低收入人口 (policy brief §1): the statuses that make a household "low-income" for the rules below.
const LOW_INCOME: readonly ItemCode[] = ['dibao', 'dibao_edge', 'tekun', 'expense_hardship']
// Medical spending: households on 低保 or 特困 already get their compliant costs covered.
const MEDICAL_COVERED: readonly ItemCode[] = ['dibao', 'tekun']
// A death changes the household a 低保 or 边缘 amount was set for: it is reviewed (复核).
const REVIEWED_ON_DEATH: readonly ItemCode[] = ['dibao', 'dibao_edge']
// 就业救助: members of 低保, 边缘 and 支出型 households (policy brief §2).
const EMPLOYMENT_BASIS: readonly ItemCode[] = ['dibao', 'dibao_edge', 'expense_hardship']
// 教育救助: students of 低保, 特困, 边缘, 支出型 and orphan households (policy brief §2).
const EDUCATION_BASIS: readonly ItemCode[] = [...LOW_INCOME, 'orphan']
// 重度残疾人护理补贴 is for grades 1–2 whatever the income; 3–4 get 困难残疾人生活补贴 when low-income.
const SEVERE_GRADE_LIMIT = 2
// A school year starts in September (秋季学期).
const SCHOOL_YEAR_START_MONTH = 9

const REFERRAL_SUGGESTS: Record<ReferralCode, readonly ItemCode[]> = {
  serious_illness: ['medical', 'temporary'],
  no_income: ['dibao'],
  unsafe_housing: ['housing'],
  // Nobody to support or care for: 特困 requires no capable legal supporter.
  no_carer: ['tekun'],
  // A child out of school: education aid, and whether the child is in fact without carers (孤儿, 事实无人抚养).
  child_out_of_school: ['education', 'orphan'],
  other: [],
}

/** A member of the household as the office's records have it. */
export interface HouseholdMember {
  id: string
  /** "YYYY-MM-DD" */
  birthDate: string
  relation: Relation
  /** has an income from work (wages, business): who the household lives on */
  earner: boolean
}

/** An item the household holds now: for one member, or for the household when memberId is absent. */
export interface HeldItem {
  item: ItemCode
  memberId?: string
}

export interface WarningContext {
  /** the day of evaluation, in Beijing ("YYYY-MM-DD", shanghaiToday()) */
  today: string
  /** the household's region's figures in force today */
  region: ResolvedRegion
  members: readonly HouseholdMember[]
  held: readonly HeldItem[]
  /** the household's signals of at least the last 12 months; the one evaluated may be among them */
  recentSignals: readonly Signal[]
}

/** Apply for an item, or review (复核) one held. */
export type SuggestionAction = 'apply' | 'review'

export interface Suggestion {
  item: ItemCode
  action: SuggestionAction
  department: DepartmentCode
}

/** A region figure a warning used, with where it comes from. */
export interface FigureBasis {
  key: FigureKey
  value: number
  source: string
  effectiveFrom: string
  regionCode: string
}

export interface Warning {
  rule: RuleCode
  householdId: string
  memberId?: string
  /** one warning per cause: rule, household, member, period */
  causeKey: string
  /** the signal evaluated (source + external id) */
  signal: string
  /** every signal its figures were counted from (source + external id), the evaluated one included */
  evidence: string[]
  /** the numbers compared, money in fen: { spentFen, thresholdFen, months } */
  figures: Record<string, number>
  basis: FigureBasis[]
  suggestions: Suggestion[]
  /** the day the warning is raised and the day staff are to have verified it (working days) */
  raisedOn: string
  dueOn: string
  /** for staff: what happened, the figures and what to verify */
  staffText: Text
  /** for the household: plain words, no other department's details */
  householdText: Text
}

/** What a rule found, before the common parts (key, basis, dates) are added. */
interface Finding {
  rule: RuleCode
  memberId?: string
  period: string
  figures?: Record<string, number>
  /** the signals the figures add up, when more than the one evaluated (a window of bills) */
  counted?: readonly Signal[]
  suggestions: Suggestion[]
  staff: Text
  household: Text
}

function w(key: string, params?: Parameters<typeof text>[1]): Text {
  return text(`warnings.${key}`, params)
}

function money(fen: number): string {
  return formatMoney(fenToYuan(fen))
}

function holdsAny(ctx: WarningContext, items: readonly ItemCode[]): ItemCode[] {
  return items.filter(item => ctx.held.some(h => h.item === item))
}

/** Held by the household, or by this member. */
function holds(ctx: WarningContext, item: ItemCode, memberId?: string): boolean {
  return ctx.held.some(h => h.item === item && (h.memberId === undefined || h.memberId === memberId))
}

function apply(item: ItemCode): Suggestion {
  return { item, action: 'apply', department: ITEMS[item].department }
}

function review(item: ItemCode): Suggestion {
  return { item, action: 'review', department: ITEMS[item].department }
}

/** Suggestions to apply for items already held are dropped: the household has them. */
function notHeld(ctx: WarningContext, items: readonly ItemCode[], memberId?: string): Suggestion[] {
  return items.filter(item => !holds(ctx, item, memberId)).map(apply)
}

function itemsText(items: readonly ItemCode[]): Text[] {
  return items.map(item => text(itemNameKey(item)))
}

function suggestionText(s: Suggestion): Text {
  return w(`suggestion.${s.action}`, { item: text(itemNameKey(s.item)), department: text(departmentShortKey(s.department)) })
}

/** "建议核实后办理：…" or, with nothing to suggest, "请核实情况". */
function advice(suggestions: readonly Suggestion[]): Text {
  return suggestions.length > 0 ? w('advice.suggest', { suggestions: suggestions.map(suggestionText) }) : w('advice.verify')
}

/** What the household may apply for, or only that someone will be in touch. */
function next(suggestions: readonly Suggestion[]): Text {
  const items = suggestions.filter(s => s.action === 'apply').map(s => s.item)
  return items.length > 0 ? w('next.apply', { items: itemsText(items) }) : w('next.contact')
}

function memberOf(ctx: WarningContext, memberId: string | undefined): HouseholdMember | undefined {
  return ctx.members.find(m => m.id === memberId)
}

/** "家庭成员（配偶）", or "家庭成员" when the office has no record of them. */
function memberText(member: HouseholdMember | undefined): Text {
  return member ? w('member', { relation: text(`reasons.relations.${member.relation}`) }) : w('memberUnknown')
}

function isWorkingAge(member: HouseholdMember, day: string): boolean {
  const age = ageOn(member.birthDate, day)
  return age >= WORKING_AGE_MIN && age <= WORKING_AGE_MAX
}

/** The medical signals of the window (today − 12 months, today], each once, in the order they happened. */
function medicalWindow(signal: MedicalSpendingSignal, ctx: WarningContext): MedicalSpendingSignal[] {
  const start = monthsBefore(ctx.today, MEDICAL_WINDOW_MONTHS)
  const byKey = new Map<string, MedicalSpendingSignal>()
  for (const s of [...ctx.recentSignals, signal]) {
    if (s.kind === 'medical_spending' && s.householdId === signal.householdId)
      byKey.set(signalKey(s), s)
  }
  return [...byKey.values()]
    .map(s => ({ s, day: signalDay(s.occurredAt), key: signalKey(s) }))
    .filter(({ day }) => day > start && day <= ctx.today)
    .sort((a, b) => (a.day === b.day ? (a.key < b.key ? -1 : 1) : (a.day < b.day ? -1 : 1)))
    .map(({ s }) => s)
}

/**
 * medical_spending: the household's self-paid spending of the last 12 months above the region's
 * figure (strictly), unless it holds 低保 or 特困. The cause is the crossing: the bill that took the
 * sum over the line, in the order bills happened; its year is the period, so later bills of the
 * same high spending are the same cause and a household still above the line in a later year is
 * warned again. "Sudden" when that one bill alone is above the line (大额医疗费用, 临时救助).
 */
function medicalSpending(signal: MedicalSpendingSignal, ctx: WarningContext): Finding | null {
  if (holdsAny(ctx, MEDICAL_COVERED).length > 0)
    return null
  const window = medicalWindow(signal, ctx)
  if (!window.includes(signal))
    return null
  const thresholdFen = yuanToFen(ctx.region.medicalWarningYuan)
  let spentFen = 0
  let crossing: MedicalSpendingSignal | undefined
  for (const s of window) {
    spentFen += s.amountFen
    if (!crossing && spentFen > thresholdFen)
      crossing = s
  }
  if (!crossing)
    return null
  const sudden = crossing.amountFen > thresholdFen
  const suggestions = notHeld(ctx, sudden ? ['expense_hardship', 'medical', 'temporary'] : ['expense_hardship', 'medical'])
  if (suggestions.length === 0)
    return null
  const params = { months: MEDICAL_WINDOW_MONTHS, spent: money(spentFen), threshold: money(thresholdFen) }
  return {
    rule: 'medical_spending',
    period: signalDay(crossing.occurredAt).slice(0, 4),
    figures: { spentFen, thresholdFen, months: MEDICAL_WINDOW_MONTHS, ...(sudden ? { billFen: crossing.amountFen } : {}) },
    counted: window,
    suggestions,
    staff: w(sudden ? 'staff.medicalSudden' : 'staff.medical', { ...params, bill: money(crossing.amountFen), advice: advice(suggestions) }),
    household: w('household.medical', { ...params, next: next(suggestions) }),
  }
}

/**
 * earner_death: the death of the household's only working-age earner → 临时救助; in a 低保 or 边缘
 * household any death → review of what it holds; in a low-income household → 基本殡葬服务. One
 * cause per member: a cremation record (民政) and a cancelled hukou (公安) of one death are the same.
 */
function earnerDeath(signal: Extract<Signal, { kind: 'death' }>, ctx: WarningContext): Finding | null {
  const day = signalDay(signal.occurredAt)
  const deceased = memberOf(ctx, signal.memberId)
  const age = deceased ? ageOn(deceased.birthDate, day) : undefined
  const onlyEarner = deceased !== undefined && deceased.earner && isWorkingAge(deceased, day)
    && !ctx.members.some(m => m !== deceased && m.earner && isWorkingAge(m, day))
  const reviewed = holdsAny(ctx, REVIEWED_ON_DEATH)
  const lowIncome = holdsAny(ctx, LOW_INCOME).length > 0
  const suggestions = [
    ...reviewed.map(review),
    ...notHeld(ctx, [...(onlyEarner ? ['temporary' as const] : []), ...(lowIncome ? ['funeral' as const] : [])]),
  ]
  if (suggestions.length === 0)
    return null
  const member = memberText(deceased)
  return {
    rule: 'earner_death',
    memberId: signal.memberId,
    period: '-',
    figures: age !== undefined ? { age } : {},
    suggestions,
    staff: onlyEarner && age !== undefined
      ? w('staff.deathOnlyEarner', { member, age, advice: advice(suggestions) })
      : w('staff.deathHolding', { member, held: itemsText(holdsAny(ctx, LOW_INCOME)), advice: advice(suggestions) }),
    household: w('household.death', { next: next(suggestions) }),
  }
}

/**
 * new_severe_disability: grade 1–2 → 重度残疾人护理补贴 whatever the income; grade 3–4 in a
 * low-income household → 困难残疾人生活补贴 (both are the item disability_allowance). A certificate
 * renewed at the same severity is the same cause; one raised from 3–4 to 1–2 is a new one.
 */
function newDisability(signal: Extract<Signal, { kind: 'disability_certificate' }>, ctx: WarningContext): Finding | null {
  const severe = signal.grade <= SEVERE_GRADE_LIMIT
  const held = holdsAny(ctx, LOW_INCOME)
  if (!severe && held.length === 0)
    return null
  const suggestions = notHeld(ctx, ['disability_allowance'], signal.memberId)
  if (suggestions.length === 0)
    return null
  const params = {
    member: memberText(memberOf(ctx, signal.memberId)),
    grade: text(`reasons.grades.${signal.grade}`),
    category: w(`categories.${signal.category}`),
  }
  return {
    rule: 'new_severe_disability',
    memberId: signal.memberId,
    period: severe ? 'grade1-2' : 'grade3-4',
    figures: { grade: signal.grade },
    suggestions,
    staff: severe
      ? w('staff.disabilitySevere', { ...params, advice: advice(suggestions) })
      : w('staff.disabilityLowIncome', { ...params, held: itemsText(held), advice: advice(suggestions) }),
    household: w('household.disability', { ...params, next: next(suggestions) }),
  }
}

/** unemployment: a working-age member of a 低保, 边缘 or 支出型 household registered unemployed → 就业救助. */
function unemployment(signal: Extract<Signal, { kind: 'unemployment' }>, ctx: WarningContext): Finding | null {
  const day = signalDay(signal.occurredAt)
  const member = memberOf(ctx, signal.memberId)
  const held = holdsAny(ctx, EMPLOYMENT_BASIS)
  if (!member || !isWorkingAge(member, day) || held.length === 0)
    return null
  const suggestions = notHeld(ctx, ['employment'], signal.memberId)
  if (suggestions.length === 0)
    return null
  const age = ageOn(member.birthDate, day)
  return {
    rule: 'unemployment',
    memberId: signal.memberId,
    period: day,
    figures: { age },
    suggestions,
    staff: w('staff.unemployment', { member: memberText(member), age, held: itemsText(held), advice: advice(suggestions) }),
    household: w('household.unemployment', { member: memberText(member), next: next(suggestions) }),
  }
}

/** "2026-2027" for a day of the school year that starts in September 2026. */
function schoolYear(day: string): string {
  const year = Number(day.slice(0, 4))
  const start = Number(day.slice(5, 7)) >= SCHOOL_YEAR_START_MONTH ? year : year - 1
  return `${start}-${start + 1}`
}

/**
 * student_hardship: a student (or a child out of school) of a low-income or orphan household →
 * 教育救助, once per school year and status.
 */
function studentHardship(signal: Extract<Signal, { kind: 'student' }>, ctx: WarningContext): Finding | null {
  const held = holdsAny(ctx, EDUCATION_BASIS)
  if (held.length === 0)
    return null
  const suggestions = notHeld(ctx, ['education'], signal.memberId)
  if (suggestions.length === 0)
    return null
  const params = { member: memberText(memberOf(ctx, signal.memberId)), level: w(`levels.${signal.level}`) }
  return {
    rule: 'student_hardship',
    memberId: signal.memberId,
    period: `${schoolYear(signalDay(signal.occurredAt))}:${signal.status}`,
    suggestions,
    staff: w(`staff.student.${signal.status}`, { ...params, held: itemsText(held), advice: advice(suggestions) }),
    household: w('household.student', { ...params, next: next(suggestions) }),
  }
}

/** referral: every referral is verified; what was seen suggests items (those held are left out). */
function referral(signal: Extract<Signal, { kind: 'referral' }>, ctx: WarningContext): Finding {
  const items = [...new Set(signal.seen.flatMap(code => REFERRAL_SUGGESTS[code]))]
  const suggestions = notHeld(ctx, items, signal.memberId)
  const params = {
    member: memberText(memberOf(ctx, signal.memberId)),
    seen: signal.seen.map(code => w(`seen.${code}`)),
    advice: advice(suggestions),
  }
  return {
    rule: 'referral',
    memberId: signal.memberId,
    period: signalDay(signal.occurredAt),
    suggestions,
    staff: signal.note ? w('staff.referralNote', { ...params, note: signal.note }) : w('staff.referral', params),
    household: w('household.referral', { next: next(suggestions) }),
  }
}

/** contact_request: the resident asked to be contacted; the items the self-diagnosis suggested. */
function contactRequest(signal: Extract<Signal, { kind: 'contact_request' }>, ctx: WarningContext): Finding {
  const suggestions = notHeld(ctx, signal.items)
  return {
    rule: 'contact_request',
    period: signalDay(signal.occurredAt),
    suggestions,
    staff: signal.items.length > 0
      ? w('staff.contactItems', { items: itemsText(signal.items), advice: advice(suggestions) })
      : w('staff.contact', { advice: advice(suggestions) }),
    household: w('household.contact'),
  }
}

function find(signal: Signal, ctx: WarningContext): Finding | null {
  switch (signal.kind) {
    case 'medical_spending': return medicalSpending(signal, ctx)
    case 'death': return earnerDeath(signal, ctx)
    case 'disability_certificate': return newDisability(signal, ctx)
    case 'unemployment': return unemployment(signal, ctx)
    case 'student': return studentHardship(signal, ctx)
    case 'referral': return referral(signal, ctx)
    case 'contact_request': return contactRequest(signal, ctx)
  }
}

/** "rule:household:member:period", each part URI-encoded so that no id can forge another key. */
export function causeKey(rule: RuleCode, householdId: string, memberId: string | undefined, period: string): string {
  return [rule, householdId, memberId ?? '-', period].map(encodeURIComponent).join(':')
}

function basisOf(rule: RuleCode, region: ResolvedRegion): FigureBasis[] {
  return RULE_FIGURES[rule].map(key => ({ key, value: region[key], ...region.sources[key] }))
}

/**
 * The warnings a signal raises for its household (none or one today). Pure: the same signal and
 * context always give the same warnings, with the same cause keys.
 */
export function evaluate(signal: Signal, ctx: WarningContext): Warning[] {
  const found = find(signal, ctx)
  if (!found)
    return []
  return [{
    rule: found.rule,
    householdId: signal.householdId,
    ...(found.memberId !== undefined ? { memberId: found.memberId } : {}),
    causeKey: causeKey(found.rule, signal.householdId, found.memberId, found.period),
    signal: signalKey(signal),
    evidence: [...new Set([signalKey(signal), ...(found.counted ?? []).map(signalKey)])],
    figures: found.figures ?? {},
    basis: basisOf(found.rule, ctx.region),
    suggestions: found.suggestions,
    raisedOn: ctx.today,
    dueOn: addWorkingDays(ctx.today, ctx.region.warningVerifyWorkingDays),
    staffText: found.staff,
    householdText: found.household,
  }]
}
