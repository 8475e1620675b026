import type { CheckFlag, CheckFound, CheckReport, CheckSource, SourceFinding } from '../../../src/domain/application/check-report'
import type { Declaration } from '../../../src/domain/application/schemas'
import type { Lang } from '../../../src/domain/lang'
import type { ResolvedRegion } from '../../../src/domain/regions/index'
import type { EconomicCheckResult } from '../../adapters/index'
import { CHECK_SOURCE_NAMES, CHECK_SOURCES } from '../../../src/domain/application/check-report'
import { maskName } from '../../../src/domain/mask'
import { fenToYuan, yuanToFen } from '../../../src/domain/money'

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

function texts(lang: Lang) {
  // Yuan rounded to the fen, as the sources' figures are read out.
  const n = (v: number) => String(fenToYuan(yuanToFen(v)))
  if (lang === 'en') {
    return {
      summary: {
        huji: (f: CheckFound['huji']) => f.registered ? `Registered (area ${f.areaCode})` : 'Not registered',
        shebao: (f: CheckFound['shebao']) => f.insured ? `Wage ${n(f.monthlyWage)} yuan/month, pension ${n(f.monthlyPension)} yuan/month` : 'No insurance record',
        budongchan: (f: CheckFound['budongchan']) => f.properties > 0 ? `${f.properties} propert${f.properties === 1 ? 'y' : 'ies'}, ${n(f.totalAreaM2)} m²` : 'None',
        cheliang: (f: CheckFound['cheliang']) => f.vehicles > 0 ? `${f.vehicles} vehicle(s), worth about ${n(f.estimatedValue)} yuan` : 'None',
        gongjijin: (f: CheckFound['gongjijin']) => f.monthlyContribution > 0 ? `Contributions ${n(f.monthlyContribution)} yuan/month` : 'No contributions',
        yinhang: (f: CheckFound['yinhang']) => `Deposits ${n(f.deposits)} yuan, financial assets ${n(f.financialAssets)} yuan`,
        gongshang: (f: CheckFound['gongshang']) => f.businesses > 0 ? `${f.businesses} registered business(es), taxable income ${n(f.monthlyTaxableIncome)} yuan/month` : 'None',
      } satisfies { [S in CheckSource]: (f: CheckFound[S]) => string },
      income: (declared: number, found: number, parts: string[]) => `Declared income ${n(declared)} yuan/month; the sources found ${n(found)} yuan/month${parts.length ? ` (${parts.join(', ')})` : ''}`,
      parts: { wage: (v: number) => `wage ${n(v)}`, pension: (v: number) => `pension ${n(v)}`, business: (v: number) => `business ${n(v)}` },
      vehicle: (count: number, value: number, declared: number | null) => `Owns ${count} vehicle(s) worth about ${n(value)} yuan${declared !== null ? `; ${declared} declared` : ''}`,
      business: (count: number, income: number) => `${count} registered business(es) with taxable income of ${n(income)} yuan/month`,
      notRegistered: 'Not found in the household registration',
      otherHousehold: (area: string | null) => `Registered in another household than the applicant's${area ? ` (area ${area})` : ''}`,
      property: (count: number, area: number, declaredNone: boolean) => `The household owns ${count} properties (${n(area)} m² in all)${declaredNone ? '; no extra housing was declared' : ''}`,
      deposits: (perCapita: number, limit: number, declared: number | null) => `Deposits and financial assets of ${n(perCapita)} yuan per person exceed the local limit of ${n(limit)} yuan${declared !== null ? `; ${n(declared)} declared` : ''}`,
    }
  }
  if (lang === 'zh-TW') {
    return {
      summary: {
        huji: (f: CheckFound['huji']) => f.registered ? `已登記（區劃 ${f.areaCode}）` : '未登記',
        shebao: (f: CheckFound['shebao']) => f.insured ? `工資 ${n(f.monthlyWage)} 元/月，養老金 ${n(f.monthlyPension)} 元/月` : '無參保記錄',
        budongchan: (f: CheckFound['budongchan']) => f.properties > 0 ? `${f.properties} 套，共 ${n(f.totalAreaM2)} 平方米` : '無',
        cheliang: (f: CheckFound['cheliang']) => f.vehicles > 0 ? `${f.vehicles} 輛，估值約 ${n(f.estimatedValue)} 元` : '無',
        gongjijin: (f: CheckFound['gongjijin']) => f.monthlyContribution > 0 ? `月繳存 ${n(f.monthlyContribution)} 元` : '無繳存',
        yinhang: (f: CheckFound['yinhang']) => `存款 ${n(f.deposits)} 元，金融資產 ${n(f.financialAssets)} 元`,
        gongshang: (f: CheckFound['gongshang']) => f.businesses > 0 ? `登記 ${f.businesses} 戶，月應稅收入 ${n(f.monthlyTaxableIncome)} 元` : '無',
      } satisfies { [S in CheckSource]: (f: CheckFound[S]) => string },
      income: (declared: number, found: number, parts: string[]) => `申報月收入 ${n(declared)} 元，核對發現 ${n(found)} 元${parts.length ? `（${parts.join('、')}）` : ''}`,
      parts: { wage: (v: number) => `工資 ${n(v)} 元`, pension: (v: number) => `養老金 ${n(v)} 元`, business: (v: number) => `經營所得 ${n(v)} 元` },
      vehicle: (count: number, value: number, declared: number | null) => `名下有機動車 ${count} 輛，估值約 ${n(value)} 元${declared !== null ? `（申報 ${declared} 輛）` : ''}`,
      business: (count: number, income: number) => `登記有工商戶或企業 ${count} 戶，月應稅收入 ${n(income)} 元`,
      notRegistered: '戶籍系統中未找到此人',
      otherHousehold: (area: string | null) => `戶籍不在申請人戶內${area ? `（區劃 ${area}）` : ''}`,
      property: (count: number, area: number, declaredNone: boolean) => `家庭名下房產 ${count} 套，共 ${n(area)} 平方米${declaredNone ? '（申報無多餘住房）' : ''}`,
      deposits: (perCapita: number, limit: number, declared: number | null) => `家庭人均存款及金融資產 ${n(perCapita)} 元，超過本地標準 ${n(limit)} 元${declared !== null ? `（申報人均 ${n(declared)} 元）` : ''}`,
    }
  }
  return {
    summary: {
      huji: (f: CheckFound['huji']) => f.registered ? `已登记（区划 ${f.areaCode}）` : '未登记',
      shebao: (f: CheckFound['shebao']) => f.insured ? `工资 ${n(f.monthlyWage)} 元/月，养老金 ${n(f.monthlyPension)} 元/月` : '无参保记录',
      budongchan: (f: CheckFound['budongchan']) => f.properties > 0 ? `${f.properties} 套，共 ${n(f.totalAreaM2)} 平方米` : '无',
      cheliang: (f: CheckFound['cheliang']) => f.vehicles > 0 ? `${f.vehicles} 辆，估值约 ${n(f.estimatedValue)} 元` : '无',
      gongjijin: (f: CheckFound['gongjijin']) => f.monthlyContribution > 0 ? `月缴存 ${n(f.monthlyContribution)} 元` : '无缴存',
      yinhang: (f: CheckFound['yinhang']) => `存款 ${n(f.deposits)} 元，金融资产 ${n(f.financialAssets)} 元`,
      gongshang: (f: CheckFound['gongshang']) => f.businesses > 0 ? `登记 ${f.businesses} 户，月应税收入 ${n(f.monthlyTaxableIncome)} 元` : '无',
    } satisfies { [S in CheckSource]: (f: CheckFound[S]) => string },
    income: (declared: number, found: number, parts: string[]) => `申报月收入 ${n(declared)} 元，核对发现 ${n(found)} 元${parts.length ? `（${parts.join('、')}）` : ''}`,
    parts: { wage: (v: number) => `工资 ${n(v)} 元`, pension: (v: number) => `养老金 ${n(v)} 元`, business: (v: number) => `经营所得 ${n(v)} 元` },
    vehicle: (count: number, value: number, declared: number | null) => `名下有机动车 ${count} 辆，估值约 ${n(value)} 元${declared !== null ? `（申报 ${declared} 辆）` : ''}`,
    business: (count: number, income: number) => `登记有工商户或企业 ${count} 户，月应税收入 ${n(income)} 元`,
    notRegistered: '户籍系统中未找到此人',
    otherHousehold: (area: string | null) => `户籍不在申请人户内${area ? `（区划 ${area}）` : ''}`,
    property: (count: number, area: number, declaredNone: boolean) => `家庭名下房产 ${count} 套，共 ${n(area)} 平方米${declaredNone ? '（申报无多余住房）' : ''}`,
    deposits: (perCapita: number, limit: number, declared: number | null) => `家庭人均存款及金融资产 ${n(perCapita)} 元，超过本地标准 ${n(limit)} 元${declared !== null ? `（申报人均 ${n(declared)} 元）` : ''}`,
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
      sources: ordered.map(f => ({ ...f, sourceName: CHECK_SOURCE_NAMES[f.source][input.lang], summary: summaryOf(t, f) })) as CheckReport['members'][number]['sources'],
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
