import type { RegistryHousehold, RegistryPerson } from '../server/adapters'
import type { VisitType } from '../src/domain/visits/api'
import type { DemoBenefit } from './benefit-history'
import { monthsBetween } from '../src/domain/happiness-list/totals'
import { shanghaiMonth } from '../src/domain/time'
import { DEMO_HISTORY_START } from './benefit-history'

/**
 * Demo care visits (探访关爱, issue #6), so that 谁来看过我, "my visits", the coverage and the
 * urgent flags are not empty. Dates count back from the moment the demo is seeded (daysAgo), so
 * the current quarter has visits whenever the demo starts. What is seeded:
 *
 * | household (village)       | visits (days ago, who, type)                                        |
 * | 王秀英 (和美村)            | 6 volunteer care (URGENT, open: leaking roof), 40 volunteer care, 100 social worker survey |
 * | 李建国 (和美村)            | 120 social worker survey: ONE old visit only, so e2e counts stay simple |
 * | 陈桂兰 (桃源村)            | 15 social worker care, 75 social worker service (URGENT, resolved by town staff 70 days ago) |
 * | 刘芳 (桃源村), 赵大山 (青山村) | none: both appear under "not visited in 90 days"                 |
 * | 孙志强 (青山村, added here) | 150 town staff (长寿镇) survey                                      |
 *
 * 孙志强 is a household of this file, not of demo-data.ts (adding him there would change the
 * household counts other features' tests check): dibao from 2024-01, stopped about two months
 * before seeding when his wages rose above the line. That makes him the demo's household that
 * "left assistance in the last year and is still due visits" (town2 and county see him).
 * Nobody can bind him as a resident (the mock registry knows demo-data.ts only).
 */

const SUN_ZHIQIANG: RegistryPerson = { idNumber: '339901197003150031', name: '孙志强', relation: 'self', isHead: true, phone: null }

export const DEMO_LEFT_HOUSEHOLD: RegistryHousehold = {
  registryRef: 'DEMO-QS-002',
  areaCode: '339901002001',
  address: '幸福县长寿镇青山村 6 组 2 号',
  members: [SUN_ZHIQIANG],
}

const DIBAO_MONTHLY_FEN = 104_500
/** The dibao stopped on the first day of the month this many days before seeding. */
const LEFT_DAYS_AGO = 60
const MS_PER_DAY = 86_400_000

/** 孙志强's dibao months and the stop, as 民政's feed would send them. */
export function demoAssistanceExit(now: Date): DemoBenefit[] {
  const stopMonth = shanghaiMonth(new Date(now.getTime() - LEFT_DAYS_AGO * MS_PER_DAY))
  const idNumbers = [SUN_ZHIQIANG.idNumber]
  const paid: DemoBenefit[] = monthsBetween(DEMO_HISTORY_START, stopMonth).filter(m => m < stopMonth).map(month => ({
    department: 'mingzheng',
    externalId: `QS002-dibao-${month}`,
    idNumbers,
    item: 'dibao',
    kind: 'cash',
    amountFen: DIBAO_MONTHLY_FEN,
    period: month,
    paidOn: `${month}-10`,
    status: 'paid',
  }))
  return [...paid, {
    department: 'mingzheng',
    externalId: `QS002-dibao-stop-${stopMonth}`,
    idNumbers,
    item: 'dibao',
    kind: 'cash',
    amountFen: 0,
    period: stopMonth,
    paidOn: `${stopMonth}-01`,
    status: 'stopped',
    reference: '家庭收入超过低保标准，低保停发（探访关爱延长一年）',
  }]
}

export interface DemoVisit {
  /** Fixed, so that seeding twice stores nothing twice. */
  clientId: string
  /** registryRef of the household */
  household: string
  /** username of the visitor (mock/demo-data.ts) */
  visitor: string
  type: VisitType
  daysAgo: number
  observations: { dimension: 'economy' | 'health' | 'education' | 'housing' | 'employment' | 'social', level: 'ok' | 'concern' | 'urgent', note: string }[]
  urgentNote?: string
  notes: string
  /** Set for a flag town staff already dealt with. */
  resolved?: { by: string, daysAgo: number }
}

export const DEMO_VISITS: DemoVisit[] = [
  {
    clientId: '7d3c1a52-0a61-4c1e-9a51-3f2b8c0e6a01',
    household: 'DEMO-HM-001',
    visitor: 'volunteer',
    type: 'care',
    daysAgo: 6,
    observations: [
      { dimension: 'health', level: 'concern', note: '腿脚不便，上下楼吃力' },
      { dimension: 'housing', level: 'urgent', note: '屋顶漏雨，卧室进水' },
      { dimension: 'social', level: 'ok', note: '' },
    ],
    urgentNote: '屋顶漏雨，雨天卧室进水，需尽快安排修缮',
    notes: '老人独居，精神尚可。已帮忙挪开床铺，接水的盆放好了。',
  },
  {
    clientId: '7d3c1a52-0a61-4c1e-9a51-3f2b8c0e6a02',
    household: 'DEMO-HM-001',
    visitor: 'volunteer',
    type: 'care',
    daysAgo: 40,
    observations: [
      { dimension: 'health', level: 'ok', note: '血压正常，按时吃药' },
      { dimension: 'social', level: 'ok', note: '' },
    ],
    notes: '陪老人聊天，帮忙打扫院子。',
  },
  {
    clientId: '7d3c1a52-0a61-4c1e-9a51-3f2b8c0e6a03',
    household: 'DEMO-HM-001',
    visitor: 'shegong',
    type: 'survey',
    daysAgo: 100,
    observations: [
      { dimension: 'economy', level: 'concern', note: '仅靠低保和少量养老金' },
      { dimension: 'health', level: 'ok', note: '' },
      { dimension: 'housing', level: 'concern', note: '老房，屋面需检查' },
      { dimension: 'social', level: 'ok', note: '' },
    ],
    notes: '入户调查：核实独居情况，建议纳入居家养老服务。',
  },
  {
    clientId: '7d3c1a52-0a61-4c1e-9a51-3f2b8c0e6a04',
    household: 'DEMO-HM-002',
    visitor: 'shegong',
    type: 'survey',
    daysAgo: 120,
    observations: [
      { dimension: 'economy', level: 'concern', note: '家庭收入偏低' },
      { dimension: 'education', level: 'ok', note: '孩子在读小学' },
      { dimension: 'employment', level: 'concern', note: '户主打零工，收入不稳定' },
    ],
    notes: '入户调查：了解家庭收入和孩子上学情况。',
  },
  {
    clientId: '7d3c1a52-0a61-4c1e-9a51-3f2b8c0e6a05',
    household: 'DEMO-TY-001',
    visitor: 'shegong',
    type: 'care',
    daysAgo: 15,
    observations: [
      { dimension: 'health', level: 'ok', note: '' },
      { dimension: 'education', level: 'concern', note: '孙子功课跟不上，需要辅导' },
    ],
    notes: '联系了村里的大学生志愿者周末辅导功课。',
  },
  {
    clientId: '7d3c1a52-0a61-4c1e-9a51-3f2b8c0e6a06',
    household: 'DEMO-TY-001',
    visitor: 'shegong',
    type: 'service',
    daysAgo: 75,
    observations: [
      { dimension: 'education', level: 'urgent', note: '开学缺校服和学习用品' },
    ],
    urgentNote: '孙子开学缺校服和学习用品',
    notes: '已报镇民政，联系慈善组织。',
    resolved: { by: 'town', daysAgo: 70 },
  },
  {
    clientId: '7d3c1a52-0a61-4c1e-9a51-3f2b8c0e6a07',
    household: 'DEMO-QS-002',
    visitor: 'town2',
    type: 'survey',
    daysAgo: 150,
    observations: [
      { dimension: 'economy', level: 'ok', note: '已在县城找到工作' },
      { dimension: 'employment', level: 'ok', note: '参加过技能培训' },
    ],
    notes: '入户调查：收入已超过低保标准，准备办理退出。',
  },
]
