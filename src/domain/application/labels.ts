import type { DepartmentCode, Localized } from '../items'
import type { CaseAction, CaseStatus } from './case-status'

/**
 * Short names for timelines, notifications and step owners ("安乐镇 民政部门"). The long
 * names in items.ts say where to go; these say who acted.
 */
export const DEPARTMENT_SHORT_NAMES: Record<DepartmentCode, Localized> = {
  mingzheng: { 'zh-CN': '民政部门', 'en': 'Civil Affairs' },
  yibao: { 'zh-CN': '医保部门', 'en': 'Healthcare Security' },
  jiaoyu: { 'zh-CN': '教育部门', 'en': 'Education' },
  zhujian: { 'zh-CN': '住建部门', 'en': 'Housing and Construction' },
  renshe: { 'zh-CN': '人社部门', 'en': 'Human Resources and Social Security' },
  yingji: { 'zh-CN': '应急管理部门', 'en': 'Emergency Management' },
  canlian: { 'zh-CN': '残联', 'en': 'Disabled Persons\' Federation' },
  fulian: { 'zh-CN': '妇联', 'en': 'Women\'s Federation' },
  dianli: { 'zh-CN': '供电公司', 'en': 'Electricity company' },
}

export const CASE_STATUS_NAMES: Record<CaseStatus, Localized> = {
  waiting: { 'zh-CN': '等待困难身份认定', 'en': 'Waiting for the hardship decision' },
  submitted: { 'zh-CN': '已提交', 'en': 'Submitted' },
  accepted: { 'zh-CN': '已受理', 'en': 'Accepted' },
  checking: { 'zh-CN': '家庭经济状况核对中', 'en': 'Economic check' },
  reviewing: { 'zh-CN': '审核中', 'en': 'Under review' },
  need_more_info: { 'zh-CN': '待补充材料', 'en': 'More information needed' },
  approved: { 'zh-CN': '已批准', 'en': 'Approved' },
  rejected: { 'zh-CN': '未获批准', 'en': 'Not approved' },
  withdrawn: { 'zh-CN': '已撤回', 'en': 'Withdrawn' },
}

export const CASE_ACTION_NAMES: Record<CaseAction, Localized> = {
  start: { 'zh-CN': '开始办理', 'en': 'start' },
  accept: { 'zh-CN': '受理', 'en': 'accept' },
  start_check: { 'zh-CN': '开始核对', 'en': 'start the economic check' },
  start_review: { 'zh-CN': '提交审核', 'en': 'start the review' },
  request_info: { 'zh-CN': '要求补充材料', 'en': 'ask for more information' },
  answer_info: { 'zh-CN': '补充材料', 'en': 'answer the request' },
  approve: { 'zh-CN': '批准', 'en': 'approve' },
  reject: { 'zh-CN': '不予批准', 'en': 'reject' },
  withdraw: { 'zh-CN': '撤回', 'en': 'withdraw' },
}

/** How a step's actor is named when it is not a staff member of a department. */
export const ACTOR_NAMES: Record<'resident' | 'system', Localized> = {
  resident: { 'zh-CN': '申请人', 'en': 'Applicant' },
  system: { 'zh-CN': '系统', 'en': 'System' },
}
