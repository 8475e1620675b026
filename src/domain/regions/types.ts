// Region parameters are data with a source and an effective date (policy brief §3):
// they change every year, so no figure lives in code.

export const FIGURE_KEYS = [
  'dibaoMonthly',
  'edgeMultiple',
  'minWageMonthly',
  'tekunMonthly',
  'maxDepositsPerCapita',
  'edgeMaxDepositsPerCapita',
  'jobExemptMonths',
  'disabledJobExemptMonths',
  // Time limits of the procedure, in calendar days per step (due dates of cases, issue #4).
  'acceptDays',
  'checkDays',
  'reviewDays',
  'moreInfoDays',
  // Warnings of active discovery (政策找人, issue #19): self-paid medical spending over 12 months,
  // in yuan, above which a household is flagged; and working days staff have to verify a warning.
  'medicalWarningYuan',
  'warningVerifyWorkingDays',
] as const

export type FigureKey = typeof FIGURE_KEYS[number]

/** One figure; source and effectiveFrom default to the region's own when omitted. */
export interface Figure {
  value: number
  source?: string
  effectiveFrom?: string
}

export interface RegionConfig {
  /** GB/T 2260 code, 6 digits */
  code: string
  name: string
  nameEn: string
  /** GB/T 2260 parent (xxxx00, then xx0000), configured or not; null for a province */
  parent: string | null
  version: string
  /** citation for the region record as a whole */
  source: string
  /** ISO date */
  effectiveFrom: string
  /** fictional data for demos and tests, never law */
  demo?: boolean
  /** a child region sets only the figures it overrides */
  figures: Partial<Record<FigureKey, Figure>>
}

export interface FigureSource {
  source: string
  effectiveFrom: string
  /** the configured region the figure was taken from */
  regionCode: string
}

export type RegionFigures = Record<FigureKey, number>

export interface ResolvedRegion extends RegionFigures {
  /** the code that was asked for (may be a county without its own data) */
  code: string
  /** the nearest configured region: its name, code and record-level citation */
  name: string
  nameEn: string
  configuredCode: string
  version: string
  source: string
  effectiveFrom: string
  demo: boolean
  sources: Record<FigureKey, FigureSource>
}
