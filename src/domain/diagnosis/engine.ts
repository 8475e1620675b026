import type { ItemCode } from '../items'
import type { ResolvedRegion } from '../regions/types'
import type { Text, TextParam } from '../text'
import type { DiagnosisAnswers, DiagnosisMember, ReceivableItem, Relation } from './schema'
import { ADULT_AGE, ELDERLY_AGE, WORKING_AGE_MAX, WORKING_AGE_MIN } from '../age'
import { ITEM_CODES } from '../items'
import { FEN_PER_YUAN, fenToYuan, formatMoney, yuanToFen } from '../money'
import { edgeIncomeLine } from '../regions/resolve'
import { text } from '../text'

// Self-diagnosis (社会救助自诊): answers + region figures → one verdict per item.
// A verdict is a hint for the resident, never a decision: the office decides after the
// economic check (核对) and the home visit. So "likely" always states its basis and
// anything we cannot see from the answers stays "possible" at most.
// Reasons are texts (a key under `reasons` in ./locales and its parameters), worded by whoever
// shows them, so one result reads in any language; money is passed formatted (formatMoney).

export const VERDICTS = ['likely', 'possible', 'unlikely'] as const
export type Verdict = typeof VERDICTS[number]

/** The documents to bring and the department to go to are the item's own (ITEMS). */
export interface DiagnosisResult {
  item: ItemCode
  verdict: Verdict
  /** sentences naming the figures compared */
  reasons: Text[]
  /** indexes into answers.members the verdict is about */
  members?: number[]
  /** the one answer that would change the verdict, when there is one */
  flip?: Text
}

type Scheme = 'dibao' | 'dibao_edge' | 'expense_hardship' | 'tekun'
type TekunCategory = 'elderly' | 'minor' | 'disabled'

// 残疾儿童康复救助 covers children aged 0–6 nation-wide (国发〔2018〕20号); older ones vary by place.
const REHAB_YOUNG_AGE_LIMIT = 7
const MOST_SEVERE_GRADE = 1
const SEVERE_GRADE_LIMIT = 2

interface Finding {
  verdict: Verdict
  reasons: Text[]
  members?: number[]
  flip?: Text
}

type AssetFailure = 'deposits' | 'vehicles' | 'extraHousing'

interface AssetCheck {
  /** the schemes with an asset test of their own */
  scheme: 'dibao' | 'dibao_edge'
  limit: number
  failures: AssetFailure[]
}

interface Basis {
  scheme: Scheme
  receiving: boolean
}

interface EdgeLine {
  line: number
  /** the line and how it is set: a multiple of the dibao standard, capped at the minimum wage */
  text: Text
}

interface Ctx {
  answers: DiagnosisAnswers
  region: ResolvedRegion
  n: number
  /** household income after the job exemptions */
  income: number
  perCapita: number
  exemptionReasons: Text[]
  edge: EdgeLine
  dibaoAssets: AssetCheck
  edgeAssets: AssetCheck
  /** the whole household passes the dibao income and asset tests */
  dibaoHouseholdLikely: boolean
  receiving: readonly ReceivableItem[]
  /** perCapita as texts show it, worded once for the several items that cite it */
  shownPerCapita: string
}

/** A text of the engine: `key` under `reasons` in ./locales. */
function reason(key: string, params?: Record<string, TextParam>): Text {
  return text(`reasons.${key}`, params)
}

// Whole yuan up to here are whole fen exactly, so they skip the money module's decimal-text
// parsing, which is what most of the engine's time went to (issue #18). Same digits and same
// numbers as formatMoney and yuanToFen give for them (-0 included: both give 0).
const MAX_WHOLE_YUAN = Math.floor(Number.MAX_SAFE_INTEGER / FEN_PER_YUAN)

function isWholeYuan(value: number): boolean {
  return Number.isInteger(value) && Math.abs(value) <= MAX_WHOLE_YUAN
}

/** formatMoney, quicker for whole yuan (region figures and most answers). */
function showMoney(yuan: number): string {
  return isWholeYuan(yuan) ? String(yuan + 0) : formatMoney(yuan)
}

// Compare what we show: a per-capita figure shown as 886 must not count as 885.999.
function roundCents(value: number): number {
  return isWholeYuan(value) ? value + 0 : fenToYuan(yuanToFen(value))
}

function isDisabled(m: DiagnosisMember): boolean {
  return m.disabilityGrade >= MOST_SEVERE_GRADE
}

function isSeverelyDisabled(m: DiagnosisMember): boolean {
  return m.disabilityGrade >= MOST_SEVERE_GRADE && m.disabilityGrade <= SEVERE_GRADE_LIMIT
}

/** a member with its index into answers.members, which is what results point at */
interface Indexed {
  index: number
  member: DiagnosisMember
}

function relationText(relation: Relation): Text {
  return reason(`relations.${relation}`)
}

/** "第2位成员（配偶，患重病）": the member's number, relation and what matters about them. */
function ref({ index, member }: Indexed, details: Text[] = []): Text {
  const params = { n: index + 1, relation: relationText(member.relation) }
  if (details.length === 0)
    return reason('member', params)
  // Details are joined with a comma ("，"), not with the list separator that joins members.
  let joined = details[details.length - 1]!
  for (let i = details.length - 2; i >= 0; i--)
    joined = reason('details.list', { first: details[i]!, rest: joined })
  return reason('memberWith', { n: params.n, relation: params.relation, details: joined })
}

function disabilityDetail(m: DiagnosisMember): Text {
  return reason('details.disability', { grade: reason(`grades.${m.disabilityGrade}`) })
}

function ageDetail(m: DiagnosisMember): Text {
  return reason('details.age', { age: m.age })
}

function healthDetails(m: DiagnosisMember): Text[] {
  const details: Text[] = []
  if (m.seriousIllness)
    details.push(reason('details.illness'))
  if (isDisabled(m))
    details.push(disabilityDetail(m))
  return details
}

function membersWhere(members: DiagnosisMember[], test: (m: DiagnosisMember) => boolean): Indexed[] {
  const found: Indexed[] = []
  for (let index = 0; index < members.length; index++) {
    const member = members[index]!
    if (test(member))
      found.push({ index, member })
  }
  return found
}

function indexesOf(list: Indexed[]): number[] {
  const indexes: number[] = []
  for (const x of list)
    indexes.push(x.index)
  return indexes
}

/** What `texts` adds to `into`, in place: the engine builds each reason list once, without spreads. */
function append(into: Text[], texts: readonly Text[]): Text[] {
  for (const t of texts)
    into.push(t)
  return into
}

function assetCheck(answers: DiagnosisAnswers, scheme: AssetCheck['scheme'], limit: number): AssetCheck {
  const failures: AssetFailure[] = []
  if (answers.assets.depositsPerCapita > limit)
    failures.push('deposits')
  if (answers.assets.vehicles > 0)
    failures.push('vehicles')
  if (answers.assets.extraHousing)
    failures.push('extraHousing')
  return { scheme, limit, failures }
}

/** A scheme as a noun: "低保边缘", "dibao-edge status". */
function schemeText(scheme: Scheme): Text {
  return reason(`schemes.${scheme}`)
}

/** A scheme qualifying a noun: "低保边缘财产限额", "the dibao-edge limit". */
function schemeAdjective(scheme: AssetCheck['scheme']): Text {
  return reason(`schemeAdjectives.${scheme}`)
}

function assetReasons(c: Ctx, check: AssetCheck): Text[] {
  const scheme = schemeAdjective(check.scheme)
  const deposits = showMoney(c.answers.assets.depositsPerCapita)
  const limit = showMoney(check.limit)
  if (check.failures.length === 0)
    return [reason('assetsWithin', { deposits, scheme, limit })]
  return check.failures.map((failure) => {
    if (failure === 'deposits')
      return reason('depositsOver', { deposits, scheme, limit })
    if (failure === 'vehicles') {
      const count = c.answers.assets.vehicles
      return reason(count === 1 ? 'vehicleOwned' : 'vehiclesOwned', { count, scheme })
    }
    return reason('extraHousingOwned', { scheme })
  })
}

// Only a single failed asset test can be flipped by one answer.
function assetFlip(check: AssetCheck): Text | undefined {
  if (check.failures.length !== 1)
    return undefined
  const failure = check.failures[0]
  const scheme = schemeText(check.scheme)
  if (failure === 'deposits')
    return reason('flipDeposits', { limit: showMoney(check.limit), scheme })
  if (failure === 'vehicles')
    return reason('flipVehicle', { scheme })
  return reason('flipExtraHousing', { scheme })
}

/**
 * Income as the office counts it. Zhejiang (浙民助〔2021〕72号): a 低保 member's first job
 * is not counted for jobExemptMonths, a disabled 低保 member's for disabledJobExemptMonths.
 * Both rules are for households already receiving 低保, as the source text says.
 */
function countIncome(answers: DiagnosisAnswers, region: ResolvedRegion) {
  const receivesDibao = answers.receiving.includes('dibao')
  const reasons: Text[] = []
  let income = 0
  const members = answers.members
  for (let index = 0; index < members.length; index++) {
    const m = members[index]!
    const months = m.jobStartedMonthsAgo
    if (receivesDibao && months !== undefined && m.monthlyIncome > 0) {
      const disabledExempt = isDisabled(m) && months < region.disabledJobExemptMonths
      if (disabledExempt || months < region.jobExemptMonths) {
        const exempt = { n: index + 1, relation: relationText(m.relation), months, income: showMoney(m.monthlyIncome) }
        reasons.push(disabledExempt
          ? reason('incomeExemptDisabled', { ...exempt, limit: region.disabledJobExemptMonths })
          : reason('incomeExempt', { ...exempt, limit: region.jobExemptMonths }))
        continue
      }
    }
    income += m.monthlyIncome
  }
  return { income, reasons }
}

function edgeLine(region: ResolvedRegion): EdgeLine {
  const raw = region.edgeMultiple * region.dibaoMonthly
  const line = edgeIncomeLine(region)
  const shownLine = showMoney(line)
  const dibao = showMoney(region.dibaoMonthly)
  return {
    line,
    text: line < raw
      ? reason('edgeLineCapped', { line: shownLine, dibao, multiple: region.edgeMultiple, raw: showMoney(raw), minWage: showMoney(region.minWageMonthly) })
      : reason('edgeLine', { line: shownLine, dibao, multiple: region.edgeMultiple }),
  }
}

function buildCtx(answers: DiagnosisAnswers, region: ResolvedRegion): Ctx {
  const n = answers.members.length
  const { income, reasons } = countIncome(answers, region)
  const perCapita = roundCents(income / n)
  const dibaoAssets = assetCheck(answers, 'dibao', region.maxDepositsPerCapita)
  const edgeAssets = assetCheck(answers, 'dibao_edge', region.edgeMaxDepositsPerCapita)
  return {
    answers,
    region,
    n,
    income,
    perCapita,
    exemptionReasons: reasons,
    edge: edgeLine(region),
    dibaoAssets,
    edgeAssets,
    // Strictly below the line: income equal to the standard does not qualify.
    dibaoHouseholdLikely: perCapita < region.dibaoMonthly && dibaoAssets.failures.length === 0,
    receiving: answers.receiving,
    shownPerCapita: showMoney(perCapita),
  }
}

/**
 * dibao_edge: not dibao, per-capita income ≤ min(multiple × dibao, minimum wage) and assets
 * within the (wider) edge limits. Income below the dibao line also counts when only the
 * dibao asset test failed: national practice defines edge households as "not eligible for
 * dibao, income below the multiple". "possible" when the household holds edge status now
 * but income is above the line: the next review decides.
 */
function diagnoseEdge(c: Ctx): Finding {
  const { perCapita, edge } = c
  if (c.dibaoHouseholdLikely)
    return { verdict: 'unlikely', reasons: [reason('coveredByDibao', { scheme: schemeText('dibao_edge') })] }
  const within = perCapita <= edge.line
  const assetsOk = c.edgeAssets.failures.length === 0
  const reasons = c.exemptionReasons.slice()
  reasons.push(reason(within ? 'edgeIncomeWithin' : 'edgeIncomeAbove', { income: c.shownPerCapita, edgeLine: edge.text }))
  append(reasons, assetReasons(c, c.edgeAssets))
  if (within && assetsOk)
    return { verdict: 'likely', reasons }
  if (within)
    return { verdict: 'unlikely', reasons, flip: assetFlip(c.edgeAssets) }
  if (c.receiving.includes('dibao_edge') && assetsOk) {
    reasons.push(reason('edgeRenewal'))
    return { verdict: 'possible', reasons }
  }
  const flip = assetsOk
    ? reason('flipIncomeAtMost', { line: showMoney(edge.line), total: showMoney(edge.line * c.n), scheme: schemeText('dibao_edge') })
    : undefined
  return { verdict: 'unlikely', reasons, flip }
}

// 单人户: a seriously ill or severely disabled member of an edge household.
function isSingleHouseholdMember(m: DiagnosisMember): boolean {
  return m.seriousIllness || isSeverelyDisabled(m)
}

function healthRef(s: Indexed): Text {
  return ref(s, healthDetails(s.member))
}

/**
 * dibao: likely when the household passes income (strictly below) and assets; or, in a
 * dibao-edge household, for each seriously ill or severely disabled member as a single-person
 * household (单人户, 浙民助〔2021〕72号). "possible" only for a household receiving dibao now
 * whose income has reached the line with assets still fine: exit goes through review and a
 * phase-out period (渐退期). Income below but assets over → unlikely, with the asset flip.
 */
function diagnoseDibao(c: Ctx, edge: Finding): Finding {
  const { perCapita } = c
  const line = c.region.dibaoMonthly
  const below = perCapita < line
  const shownLine = showMoney(line)
  const reasons = c.exemptionReasons.slice()
  reasons.push(reason(below ? 'dibaoIncomeBelow' : 'dibaoIncomeNotBelow', { income: c.shownPerCapita, line: shownLine }))
  append(reasons, assetReasons(c, c.dibaoAssets))
  if (c.dibaoHouseholdLikely)
    return { verdict: 'likely', reasons }

  if (edge.verdict === 'likely') {
    const single = membersWhere(c.answers.members, isSingleHouseholdMember)
    if (single.length > 0) {
      const refs = single.map(healthRef)
      reasons.push(reason('singlePerson', { members: refs }))
      return { verdict: 'likely', reasons, members: indexesOf(single) }
    }
  }

  const assetsOk = c.dibaoAssets.failures.length === 0
  if (below)
    return { verdict: 'unlikely', reasons, flip: assetFlip(c.dibaoAssets) }
  if (c.receiving.includes('dibao') && assetsOk) {
    reasons.push(reason('dibaoRenewal'))
    return { verdict: 'possible', reasons }
  }
  const flip = assetsOk
    ? reason('flipIncomeBelow', { line: shownLine, total: showMoney(line * c.n), scheme: schemeText('dibao') })
    : undefined
  return { verdict: 'unlikely', reasons, flip }
}

function tekunCategory(m: DiagnosisMember): TekunCategory | null {
  if (m.age >= ELDERLY_AGE)
    return 'elderly'
  if (m.age < ADULT_AGE)
    return 'minor'
  if (isSeverelyDisabled(m))
    return 'disabled'
  return null
}

/**
 * tekun, per member: cannot work, own income below the tekun standard, no capable legal
 * supporter, and 60+, under 18 or disability grade 1–2. A household receiving tekun whose
 * answers show no such member stays "possible": the review decides, not the questionnaire.
 */
function tekunCategoryText(category: TekunCategory, m: DiagnosisMember): Text {
  return category === 'disabled'
    ? reason('tekunCategories.disabled', { grade: reason(`grades.${m.disabilityGrade}`) })
    : reason(`tekunCategories.${category}`, { age: m.age })
}

function diagnoseTekun(c: Ctx): Finding {
  const line = c.region.tekunMonthly
  const shownLine = showMoney(line)
  const members: number[] = []
  const reasons: Text[] = []
  let flip: Text | undefined
  const answered = c.answers.members
  for (let index = 0; index < answered.length; index++) {
    const m = answered[index]!
    const category = tekunCategory(m)
    if (!category)
      continue
    const member = ref({ index, member: m })
    const flips: Text[] = []
    if (m.canWork)
      flips.push(reason('flipTekunWork', { member }))
    if (m.monthlyIncome >= line)
      flips.push(reason('flipTekunIncome', { member, line: shownLine }))
    if (m.hasCapableSupporter)
      flips.push(reason('flipTekunSupporter', { member }))
    if (flips.length === 0) {
      members.push(index)
      reasons.push(reason('tekunMember', {
        n: index + 1,
        relation: relationText(m.relation),
        category: tekunCategoryText(category, m),
        income: showMoney(m.monthlyIncome),
        line: shownLine,
      }))
    }
    else if (flips.length === 1 && flip === undefined) {
      flip = flips[0]
    }
  }
  const receiving = c.receiving.includes('tekun')
  if (members.length > 0) {
    if (receiving)
      reasons.push(reason('tekunReceiving'))
    return { verdict: 'likely', reasons, members }
  }
  const none = reason('tekunNone', { line: shownLine })
  if (receiving)
    return { verdict: 'possible', reasons: [reason('tekunReceiving'), none] }
  return { verdict: 'unlikely', reasons: [none], flip }
}

/**
 * expense_hardship: not dibao, rigid medical and education costs > 0, and per-capita
 * income after deducting them below the dibao line, with assets within the edge limits.
 */
function diagnoseExpense(c: Ctx): Finding {
  if (c.dibaoHouseholdLikely)
    return { verdict: 'unlikely', reasons: [reason('coveredByDibao', { scheme: schemeText('expense_hardship') })] }
  const { medical, education } = c.answers.monthlyRigidExpenses
  const rigid = medical + education
  if (rigid <= 0)
    return { verdict: 'unlikely', reasons: [reason('expenseNoRigid')] }
  const line = c.region.dibaoMonthly
  const after = Math.max(0, roundCents((c.income - rigid) / c.n))
  const below = after < line
  const figures = {
    income: c.shownPerCapita,
    medical: showMoney(medical),
    education: showMoney(education),
    after: showMoney(after),
    line: showMoney(line),
  }
  const reasons = c.exemptionReasons.slice()
  reasons.push(reason(below ? 'expenseAfterBelow' : 'expenseAfterNotBelow', figures))
  append(reasons, assetReasons(c, c.edgeAssets))
  const assetsOk = c.edgeAssets.failures.length === 0
  if (below && assetsOk)
    return { verdict: 'likely', reasons }
  if (below)
    return { verdict: 'unlikely', reasons, flip: assetFlip(c.edgeAssets) }
  // after ≥ line: costs above (income − n × line) would bring it below
  return { verdict: 'unlikely', reasons, flip: assetsOk ? reason('flipExpense', { total: showMoney(c.income - line * c.n) }) : undefined }
}

const BASIS_ORDER: readonly Scheme[] = ['dibao', 'tekun', 'dibao_edge', 'expense_hardship']

// Low-income status the special items build on: found likely here or received now.
function findBases(c: Ctx, findings: Record<Scheme, Finding>): Basis[] {
  const bases: Basis[] = []
  for (const scheme of BASIS_ORDER) {
    const receiving = scheme !== 'expense_hardship' && c.receiving.includes(scheme)
    if (receiving || findings[scheme].verdict === 'likely')
      bases.push({ scheme, receiving })
  }
  return bases
}

function basisReason(basis: Basis): Text {
  return reason(basis.receiving ? 'basisReceiving' : 'basisFound', { scheme: schemeText(basis.scheme) })
}

function isDibaoOrTekun(basis: Basis): boolean {
  return basis.scheme === 'dibao' || basis.scheme === 'tekun'
}

function isSeriouslyIll(m: DiagnosisMember): boolean {
  return m.seriousIllness
}

function plainRef(s: Indexed): Text {
  return ref(s)
}

/**
 * medical: dibao / tekun always likely (premium fully paid, 粤府办〔2024〕12号); edge and
 * expense households likely with a serious illness or medical costs, else "possible" because
 * other low-income people get premium support "按规定" (as regulated locally).
 */
function diagnoseMedical(c: Ctx, bases: Basis[]): Finding {
  const ill = membersWhere(c.answers.members, isSeriouslyIll)
  const expense = c.answers.monthlyRigidExpenses.medical
  const need: Text[] = []
  if (ill.length > 0)
    need.push(reason('medicalIll', { members: ill.map(plainRef) }))
  if (expense > 0)
    need.push(reason('medicalExpense', { amount: showMoney(expense) }))
  const members = ill.length > 0 ? indexesOf(ill) : undefined
  const core = bases.find(isDibaoOrTekun)
  if (core) {
    const reasons = append([basisReason(core), reason('medicalPremium')], need)
    if (need.length > 0)
      reasons.push(reason('medicalOutOfPocket'))
    return { verdict: 'likely', reasons, members }
  }
  const basis = bases[0]
  if (basis && need.length > 0) {
    const reasons = append([basisReason(basis)], need)
    reasons.push(reason('medicalOutOfPocket'))
    return { verdict: 'likely', reasons, members }
  }
  if (basis)
    return { verdict: 'possible', reasons: [basisReason(basis), reason('medicalPremiumOther')] }
  return { verdict: 'unlikely', reasons: append([reason('noBasis')], need), members }
}

/**
 * education: a low-income household with a pupil or student. Without a low-income basis a
 * student who may be an orphan is "possible": orphans are named in the education rule.
 */
function isStudent(m: DiagnosisMember): boolean {
  return m.student !== 'none'
}

function studentRef(s: Indexed): Text {
  return ref(s, [reason(`students.${s.member.student}`)])
}

function isOrphanStudent(o: Indexed): boolean {
  return isStudent(o.member)
}

function diagnoseEducation(c: Ctx, bases: Basis[], orphans: Indexed[]): Finding {
  const students = membersWhere(c.answers.members, isStudent)
  const refs = students.map(studentRef)
  const basis = bases[0]
  if (basis && students.length > 0)
    return { verdict: 'likely', reasons: [basisReason(basis), reason('educationStudents', { members: refs })], members: indexesOf(students) }
  const orphanStudents = orphans.filter(isOrphanStudent)
  if (orphanStudents.length > 0)
    return { verdict: 'possible', reasons: [reason('educationOrphan', { members: orphanStudents.map(studentRef) })], members: indexesOf(orphanStudents) }
  const reasons = basis ? [] : [reason('noBasis')]
  reasons.push(students.length > 0 ? reason('educationStudents', { members: refs }) : reason('educationNoStudents'))
  return { verdict: 'unlikely', reasons }
}

function diagnoseHousing(c: Ctx, bases: Basis[]): Finding {
  const situation = c.answers.housing
  const need = situation === 'adequate' ? reason('housingAdequate') : reason(`housingNeed.${situation}`)
  const basis = bases[0]
  if (basis && situation !== 'adequate')
    return { verdict: 'likely', reasons: [basisReason(basis), need] }
  return { verdict: 'unlikely', reasons: basis ? [need] : [reason('noBasis'), need] }
}

function isJobSeeker(m: DiagnosisMember): boolean {
  return m.canWork && m.unemployed && m.age >= WORKING_AGE_MIN && m.age <= WORKING_AGE_MAX
}

function ageRef(s: Indexed): Text {
  return ref(s, [ageDetail(s.member)])
}

function diagnoseEmployment(c: Ctx, bases: Basis[]): Finding {
  const candidates = membersWhere(c.answers.members, isJobSeeker)
  const refs = candidates.map(ageRef)
  const basis = bases[0]
  if (basis && candidates.length > 0)
    return { verdict: 'likely', reasons: [basisReason(basis), reason('employmentMembers', { members: refs })], members: indexesOf(candidates) }
  const reasons = basis ? [] : [reason('noBasis')]
  reasons.push(candidates.length > 0 ? reason('employmentMembers', { members: refs }) : reason('employmentNone'))
  return { verdict: 'unlikely', reasons }
}

function disabilityRef(s: Indexed): Text {
  return ref(s, [disabilityDetail(s.member)])
}

/**
 * disability_allowance: the care allowance for grade 1–2 does not look at income; the living
 * allowance is for disabled members of low-income households (extended to edge households,
 * 粤府办〔2024〕12号).
 */
function diagnoseDisability(c: Ctx, bases: Basis[]): Finding {
  const members = c.answers.members
  const severe = membersWhere(members, isSeverelyDisabled)
  const disabled = membersWhere(members, isDisabled)
  const basis = bases[0]
  if (disabled.length === 0)
    return { verdict: 'unlikely', reasons: [reason('disabilityNone')] }
  if (basis) {
    const reasons = [basisReason(basis)]
    if (severe.length > 0)
      reasons.push(reason('disabilitySevere', { members: severe.map(disabilityRef) }))
    reasons.push(reason('disabilityLowIncome', { members: disabled.map(disabilityRef) }))
    return { verdict: 'likely', reasons, members: indexesOf(disabled) }
  }
  if (severe.length > 0)
    return { verdict: 'likely', reasons: [reason('disabilitySevere', { members: severe.map(disabilityRef) })], members: indexesOf(severe) }
  return { verdict: 'unlikely', reasons: [reason('disabilityNoBasis', { members: disabled.map(disabilityRef) })], members: indexesOf(disabled) }
}

function diagnoseDisaster(c: Ctx): Finding {
  return c.answers.events.disaster
    ? { verdict: 'likely', reasons: [reason('disasterYes')] }
    : { verdict: 'unlikely', reasons: [reason('disasterNo')] }
}

/**
 * temporary: an event plus income within the edge line (or expense hardship) → likely; the
 * event alone → possible, since emergencies get a simplified check (浙江) and are granted
 * where they happen (广东).
 */
function diagnoseTemporary(c: Ctx, expense: Finding): Finding {
  const { perCapita, edge } = c
  const { suddenHardship, disaster } = c.answers.events
  const within = perCapita <= edge.line
  const lowIncome = within || expense.verdict === 'likely'
  if (!suddenHardship && !disaster)
    return { verdict: 'unlikely', reasons: [reason('temporaryNoEvent')], flip: lowIncome ? reason('flipTemporary') : undefined }
  const reasons: Text[] = []
  if (suddenHardship)
    reasons.push(reason('eventSudden'))
  if (disaster)
    reasons.push(reason('eventDisaster'))
  const income = { income: c.shownPerCapita, edgeLine: edge.text }
  if (within) {
    reasons.push(reason('edgeIncomeWithin', income))
    return { verdict: 'likely', reasons }
  }
  if (lowIncome) {
    reasons.push(basisReason({ scheme: 'expense_hardship', receiving: false }))
    return { verdict: 'likely', reasons }
  }
  reasons.push(reason('temporaryHighIncome', income))
  return { verdict: 'possible', reasons }
}

// vagrant help is for people stranded away from home, which a household questionnaire
// cannot establish: always unlikely, with where to go if it is the case.
function diagnoseVagrant(): Finding {
  return { verdict: 'unlikely', reasons: [reason('vagrantInfo')] }
}

// electricity: 对最低生活保障对象、特困人员减免电费 (粤府办〔2024〕12号).
function diagnoseElectricity(bases: Basis[]): Finding {
  const core = bases.find(isDibaoOrTekun)
  return core
    ? { verdict: 'likely', reasons: [basisReason(core), reason('electricityYes')] }
    : { verdict: 'unlikely', reasons: [reason('electricityNo')] }
}

// funeral: only applies on a death, which we do not ask about → "possible" at most.
function diagnoseFuneral(bases: Basis[]): Finding {
  const basis = bases[0]
  return basis
    ? { verdict: 'possible', reasons: [basisReason(basis), reason('funeralPossible')] }
    : { verdict: 'unlikely', reasons: [reason('funeralNo')] }
}

/**
 * two_cancers (低收入妇女"两癌"救助): for women of low-income households diagnosed with cervical
 * or breast cancer. The questionnaire asks sex but not the diagnosis, so an adult woman with a
 * serious illness in a low-income household is "possible", never "likely". Men are never
 * proposed. A member whose sex is not known (answers given before the question existed) stays
 * "possible" with the reason that the aid is for women, so that nobody is left out unasked.
 */
function isTwoCancersCandidate(m: DiagnosisMember): boolean {
  return m.seriousIllness && m.age >= ADULT_AGE && m.sex !== 'male'
}

function diagnoseTwoCancers(c: Ctx, bases: Basis[]): Finding {
  const basis = bases[0]
  const candidates = basis ? membersWhere(c.answers.members, isTwoCancersCandidate) : []
  if (!basis || candidates.length === 0)
    return { verdict: 'unlikely', reasons: [reason('twoCancersNo')] }
  const women: Text[] = []
  const unknown: Text[] = []
  for (const s of candidates) {
    if (s.member.sex === 'female')
      women.push(ref(s))
    else if (s.member.sex === undefined)
      unknown.push(ref(s))
  }
  const reasons = [basisReason(basis)]
  if (women.length > 0)
    reasons.push(reason('twoCancersPossible', { members: women }))
  if (unknown.length > 0)
    reasons.push(reason('twoCancersSexUnknown', { members: unknown }))
  return { verdict: 'possible', reasons, members: indexesOf(candidates) }
}

// child_rehab: disabled children 0–6 are covered nation-wide regardless of income (国发
// 〔2018〕20号; Guangdong extends it to residence-permit holders, 粤府办〔2024〕12号);
// 7–17 depends on the place → possible.
function diagnoseChildRehab(c: Ctx): Finding {
  const members = c.answers.members
  const young: Text[] = []
  const older: Text[] = []
  // both, in member order: what the young and the older ones are about together
  const children: number[] = []
  const olderIndexes: number[] = []
  for (let index = 0; index < members.length; index++) {
    const m = members[index]!
    if (!isDisabled(m) || m.age >= ADULT_AGE)
      continue
    const shown = ref({ index, member: m }, [ageDetail(m), disabilityDetail(m)])
    children.push(index)
    if (m.age < REHAB_YOUNG_AGE_LIMIT) {
      young.push(shown)
    }
    else {
      older.push(shown)
      olderIndexes.push(index)
    }
  }
  if (children.length === 0)
    return { verdict: 'unlikely', reasons: [reason('childRehabNone')] }
  const reasons: Text[] = []
  if (young.length > 0)
    reasons.push(reason('childRehabYoung', { members: young }))
  if (older.length > 0)
    reasons.push(reason('childRehabOlder', { members: older }))
  return young.length > 0
    ? { verdict: 'likely', reasons, members: children }
    : { verdict: 'possible', reasons, members: olderIndexes }
}

const NO_RELATIONS: readonly Relation[] = []

// Who is the parent of a member, seen from the applicant ("self").
const PARENT_RELATIONS: Partial<Record<Relation, readonly Relation[]>> = {
  self: ['parent'],
  sibling: ['parent'],
  child: ['self', 'spouse'],
  grandchild: ['child'],
}

/**
 * orphan: a minor without a capable supporter whose parents are not in the household or are
 * themselves seriously ill or severely disabled (事实无人抚养儿童). Only Civil Affairs can
 * establish death, disappearance or imprisonment of parents → "possible" at most.
 */
function findOrphans(answers: DiagnosisAnswers): Indexed[] {
  const members = answers.members
  const orphans: Indexed[] = []
  for (let index = 0; index < members.length; index++) {
    const m = members[index]!
    if (m.age >= ADULT_AGE || m.hasCapableSupporter)
      continue
    const parentRelations = PARENT_RELATIONS[m.relation] ?? NO_RELATIONS
    let cared = false
    for (const p of members) {
      if (p !== m && parentRelations.includes(p.relation) && !(p.seriousIllness || isSeverelyDisabled(p))) {
        cared = true
        break
      }
    }
    if (!cared)
      orphans.push({ index, member: m })
  }
  return orphans
}

function diagnoseOrphan(orphans: Indexed[]): Finding {
  return orphans.length > 0
    ? { verdict: 'possible', reasons: [reason('orphanPossible', { members: orphans.map(ageRef) })], members: indexesOf(orphans) }
    : { verdict: 'unlikely', reasons: [reason('orphanNone')] }
}

function toResult(item: ItemCode, finding: Finding): DiagnosisResult {
  const result: DiagnosisResult = { item, verdict: finding.verdict, reasons: finding.reasons }
  if (finding.members && finding.members.length > 0)
    result.members = finding.members
  if (finding.flip)
    result.flip = finding.flip
  return result
}

/**
 * One result for every item code, likely → possible → unlikely, in ITEM_CODES order within
 * each verdict. Pure: the same answers and region always give the same results.
 */
export function diagnose(answers: DiagnosisAnswers, region: ResolvedRegion): DiagnosisResult[] {
  const c = buildCtx(answers, region)
  const edge = diagnoseEdge(c)
  const basic: Record<Scheme, Finding> = {
    dibao: diagnoseDibao(c, edge),
    dibao_edge: edge,
    tekun: diagnoseTekun(c),
    expense_hardship: diagnoseExpense(c),
  }
  const bases = findBases(c, basic)
  const orphans = findOrphans(answers)
  const findings: Record<ItemCode, Finding> = {
    dibao: basic.dibao,
    dibao_edge: edge,
    tekun: basic.tekun,
    expense_hardship: basic.expense_hardship,
    medical: diagnoseMedical(c, bases),
    education: diagnoseEducation(c, bases, orphans),
    housing: diagnoseHousing(c, bases),
    employment: diagnoseEmployment(c, bases),
    disaster: diagnoseDisaster(c),
    temporary: diagnoseTemporary(c, basic.expense_hardship),
    vagrant: diagnoseVagrant(),
    disability_allowance: diagnoseDisability(c, bases),
    electricity: diagnoseElectricity(bases),
    funeral: diagnoseFuneral(bases),
    two_cancers: diagnoseTwoCancers(c, bases),
    child_rehab: diagnoseChildRehab(c),
    orphan: diagnoseOrphan(orphans),
  }
  // Likely, then possible, then unlikely, each in ITEM_CODES order (a stable sort by verdict).
  const likely: DiagnosisResult[] = []
  const possible: DiagnosisResult[] = []
  const unlikely: DiagnosisResult[] = []
  for (const item of ITEM_CODES) {
    const result = toResult(item, findings[item])
    const bucket = result.verdict === 'likely' ? likely : result.verdict === 'possible' ? possible : unlikely
    bucket.push(result)
  }
  return likely.concat(possible, unlikely)
}
