import type { RegionConfig } from './types'

// Fictional region for demos and tests. Its minimum wage (1800) is below 2 × its dibao
// line (2000) on purpose, so the minimum-wage cap on the edge line can be shown.
const STEP_LIMITS = '演示用估计值：各步骤办理时限（日历日），以当地社会救助审核确认办法规定的工作日时限为准'

export const region: RegionConfig = {
  code: '990000',
  name: '演示地区（虚构数据）',
  nameEn: 'Demo region (fictional data)',
  parent: null,
  version: 'demo.1',
  source: '虚构数据，仅用于演示和测试，不是任何地区的政策',
  effectiveFrom: '2024-01-01',
  demo: true,
  figures: {
    dibaoMonthly: { value: 1000 },
    edgeMultiple: { value: 2 },
    minWageMonthly: { value: 1800 },
    tekunMonthly: { value: 1300 },
    maxDepositsPerCapita: { value: 24000 },
    edgeMaxDepositsPerCapita: { value: 43200 },
    jobExemptMonths: { value: 12 },
    disabledJobExemptMonths: { value: 36 },
    // Step time limits: the regulations set working-day limits per procedure; these calendar-day
    // figures are demo estimates until the local rules are collected.
    acceptDays: { value: 3, source: STEP_LIMITS },
    checkDays: { value: 10, source: STEP_LIMITS },
    reviewDays: { value: 15, source: STEP_LIMITS },
    moreInfoDays: { value: 15, source: STEP_LIMITS },
    medicalWarningYuan: { value: 10000 },
    warningVerifyWorkingDays: { value: 10 },
  },
}
