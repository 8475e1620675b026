import type { RegionConfig } from './types'

const ADJUSTMENT = '广州市 2021 年 4 月调整社会救助标准（公开新闻报道）'
const DEPOSIT_ESTIMATE = '演示用估计值：按 24 个月的收入标准估算，并非法定标准；以广州市民政局公布的财产认定办法为准'
const EXEMPT_ESTIMATE = '演示用估计值：参照浙江做法（浙民助〔2021〕72号），广州的就业收入豁免期以当地规定为准'

const MEDICAL_WARNING = '演示用估计值：滨州“医疗报销超过一定的数额”、浙江“定额医疗费用支出动态预警”均未给出数额；近 12 个月自付医疗费用 2 万元仅供演示，以当地民政、医保部门公布的预警标准为准'
const VERIFY_LIMIT = '演示用估计值：预警信息调查核实时限（工作日），原文未规定，以当地低收入人口动态监测办法为准'

// Guangdong (440000) has no record yet, so Guangzhou carries every figure itself.
const STEP_LIMITS = '演示用估计值：各步骤办理时限（日历日），以当地社会救助审核确认办法规定的工作日时限为准'

export const region: RegionConfig = {
  code: '440100',
  name: '广州市',
  nameEn: 'Guangzhou',
  parent: '440000',
  version: '2021.1',
  source: ADJUSTMENT,
  effectiveFrom: '2021-04-01',
  figures: {
    dibaoMonthly: { value: 1120, source: `${ADJUSTMENT}：低保标准 1120 元/人/月` },
    edgeMultiple: { value: 1.5, source: `${ADJUSTMENT}：低收入困难家庭认定标准为低保标准的 1.5 倍（1680 元）` },
    minWageMonthly: { value: 2300, source: '广东省 2021-12-01 起执行的最低工资标准：广州市 2300 元/月', effectiveFrom: '2021-12-01' },
    tekunMonthly: { value: 1792, source: `${ADJUSTMENT}：特困人员基本生活标准不低于低保标准的 1.6 倍，即 1792 元/人/月` },
    maxDepositsPerCapita: { value: 26880, source: `${DEPOSIT_ESTIMATE}（1120 × 24）` },
    edgeMaxDepositsPerCapita: { value: 40320, source: `${DEPOSIT_ESTIMATE}（1680 × 24）` },
    jobExemptMonths: { value: 12, source: EXEMPT_ESTIMATE },
    disabledJobExemptMonths: { value: 36, source: EXEMPT_ESTIMATE },
    // Step time limits: the regulations set working-day limits per procedure; these calendar-day
    // figures are demo estimates until the local rules are collected.
    acceptDays: { value: 3, source: STEP_LIMITS },
    checkDays: { value: 10, source: STEP_LIMITS },
    reviewDays: { value: 15, source: STEP_LIMITS },
    moreInfoDays: { value: 15, source: STEP_LIMITS },
    // Warnings (issue #19): the seeds name a medical-spending warning but no amount, and no time
    // limit to verify a warning: both are demo estimates.
    medicalWarningYuan: { value: 20000, source: MEDICAL_WARNING },
    warningVerifyWorkingDays: { value: 10, source: VERIFY_LIMIT },
  },
}
