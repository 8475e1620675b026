import type { RegionConfig } from './types'

const PLAN = '浙江省民政厅《浙江省社会救助事业发展“十四五”规划》（浙民助〔2021〕72号，2021-04-16 印发）'
const MIN_WAGE = '浙江省 2021-08-01 起执行的月最低工资标准第一档 2280 元（全省分三档，此处取第一档；以当地档次为准）'
// No limit on deposits appears in the seed texts: 24 months of the income line is an
// estimate so the demo can run; it must be replaced by the published local rule.
const DEPOSIT_ESTIMATE = '演示用估计值：按 24 个月的收入标准估算，并非法定标准；以当地民政部门公布的财产认定办法为准'

const MEDICAL_WARNING = '演示用估计值：滨州“医疗报销超过一定的数额”、浙江“定额医疗费用支出动态预警”均未给出数额；近 12 个月自付医疗费用 2 万元仅供演示，以当地民政、医保部门公布的预警标准为准'
const VERIFY_LIMIT = '演示用估计值：预警信息调查核实时限（工作日），原文未规定，以当地低收入人口动态监测办法为准'
const STEP_LIMITS = '演示用估计值：各步骤办理时限（日历日），以当地社会救助审核确认办法规定的工作日时限为准'

export const region: RegionConfig = {
  code: '330000',
  name: '浙江省',
  nameEn: 'Zhejiang Province',
  parent: null,
  version: '2021.1',
  source: PLAN,
  effectiveFrom: '2021-04-16',
  figures: {
    dibaoMonthly: { value: 886, source: `${PLAN}：2020 年底全省城乡同标 886 元/人/月`, effectiveFrom: '2020-12-31' },
    edgeMultiple: { value: 2, source: `${PLAN}：低保边缘家庭人均月收入认定标准放宽至低保标准的 2 倍（最高不超过最低工资标准）` },
    minWageMonthly: { value: 2280, source: MIN_WAGE, effectiveFrom: '2021-08-01' },
    tekunMonthly: { value: 1410, source: `${PLAN}：2020 年特困供养人员基本生活标准 1410 元/人/月`, effectiveFrom: '2020-12-31' },
    maxDepositsPerCapita: { value: 21264, source: `${DEPOSIT_ESTIMATE}（886 × 24）` },
    edgeMaxDepositsPerCapita: { value: 42528, source: `${DEPOSIT_ESTIMATE}（1772 × 24）` },
    jobExemptMonths: { value: 12, source: `${PLAN}：低保家庭成员首次就业或自主创业的，12 个月内不计算收入` },
    disabledJobExemptMonths: { value: 36, source: `${PLAN}：低保家庭残疾人初次就业、再就业的，3 年内不计算收入` },
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
