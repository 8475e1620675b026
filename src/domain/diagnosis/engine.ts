import type { DepartmentCode, ItemCode } from '../items'
import type { Lang } from '../lang'
import type { ResolvedRegion } from '../regions/types'
import type { EdgeLineInfo, MemberRef, Messages, Scheme, TekunCategory } from './messages'
import type { DiagnosisAnswers, DiagnosisMember, ReceivableItem, Relation } from './schema'
import { ADULT_AGE, ELDERLY_AGE, WORKING_AGE_MAX, WORKING_AGE_MIN } from '../age'
import { DEPARTMENTS, ITEM_CODES, ITEMS } from '../items'
import { fenToYuan, yuanToFen } from '../money'
import { edgeIncomeLine } from '../regions/resolve'
import { MESSAGES } from './messages'

// Self-diagnosis (社会救助自诊): answers + region figures → one verdict per item.
// A verdict is a hint for the resident, never a decision: the office decides after the
// economic check (核对) and the home visit. So "likely" always states its basis and
// anything we cannot see from the answers stays "possible" at most.

export const VERDICTS = ['likely', 'possible', 'unlikely'] as const
export type Verdict = typeof VERDICTS[number]

export interface DiagnosisResult {
  item: ItemCode
  verdict: Verdict
  /** full sentences in the requested language, naming the figures compared */
  reasons: string[]
  /** indexes into answers.members the verdict is about */
  members?: number[]
  documents: string[]
  department: { code: DepartmentCode, name: string }
  /** the one answer that would change the verdict, when there is one */
  flip?: string
}

// 残疾儿童康复救助 covers children aged 0–6 nation-wide (国发〔2018〕20号); older ones vary by place.
const REHAB_YOUNG_AGE_LIMIT = 7
const MOST_SEVERE_GRADE = 1
const SEVERE_GRADE_LIMIT = 2

const VERDICT_RANK: Record<Verdict, number> = { likely: 0, possible: 1, unlikely: 2 }

interface Finding {
  verdict: Verdict
  reasons: string[]
  members?: number[]
  flip?: string
}

type AssetFailure = 'deposits' | 'vehicles' | 'extraHousing'

interface AssetCheck {
  scheme: Scheme
  limit: number
  failures: AssetFailure[]
}

interface Basis {
  scheme: Scheme
  receiving: boolean
}

interface Ctx {
  answers: DiagnosisAnswers
  region: ResolvedRegion
  t: Messages
  n: number
  /** household income after the job exemptions */
  income: number
  perCapita: number
  exemptionReasons: string[]
  edge: EdgeLineInfo
  dibaoAssets: AssetCheck
  edgeAssets: AssetCheck
  /** the whole household passes the dibao income and asset tests */
  dibaoHouseholdLikely: boolean
  receiving: ReadonlySet<ReceivableItem>
}

// Compare what we show: a per-capita figure shown as 886 must not count as 885.999.
function roundCents(value: number): number {
  return fenToYuan(yuanToFen(value))
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

function ref({ index, member }: Indexed, details?: string[]): MemberRef {
  return details && details.length > 0 ? { index, relation: member.relation, details } : { index, relation: member.relation }
}

function healthDetails(c: Ctx, m: DiagnosisMember): string[] {
  const details: string[] = []
  if (m.seriousIllness)
    details.push(c.t.detailIllness())
  if (isDisabled(m))
    details.push(c.t.detailDisability(m.disabilityGrade))
  return details
}

function membersWhere(members: DiagnosisMember[], test: (m: DiagnosisMember) => boolean): Indexed[] {
  return members.flatMap((member, index) => (test(member) ? [{ index, member }] : []))
}

function indexesOf(list: Indexed[]): number[] {
  return list.map(x => x.index)
}

function assetCheck(answers: DiagnosisAnswers, scheme: Scheme, limit: number): AssetCheck {
  const failures: AssetFailure[] = []
  if (answers.assets.depositsPerCapita > limit)
    failures.push('deposits')
  if (answers.assets.vehicles > 0)
    failures.push('vehicles')
  if (answers.assets.extraHousing)
    failures.push('extraHousing')
  return { scheme, limit, failures }
}

function assetReasons(c: Ctx, check: AssetCheck): string[] {
  const deposits = c.answers.assets.depositsPerCapita
  if (check.failures.length === 0)
    return [c.t.assetsWithin({ scheme: check.scheme, deposits, limit: check.limit })]
  return check.failures.map((failure) => {
    if (failure === 'deposits')
      return c.t.depositsOver({ scheme: check.scheme, deposits, limit: check.limit })
    if (failure === 'vehicles')
      return c.t.vehicleOwned(check.scheme, c.answers.assets.vehicles)
    return c.t.extraHousingOwned(check.scheme)
  })
}

// Only a single failed asset test can be flipped by one answer.
function assetFlip(c: Ctx, check: AssetCheck): string | undefined {
  if (check.failures.length !== 1)
    return undefined
  const [failure] = check.failures
  if (failure === 'deposits')
    return c.t.flipDeposits(check.scheme, check.limit)
  if (failure === 'vehicles')
    return c.t.flipVehicle(check.scheme)
  return c.t.flipExtraHousing(check.scheme)
}

/**
 * Income as the office counts it. Zhejiang (浙民助〔2021〕72号): a 低保 member's first job
 * is not counted for jobExemptMonths, a disabled 低保 member's for disabledJobExemptMonths.
 * Both rules are for households already receiving 低保, as the source text says.
 */
function countIncome(answers: DiagnosisAnswers, region: ResolvedRegion, t: Messages) {
  const receivesDibao = answers.receiving.includes('dibao')
  const reasons: string[] = []
  let income = 0
  answers.members.forEach((m, index) => {
    const months = m.jobStartedMonthsAgo
    if (receivesDibao && months !== undefined && m.monthlyIncome > 0) {
      const member: MemberRef = { index, relation: m.relation }
      if (isDisabled(m) && months < region.disabledJobExemptMonths) {
        reasons.push(t.incomeExemptDisabled({ member, income: m.monthlyIncome, months, limit: region.disabledJobExemptMonths }))
        return
      }
      if (months < region.jobExemptMonths) {
        reasons.push(t.incomeExempt({ member, income: m.monthlyIncome, months, limit: region.jobExemptMonths }))
        return
      }
    }
    income += m.monthlyIncome
  })
  return { income, reasons }
}

function buildCtx(answers: DiagnosisAnswers, region: ResolvedRegion, lang: Lang): Ctx {
  const t = MESSAGES[lang]
  const n = answers.members.length
  const { income, reasons } = countIncome(answers, region, t)
  const perCapita = roundCents(income / n)
  const raw = region.edgeMultiple * region.dibaoMonthly
  const line = edgeIncomeLine(region)
  const edge: EdgeLineInfo = {
    line,
    multiple: region.edgeMultiple,
    dibao: region.dibaoMonthly,
    raw,
    capped: line < raw,
    minWage: region.minWageMonthly,
  }
  const dibaoAssets = assetCheck(answers, 'dibao', region.maxDepositsPerCapita)
  const edgeAssets = assetCheck(answers, 'dibao_edge', region.edgeMaxDepositsPerCapita)
  return {
    answers,
    region,
    t,
    n,
    income,
    perCapita,
    exemptionReasons: reasons,
    edge,
    dibaoAssets,
    edgeAssets,
    // Strictly below the line: income equal to the standard does not qualify.
    dibaoHouseholdLikely: perCapita < region.dibaoMonthly && dibaoAssets.failures.length === 0,
    receiving: new Set(answers.receiving),
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
  const { t, perCapita, edge } = c
  if (c.dibaoHouseholdLikely)
    return { verdict: 'unlikely', reasons: [t.coveredByDibao('dibao_edge')] }
  const within = perCapita <= edge.line
  const assetsOk = c.edgeAssets.failures.length === 0
  const reasons = [
    ...c.exemptionReasons,
    within ? t.edgeIncomeWithin(perCapita, edge) : t.edgeIncomeAbove(perCapita, edge),
    ...assetReasons(c, c.edgeAssets),
  ]
  if (within && assetsOk)
    return { verdict: 'likely', reasons }
  if (within)
    return { verdict: 'unlikely', reasons, flip: assetFlip(c, c.edgeAssets) }
  if (c.receiving.has('dibao_edge') && assetsOk)
    return { verdict: 'possible', reasons: [...reasons, t.edgeRenewal()] }
  const flip = assetsOk
    ? t.flipIncomeAtMost({ scheme: 'dibao_edge', line: edge.line, total: edge.line * c.n })
    : undefined
  return { verdict: 'unlikely', reasons, flip }
}

/**
 * dibao: likely when the household passes income (strictly below) and assets; or, in a
 * dibao-edge household, for each seriously ill or severely disabled member as a single-person
 * household (单人户, 浙民助〔2021〕72号). "possible" only for a household receiving dibao now
 * whose income has reached the line with assets still fine: exit goes through review and a
 * phase-out period (渐退期). Income below but assets over → unlikely, with the asset flip.
 */
function diagnoseDibao(c: Ctx, edge: Finding): Finding {
  const { t, perCapita } = c
  const line = c.region.dibaoMonthly
  const below = perCapita < line
  const reasons = [
    ...c.exemptionReasons,
    below ? t.dibaoIncomeBelow({ income: perCapita, line }) : t.dibaoIncomeNotBelow({ income: perCapita, line }),
    ...assetReasons(c, c.dibaoAssets),
  ]
  if (c.dibaoHouseholdLikely)
    return { verdict: 'likely', reasons }

  if (edge.verdict === 'likely') {
    const single = membersWhere(c.answers.members, m => m.seriousIllness || isSeverelyDisabled(m))
    if (single.length > 0) {
      const refs = single.map(s => ref(s, healthDetails(c, s.member)))
      return { verdict: 'likely', reasons: [...reasons, t.singlePerson(refs)], members: indexesOf(single) }
    }
  }

  const assetsOk = c.dibaoAssets.failures.length === 0
  if (below)
    return { verdict: 'unlikely', reasons, flip: assetFlip(c, c.dibaoAssets) }
  if (c.receiving.has('dibao') && assetsOk)
    return { verdict: 'possible', reasons: [...reasons, t.dibaoRenewal()] }
  const flip = assetsOk ? t.flipIncomeBelow({ scheme: 'dibao', line, total: line * c.n }) : undefined
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
function diagnoseTekun(c: Ctx): Finding {
  const { t } = c
  const line = c.region.tekunMonthly
  const members: number[] = []
  const reasons: string[] = []
  let flip: string | undefined
  c.answers.members.forEach((m, index) => {
    const category = tekunCategory(m)
    if (!category)
      return
    const member = ref({ index, member: m })
    const flips: string[] = []
    if (m.canWork)
      flips.push(t.flipTekunWork(member))
    if (m.monthlyIncome >= line)
      flips.push(t.flipTekunIncome(member, line))
    if (m.hasCapableSupporter)
      flips.push(t.flipTekunSupporter(member))
    if (flips.length === 0) {
      members.push(index)
      reasons.push(t.tekunMember({ member, category, age: m.age, grade: m.disabilityGrade, income: m.monthlyIncome, line }))
    }
    else if (flips.length === 1 && flip === undefined) {
      flip = flips[0]
    }
  })
  const receiving = c.receiving.has('tekun')
  if (members.length > 0)
    return { verdict: 'likely', reasons: receiving ? [...reasons, t.tekunReceiving()] : reasons, members }
  if (receiving)
    return { verdict: 'possible', reasons: [t.tekunReceiving(), t.tekunNone(line)] }
  return { verdict: 'unlikely', reasons: [t.tekunNone(line)], flip }
}

/**
 * expense_hardship: not dibao, rigid medical and education costs > 0, and per-capita
 * income after deducting them below the dibao line, with assets within the edge limits.
 */
function diagnoseExpense(c: Ctx): Finding {
  const { t } = c
  if (c.dibaoHouseholdLikely)
    return { verdict: 'unlikely', reasons: [t.coveredByDibao('expense_hardship')] }
  const { medical, education } = c.answers.monthlyRigidExpenses
  const rigid = medical + education
  if (rigid <= 0)
    return { verdict: 'unlikely', reasons: [t.expenseNoRigid()] }
  const line = c.region.dibaoMonthly
  const after = Math.max(0, roundCents((c.income - rigid) / c.n))
  const below = after < line
  const info = { income: c.perCapita, medical, education, after, line }
  const reasons = [
    ...c.exemptionReasons,
    below ? t.expenseAfterBelow(info) : t.expenseAfterNotBelow(info),
    ...assetReasons(c, c.edgeAssets),
  ]
  const assetsOk = c.edgeAssets.failures.length === 0
  if (below && assetsOk)
    return { verdict: 'likely', reasons }
  if (below)
    return { verdict: 'unlikely', reasons, flip: assetFlip(c, c.edgeAssets) }
  // after ≥ line: costs above (income − n × line) would bring it below
  return { verdict: 'unlikely', reasons, flip: assetsOk ? t.flipExpense(c.income - line * c.n) : undefined }
}

const BASIS_ORDER: readonly Scheme[] = ['dibao', 'tekun', 'dibao_edge', 'expense_hardship']

// Low-income status the special items build on: found likely here or received now.
function findBases(c: Ctx, findings: Record<Scheme, Finding>): Basis[] {
  return BASIS_ORDER.flatMap((scheme) => {
    const receiving = scheme !== 'expense_hardship' && c.receiving.has(scheme)
    return receiving || findings[scheme].verdict === 'likely' ? [{ scheme, receiving }] : []
  })
}

function basisReason(c: Ctx, basis: Basis): string {
  return basis.receiving ? c.t.basisReceiving(basis.scheme) : c.t.basisFound(basis.scheme)
}

function isDibaoOrTekun(basis: Basis): boolean {
  return basis.scheme === 'dibao' || basis.scheme === 'tekun'
}

/**
 * medical: dibao / tekun always likely (premium fully paid, 粤府办〔2024〕12号); edge and
 * expense households likely with a serious illness or medical costs, else "possible" because
 * other low-income people get premium support "按规定" (as regulated locally).
 */
function diagnoseMedical(c: Ctx, bases: Basis[]): Finding {
  const { t } = c
  const ill = membersWhere(c.answers.members, m => m.seriousIllness)
  const expense = c.answers.monthlyRigidExpenses.medical
  const need: string[] = []
  if (ill.length > 0)
    need.push(t.medicalIll(ill.map(s => ref(s))))
  if (expense > 0)
    need.push(t.medicalExpense(expense))
  const members = ill.length > 0 ? indexesOf(ill) : undefined
  const core = bases.find(isDibaoOrTekun)
  if (core) {
    const reasons = [basisReason(c, core), t.medicalPremium(), ...need]
    return { verdict: 'likely', reasons: need.length > 0 ? [...reasons, t.medicalOutOfPocket()] : reasons, members }
  }
  const basis = bases[0]
  if (basis && need.length > 0)
    return { verdict: 'likely', reasons: [basisReason(c, basis), ...need, t.medicalOutOfPocket()], members }
  if (basis)
    return { verdict: 'possible', reasons: [basisReason(c, basis), t.medicalPremiumOther()] }
  return { verdict: 'unlikely', reasons: [t.noBasis(), ...need], members }
}

/**
 * education: a low-income household with a pupil or student. Without a low-income basis a
 * student who may be an orphan is "possible": orphans are named in the education rule.
 */
function diagnoseEducation(c: Ctx, bases: Basis[], orphans: Indexed[]): Finding {
  const { t } = c
  const isStudent = (m: DiagnosisMember) => m.student !== 'none'
  const studentRef = (s: Indexed) => ref(s, [t.detailStudent(s.member.student)])
  const students = membersWhere(c.answers.members, isStudent)
  const refs = students.map(studentRef)
  const basis = bases[0]
  if (basis && students.length > 0)
    return { verdict: 'likely', reasons: [basisReason(c, basis), t.educationStudents(refs)], members: indexesOf(students) }
  const orphanStudents = orphans.filter(o => isStudent(o.member))
  if (orphanStudents.length > 0) {
    const orphanRefs = orphanStudents.map(studentRef)
    return { verdict: 'possible', reasons: [t.educationOrphan(orphanRefs)], members: indexesOf(orphanStudents) }
  }
  const reasons = [
    ...(basis ? [] : [t.noBasis()]),
    students.length > 0 ? t.educationStudents(refs) : t.educationNoStudents(),
  ]
  return { verdict: 'unlikely', reasons }
}

function diagnoseHousing(c: Ctx, bases: Basis[]): Finding {
  const { t } = c
  const situation = c.answers.housing
  const need = situation === 'adequate' ? t.housingAdequate() : t.housingNeed(situation)
  const basis = bases[0]
  if (basis && situation !== 'adequate')
    return { verdict: 'likely', reasons: [basisReason(c, basis), need] }
  return { verdict: 'unlikely', reasons: basis ? [need] : [t.noBasis(), need] }
}

function diagnoseEmployment(c: Ctx, bases: Basis[]): Finding {
  const { t } = c
  const candidates = membersWhere(
    c.answers.members,
    m => m.canWork && m.unemployed && m.age >= WORKING_AGE_MIN && m.age <= WORKING_AGE_MAX,
  )
  const refs = candidates.map(s => ref(s, [t.detailAge(s.member.age)]))
  const basis = bases[0]
  if (basis && candidates.length > 0)
    return { verdict: 'likely', reasons: [basisReason(c, basis), t.employmentMembers(refs)], members: indexesOf(candidates) }
  const reasons = [
    ...(basis ? [] : [t.noBasis()]),
    candidates.length > 0 ? t.employmentMembers(refs) : t.employmentNone(),
  ]
  return { verdict: 'unlikely', reasons }
}

/**
 * disability_allowance: the care allowance for grade 1–2 does not look at income; the living
 * allowance is for disabled members of low-income households (extended to edge households,
 * 粤府办〔2024〕12号).
 */
function diagnoseDisability(c: Ctx, bases: Basis[]): Finding {
  const { t } = c
  const members = c.answers.members
  const severe = membersWhere(members, isSeverelyDisabled)
  const disabled = membersWhere(members, isDisabled)
  const refs = (list: Indexed[]) => list.map(s => ref(s, [t.detailDisability(s.member.disabilityGrade)]))
  const basis = bases[0]
  if (disabled.length === 0)
    return { verdict: 'unlikely', reasons: [t.disabilityNone()] }
  if (basis) {
    const reasons = [
      basisReason(c, basis),
      ...(severe.length > 0 ? [t.disabilitySevere(refs(severe))] : []),
      t.disabilityLowIncome(refs(disabled)),
    ]
    return { verdict: 'likely', reasons, members: indexesOf(disabled) }
  }
  if (severe.length > 0)
    return { verdict: 'likely', reasons: [t.disabilitySevere(refs(severe))], members: indexesOf(severe) }
  return { verdict: 'unlikely', reasons: [t.disabilityNoBasis(refs(disabled))], members: indexesOf(disabled) }
}

function diagnoseDisaster(c: Ctx): Finding {
  return c.answers.events.disaster
    ? { verdict: 'likely', reasons: [c.t.disasterYes()] }
    : { verdict: 'unlikely', reasons: [c.t.disasterNo()] }
}

/**
 * temporary: an event plus income within the edge line (or expense hardship) → likely; the
 * event alone → possible, since emergencies get a simplified check (浙江) and are granted
 * where they happen (广东).
 */
function diagnoseTemporary(c: Ctx, expense: Finding): Finding {
  const { t, perCapita, edge } = c
  const { suddenHardship, disaster } = c.answers.events
  const events = [...(suddenHardship ? [t.eventSudden()] : []), ...(disaster ? [t.eventDisaster()] : [])]
  const within = perCapita <= edge.line
  const lowIncome = within || expense.verdict === 'likely'
  if (events.length === 0)
    return { verdict: 'unlikely', reasons: [t.temporaryNoEvent()], flip: lowIncome ? t.flipTemporary() : undefined }
  if (within)
    return { verdict: 'likely', reasons: [...events, t.edgeIncomeWithin(perCapita, edge)] }
  if (lowIncome)
    return { verdict: 'likely', reasons: [...events, t.basisFound('expense_hardship')] }
  return { verdict: 'possible', reasons: [...events, t.temporaryHighIncome(perCapita, edge)] }
}

// vagrant help is for people stranded away from home, which a household questionnaire
// cannot establish: always unlikely, with where to go if it is the case.
function diagnoseVagrant(c: Ctx): Finding {
  return { verdict: 'unlikely', reasons: [c.t.vagrantInfo()] }
}

// electricity: 对最低生活保障对象、特困人员减免电费 (粤府办〔2024〕12号).
function diagnoseElectricity(c: Ctx, bases: Basis[]): Finding {
  const core = bases.find(isDibaoOrTekun)
  return core
    ? { verdict: 'likely', reasons: [basisReason(c, core), c.t.electricityYes()] }
    : { verdict: 'unlikely', reasons: [c.t.electricityNo()] }
}

// funeral: only applies on a death, which we do not ask about → "possible" at most.
function diagnoseFuneral(c: Ctx, bases: Basis[]): Finding {
  const basis = bases[0]
  return basis
    ? { verdict: 'possible', reasons: [basisReason(c, basis), c.t.funeralPossible()] }
    : { verdict: 'unlikely', reasons: [c.t.funeralNo()] }
}

/**
 * two_cancers (低收入妇女"两癌"救助): for women of low-income households diagnosed with cervical
 * or breast cancer. The questionnaire asks sex but not the diagnosis, so an adult woman with a
 * serious illness in a low-income household is "possible", never "likely". Men are never
 * proposed. A member whose sex is not known (answers given before the question existed) stays
 * "possible" with the reason that the aid is for women, so that nobody is left out unasked.
 */
function diagnoseTwoCancers(c: Ctx, bases: Basis[]): Finding {
  const basis = bases[0]
  const candidates = basis
    ? membersWhere(c.answers.members, m => m.seriousIllness && m.age >= ADULT_AGE && m.sex !== 'male')
    : []
  if (!basis || candidates.length === 0)
    return { verdict: 'unlikely', reasons: [c.t.twoCancersNo()] }
  const women = candidates.filter(s => s.member.sex === 'female')
  const unknown = candidates.filter(s => s.member.sex === undefined)
  return {
    verdict: 'possible',
    reasons: [
      basisReason(c, basis),
      ...(women.length > 0 ? [c.t.twoCancersPossible(women.map(s => ref(s)))] : []),
      ...(unknown.length > 0 ? [c.t.twoCancersSexUnknown(unknown.map(s => ref(s)))] : []),
    ],
    members: indexesOf(candidates),
  }
}

// child_rehab: disabled children 0–6 are covered nation-wide regardless of income (国发
// 〔2018〕20号; Guangdong extends it to residence-permit holders, 粤府办〔2024〕12号);
// 7–17 depends on the place → possible.
function diagnoseChildRehab(c: Ctx): Finding {
  const { t } = c
  const members = c.answers.members
  const young = membersWhere(members, m => isDisabled(m) && m.age < REHAB_YOUNG_AGE_LIMIT)
  const older = membersWhere(members, m => isDisabled(m) && m.age >= REHAB_YOUNG_AGE_LIMIT && m.age < ADULT_AGE)
  const refs = (list: Indexed[]) => list.map(s => ref(s, [t.detailAge(s.member.age), t.detailDisability(s.member.disabilityGrade)]))
  const reasons = [
    ...(young.length > 0 ? [t.childRehabYoung(refs(young))] : []),
    ...(older.length > 0 ? [t.childRehabOlder(refs(older))] : []),
  ]
  if (young.length > 0)
    return { verdict: 'likely', reasons, members: indexesOf([...young, ...older]).sort((a, b) => a - b) }
  if (older.length > 0)
    return { verdict: 'possible', reasons, members: indexesOf(older) }
  return { verdict: 'unlikely', reasons: [t.childRehabNone()] }
}

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
  return membersWhere(members, (m) => {
    if (m.age >= ADULT_AGE || m.hasCapableSupporter)
      return false
    const parentRelations = PARENT_RELATIONS[m.relation] ?? []
    const parents = members.filter(p => p !== m && parentRelations.includes(p.relation))
    return parents.every(p => p.seriousIllness || isSeverelyDisabled(p))
  })
}

function diagnoseOrphan(c: Ctx, orphans: Indexed[]): Finding {
  return orphans.length > 0
    ? { verdict: 'possible', reasons: [c.t.orphanPossible(orphans.map(s => ref(s, [c.t.detailAge(s.member.age)])))], members: indexesOf(orphans) }
    : { verdict: 'unlikely', reasons: [c.t.orphanNone()] }
}

function toResult(item: ItemCode, finding: Finding, lang: Lang): DiagnosisResult {
  const info = ITEMS[item]
  const result: DiagnosisResult = {
    item,
    verdict: finding.verdict,
    reasons: finding.reasons,
    documents: [...info.documents[lang]],
    department: { code: info.department, name: DEPARTMENTS[info.department].name[lang] },
  }
  if (finding.members && finding.members.length > 0)
    result.members = finding.members
  if (finding.flip)
    result.flip = finding.flip
  return result
}

/**
 * One result for every item code, likely → possible → unlikely, in ITEM_CODES order within
 * each verdict. Pure: the same answers, region and language always give the same results.
 */
export function diagnose(answers: DiagnosisAnswers, region: ResolvedRegion, lang: Lang): DiagnosisResult[] {
  const c = buildCtx(answers, region, lang)
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
    ...basic,
    medical: diagnoseMedical(c, bases),
    education: diagnoseEducation(c, bases, orphans),
    housing: diagnoseHousing(c, bases),
    employment: diagnoseEmployment(c, bases),
    disaster: diagnoseDisaster(c),
    temporary: diagnoseTemporary(c, basic.expense_hardship),
    vagrant: diagnoseVagrant(c),
    disability_allowance: diagnoseDisability(c, bases),
    electricity: diagnoseElectricity(c, bases),
    funeral: diagnoseFuneral(c, bases),
    two_cancers: diagnoseTwoCancers(c, bases),
    child_rehab: diagnoseChildRehab(c),
    orphan: diagnoseOrphan(c, orphans),
  }
  return ITEM_CODES
    .map(item => toResult(item, findings[item], lang))
    .sort((a, b) => VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict])
}
