import type { CheckSource, SourceFinding } from '../../src/domain/application/check-report'

/**
 * The household economic check (家庭经济状况核对): income, property and deposits of each
 * member, gathered from the sources the policy brief lists (户籍, 社保, 不动产, 车辆, 公积金,
 * 银行, 工商/纳税). A real implementation calls the provincial check platform (Zhejiang: 24
 * kinds of data from 12 departments and 73 banks) with the signed authorisations; mock/ holds
 * local sources for the demo households. Replacing it changes nothing else.
 */
export interface EconomicCheckSubject {
  idNumber: string
  name: string
}

export interface EconomicCheckRequest {
  /** The application whose signed authorisations allow the check (the platform asks for them). */
  applicationId: string
  subjects: EconomicCheckSubject[]
}

export interface PersonCheckResult {
  idNumber: string
  /** One finding per source, in the order of CHECK_SOURCES. */
  findings: SourceFinding[]
}

export interface EconomicCheckResult {
  checkedAt: string
  persons: PersonCheckResult[]
}

export interface EconomicCheck {
  check: (request: EconomicCheckRequest) => Promise<EconomicCheckResult>
}

export type { CheckSource, SourceFinding }
