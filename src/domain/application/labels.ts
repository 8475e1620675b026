import type { DepartmentCode } from '../items'
import type { Localized } from '../lang'
import type { CaseAction, CaseStatus } from './case-status'

/**
 * Short names for timelines, notifications and step owners ("安乐镇 民政部门"). The long
 * names in items.ts say where to go; these say who acted.
 */
export const DEPARTMENT_SHORT_NAMES: Record<DepartmentCode, Localized> = {
  mingzheng: { 'zh-CN': '民政部门', 'zh-TW': '民政部門', 'en': 'Civil Affairs' },
  yibao: { 'zh-CN': '医保部门', 'zh-TW': '醫保部門', 'en': 'Healthcare Security' },
  jiaoyu: { 'zh-CN': '教育部门', 'zh-TW': '教育部門', 'en': 'Education' },
  zhujian: { 'zh-CN': '住建部门', 'zh-TW': '住建部門', 'en': 'Housing and Construction' },
  renshe: { 'zh-CN': '人社部门', 'zh-TW': '人社部門', 'en': 'Human Resources and Social Security' },
  yingji: { 'zh-CN': '应急管理部门', 'zh-TW': '應急管理部門', 'en': 'Emergency Management' },
  canlian: { 'zh-CN': '残联', 'zh-TW': '殘聯', 'en': 'Disabled Persons\' Federation' },
  fulian: { 'zh-CN': '妇联', 'zh-TW': '婦聯', 'en': 'Women\'s Federation' },
  dianli: { 'zh-CN': '供电公司', 'zh-TW': '供電公司', 'en': 'Electricity company' },
}

export const CASE_STATUS_NAMES: Record<CaseStatus, Localized> = {
  waiting: { 'zh-CN': '等待困难身份认定', 'zh-TW': '等待困難身份認定', 'en': 'Waiting for the hardship decision' },
  submitted: { 'zh-CN': '已提交', 'zh-TW': '已提交', 'en': 'Submitted' },
  accepted: { 'zh-CN': '已受理', 'zh-TW': '已受理', 'en': 'Accepted' },
  checking: { 'zh-CN': '家庭经济状况核对中', 'zh-TW': '家庭經濟狀況核對中', 'en': 'Economic check' },
  reviewing: { 'zh-CN': '审核中', 'zh-TW': '審核中', 'en': 'Under review' },
  need_more_info: { 'zh-CN': '待补充材料', 'zh-TW': '待補充材料', 'en': 'More information needed' },
  approved: { 'zh-CN': '已批准', 'zh-TW': '已批准', 'en': 'Approved' },
  rejected: { 'zh-CN': '未获批准', 'zh-TW': '未獲批准', 'en': 'Not approved' },
  withdrawn: { 'zh-CN': '已撤回', 'zh-TW': '已撤回', 'en': 'Withdrawn' },
}

export const CASE_ACTION_NAMES: Record<CaseAction, Localized> = {
  start: { 'zh-CN': '开始办理', 'zh-TW': '開始辦理', 'en': 'start' },
  accept: { 'zh-CN': '受理', 'zh-TW': '受理', 'en': 'accept' },
  start_check: { 'zh-CN': '开始核对', 'zh-TW': '開始核對', 'en': 'start the economic check' },
  start_review: { 'zh-CN': '提交审核', 'zh-TW': '提交審核', 'en': 'start the review' },
  request_info: { 'zh-CN': '要求补充材料', 'zh-TW': '要求補充材料', 'en': 'ask for more information' },
  answer_info: { 'zh-CN': '补充材料', 'zh-TW': '補充材料', 'en': 'answer the request' },
  approve: { 'zh-CN': '批准', 'zh-TW': '批准', 'en': 'approve' },
  reject: { 'zh-CN': '不予批准', 'zh-TW': '不予批准', 'en': 'reject' },
  withdraw: { 'zh-CN': '撤回', 'zh-TW': '撤回', 'en': 'withdraw' },
}

/** How a step's actor is named when it is not a staff member of a department. */
export const ACTOR_NAMES: Record<'resident' | 'system', Localized> = {
  resident: { 'zh-CN': '申请人', 'zh-TW': '申請人', 'en': 'Applicant' },
  system: { 'zh-CN': '系统', 'zh-TW': '系統', 'en': 'System' },
}
