import type { CheckFlag, CheckFound, CheckReport, CheckSource, SourceFinding } from '../../../src/domain/application/check-report'
import type { Declaration } from '../../../src/domain/application/schemas'
import type { Lang } from '../../../src/domain/lang'
import type { ResolvedRegion } from '../../../src/domain/regions/index'
import type { EconomicCheckResult } from '../../adapters/index'
import { CHECK_SOURCES } from '../../../src/domain/application/check-report'
import { maskName } from '../../../src/domain/mask'
import { fenToYuan, yuanToFen } from '../../../src/domain/money'
import { checkSourceKey } from '../../../src/domain/vocabulary'
import { translate } from '../../catalog'

// The economic check report: what the sources found per member, and flags where it differs
// from the application or breaks a regional limit. A hint for staff, never a decision.

/** Declared and found income may differ by this much before it is flagged (rounding, bonuses). */
export const INCOME_TOLERANCE_YUAN = 100
export const INCOME_TOLERANCE_SHARE = 0.1

export interface ReportMember {
  name: string
  idNumber: string
  monthlyIncome: number
}

export interface ReportInput {
  lang: Lang
  members: ReportMember[]
  /** The applicant's ID number: members registered in another household are flagged. */
  applicantIdNumber: string
  result: EconomicCheckResult
  region: ResolvedRegion | null
  /** dibao_edge households may keep more deposits than dibao households. */
  edge: boolean
  /** The household's own declaration (per capita computed here over the application's members). */
  declared: Declaration | null
}

type Texts = ReturnType<typeof texts>

/** The report's words (server.checkReport in server/locales) in one language. */
function texts(lang: Lang) {
  // Yuan rounded to the fen, as the sources' figures are read out.
  const n = (v: number) => String(fenToYuan(yuanToFen(v)))
  const summary = (key: string, params: Record<string, string | number> = {}) => translate(lang, `server.checkReport.summary.${key}`, params)
  const flag = (key: string, params: Record<string, string | number> = {}) => translate(lang, `server.checkReport.flags.${key}`, params)
  /** An optional remark after a flag ("（申报 1 辆）"), or nothing. */
  const remark = (key: string, params: Record<string, string | number> | null) => params ? flag(key, params) : ''
  /** Where someone is registered ("（区划 339901001001）"), when the source says. */
  const area = (code: string | null) => code ? translate(lang, 'server.checkReport.area', { area: code }) : ''
  return {
    summary: {
      huji: (f: CheckFound['huji']) => f.registered ? summary('huji', { area: area(f.areaCode) }) : summary('hujiNone'),
      shebao: (f: CheckFound['shebao']) => f.insured ? summary('shebao', { wage: n(f.monthlyWage), pension: n(f.monthlyPension) }) : summary('shebaoNone'),
      budongchan: (f: CheckFound['budongchan']) => f.properties > 0 ? summary(f.properties === 1 ? 'budongchanOne' : 'budongchan', { count: f.properties, area: n(f.totalAreaM2) }) : summary('none'),
      cheliang: (f: CheckFound['cheliang']) => f.vehicles > 0 ? summary('cheliang', { count: f.vehicles, value: n(f.estimatedValue) }) : summary('none'),
      gongjijin: (f: CheckFound['gongjijin']) => f.monthlyContribution > 0 ? summary('gongjijin', { amount: n(f.monthlyContribution) }) : summary('gongjijinNone'),
      yinhang: (f: CheckFound['yinhang']) => summary('yinhang', { deposits: n(f.deposits), assets: n(f.financialAssets) }),
      gongshang: (f: CheckFound['gongshang']) => f.businesses > 0 ? summary('gongshang', { count: f.businesses, income: n(f.monthlyTaxableIncome) }) : summary('none'),
    } satisfies { [S in CheckSource]: (f: CheckFound[S]) => string },
    income: (declared: number, found: number, parts: string[]) => flag('income', { declared: n(declared), found: n(found), parts: remark('incomeParts', parts.length ? { parts: parts.join(flag('partSeparator')) } : null) }),
    parts: { wage: (v: number) => flag('wage', { amount: n(v) }), pension: (v: number) => flag('pension', { amount: n(v) }), business: (v: number) => flag('businessIncome', { amount: n(v) }) },
    vehicle: (count: number, value: number, declared: number | null) => flag('vehicle', { count, value: n(value), declared: remark('vehicleDeclared', declared !== null ? { count: declared } : null) }),
    business: (count: number, income: number) => flag('business', { count, income: n(income) }),
    notRegistered: flag('notRegistered'),
    otherHousehold: (code: string | null) => flag('otherHousehold', { area: area(code) }),
    property: (count: number, area: number, declaredNone: boolean) => flag('property', { count, area: n(area), declared: remark('propertyDeclaredNone', declaredNone ? {} : null) }),
    deposits: (perCapita: number, limit: number, declared: number | null) => flag('deposits', { perCapita: n(perCapita), limit: n(limit), declared: remark('depositsDeclared', declared !== null ? { amount: n(declared) } : null) }),
  }
}

function findingOf<S extends CheckSource>(findings: SourceFinding[], source: S): CheckFound[S] | undefined {
  return findings.find(f => f.source === source)?.found as CheckFound[S] | undefined
}

function summaryOf(t: Texts, finding: SourceFinding): string {
  const summarise = t.summary[finding.source] as (f: unknown) => string
  return summarise(finding.found)
}

export function buildCheckReport(input: ReportInput): CheckReport {
  const t = texts(input.lang)
  const byId = new Map(input.result.persons.map(p => [p.idNumber, p.findings]))
  const applicantRef = findingOf(byId.get(input.applicantIdNumber) ?? [], 'huji')?.householdRef ?? null
  let properties = 0
  let propertyArea = 0
  let wealth = 0

  const members = input.members.map((member, index) => {
    const findings = byId.get(member.idNumber) ?? []
    const flags: CheckFlag[] = []
    const shebao = findingOf(findings, 'shebao')
    const gongshang = findingOf(findings, 'gongshang')
    const wage = shebao?.monthlyWage ?? 0
    const pension = shebao?.monthlyPension ?? 0
    const business = gongshang?.monthlyTaxableIncome ?? 0
    const found = wage + pension + business
    if (Math.abs(found - member.monthlyIncome) > Math.max(INCOME_TOLERANCE_YUAN, member.monthlyIncome * INCOME_TOLERANCE_SHARE)) {
      const parts = [wage > 0 && t.parts.wage(wage), pension > 0 && t.parts.pension(pension), business > 0 && t.parts.business(business)].filter((p): p is string => Boolean(p))
      flags.push({ kind: 'income_mismatch', text: t.income(member.monthlyIncome, found, parts) })
    }
    const huji = findingOf(findings, 'huji')
    if (huji && !huji.registered)
      flags.push({ kind: 'not_registered', text: t.notRegistered })
    else if (huji && applicantRef && huji.householdRef !== applicantRef)
      flags.push({ kind: 'other_household', text: t.otherHousehold(huji.areaCode) })
    const cars = findingOf(findings, 'cheliang')
    if (cars && cars.vehicles > 0)
      flags.push({ kind: 'vehicle', text: t.vehicle(cars.vehicles, cars.estimatedValue, input.declared ? input.declared.vehicles : null) })
    if (gongshang && gongshang.businesses > 0)
      flags.push({ kind: 'business', text: t.business(gongshang.businesses, gongshang.monthlyTaxableIncome) })

    const estate = findingOf(findings, 'budongchan')
    properties += estate?.properties ?? 0
    propertyArea += estate?.totalAreaM2 ?? 0
    const bank = findingOf(findings, 'yinhang')
    wealth += (bank?.deposits ?? 0) + (bank?.financialAssets ?? 0)

    const ordered = CHECK_SOURCES.map(s => findings.find(f => f.source === s)).filter((f): f is SourceFinding => f !== undefined)
    return {
      index,
      nameMasked: maskName(member.name),
      declaredMonthlyIncome: member.monthlyIncome,
      foundMonthlyIncome: found,
      sources: ordered.map(f => ({ ...f, sourceName: translate(input.lang, checkSourceKey(f.source)), summary: summaryOf(t, f) })) as CheckReport['members'][number]['sources'],
      flags,
    }
  })

  const householdFlags: CheckFlag[] = []
  // One home is the family's own; more is property the rules count.
  if (properties > 1)
    householdFlags.push({ kind: 'extra_property', text: t.property(properties, propertyArea, input.declared ? !input.declared.extraHousing : false) })
  if (input.region && input.members.length > 0) {
    const limit = input.edge ? input.region.edgeMaxDepositsPerCapita : input.region.maxDepositsPerCapita
    const perCapita = wealth / input.members.length
    if (perCapita > limit)
      householdFlags.push({ kind: 'deposits_over_limit', text: t.deposits(perCapita, limit, input.declared ? input.declared.depositsTotal / input.members.length : null) })
  }
  return { generatedAt: input.result.checkedAt, members, householdFlags }
}
