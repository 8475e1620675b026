import type { CaseStatus, NoteCode } from '../../../src/domain/application/case-status'
import type { ItemCode } from '../../../src/domain/items'
import type { Lang } from '../../../src/domain/lang'
import { CASE_STATUS_NAMES } from '../../../src/domain/application/labels'
import { ITEMS } from '../../../src/domain/items'
import { formatDate } from '../../../src/domain/time'

// Words the server writes for residents: system notes on the timeline, what to do now, and
// notifications. Stored as codes + params, worded when read, so each reader gets their language.

const NOTES: Record<Lang, Record<NoteCode, string>> = {
  'zh-CN': {
    waits_for_hardship: '需先由民政部门认定困难身份，认定后自动开始办理',
    hardship_confirmed: '民政部门已认定困难身份，自动开始办理',
    hardship_not_confirmed: '困难身份未获认定（申请的低保等事项均未批准），此事项无法继续办理',
  },
  'zh-TW': {
    waits_for_hardship: '需先由民政部門認定困難身份，認定後自動開始辦理',
    hardship_confirmed: '民政部門已認定困難身份，自動開始辦理',
    hardship_not_confirmed: '困難身份未獲認定（申請的低保等事項均未批准），此事項無法繼續辦理',
  },
  'en': {
    waits_for_hardship: 'Starts by itself once Civil Affairs has confirmed the household\'s hardship status',
    hardship_confirmed: 'Civil Affairs confirmed the hardship status: this item has started',
    hardship_not_confirmed: 'The hardship status was not confirmed (no dibao or similar item was approved), so this item cannot go on',
  },
}

export function noteText(lang: Lang, code: NoteCode | null, note: string | null): string | null {
  return code ? NOTES[lang][code] : note
}

const TODO: Record<Lang, { needInfo: string }> = {
  'zh-CN': { needInfo: '请补充材料：{request}' },
  'zh-TW': { needInfo: '請補充材料：{request}' },
  'en': { needInfo: 'Please provide more information: {request}' },
}

/** What the resident must do now for a case, or null. */
export function residentTodo(lang: Lang, status: CaseStatus, infoRequest: string | null): string | null {
  if (status === 'need_more_info')
    return fill(TODO[lang].needInfo, { request: infoRequest ?? '' })
  return null
}

export type NotificationParams = Record<string, string | number | null>

const NOTIFICATIONS: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    application_submitted: '申请 {number} 已提交，共 {count} 个事项',
    submitted: '“{item}”已开始办理',
    accepted: '“{item}”已受理',
    checking: '“{item}”正在进行家庭经济状况核对',
    reviewing: '“{item}”进入审核',
    need_more_info: '“{item}”需要补充材料：{reason}',
    approved: '“{item}”已批准，自 {startDate} 起执行',
    approved_amount: '“{item}”已批准，每月 {amount} 元，自 {startDate} 起发放',
    rejected: '“{item}”未获批准：{reason}',
    rejected_dependent: '“{item}”无法继续办理：困难身份未获认定',
    withdrawn: '“{item}”已撤回',
    back: '“{item}”已收到补充材料，恢复为“{status}”',
    household_bound: '您家新绑定了一个账号（手机号 {phone}）。如果不是家人，请在“我的 - 已绑定的账号”中移除',
    need_claimed: '您的微心愿“{description}”已由{organisation}认领',
    need_delivered: '您的微心愿“{description}”已送达，请确认并评价',
  },
  'zh-TW': {
    application_submitted: '申請 {number} 已提交，共 {count} 個事項',
    submitted: '“{item}”已開始辦理',
    accepted: '“{item}”已受理',
    checking: '“{item}”正在進行家庭經濟狀況核對',
    reviewing: '“{item}”進入審核',
    need_more_info: '“{item}”需要補充材料：{reason}',
    approved: '“{item}”已批准，自 {startDate} 起執行',
    approved_amount: '“{item}”已批准，每月 {amount} 元，自 {startDate} 起發放',
    rejected: '“{item}”未獲批准：{reason}',
    rejected_dependent: '“{item}”無法繼續辦理：困難身份未獲認定',
    withdrawn: '“{item}”已撤回',
    back: '“{item}”已收到補充材料，恢復為“{status}”',
    household_bound: '您家新綁定了一個賬號（手機號 {phone}）。如果不是家人，請在“我的 - 已綁定的賬號”中移除',
    need_claimed: '您的微心願“{description}”已由{organisation}認領',
    need_delivered: '您的微心願“{description}”已送達，請確認並評價',
  },
  'en': {
    application_submitted: 'Application {number} was submitted with {count} item(s)',
    submitted: '"{item}" has started',
    accepted: '"{item}" was accepted',
    checking: '"{item}": the household economic check is under way',
    reviewing: '"{item}" is under review',
    need_more_info: '"{item}" needs more information: {reason}',
    approved: '"{item}" was approved, from {startDate}',
    approved_amount: '"{item}" was approved: {amount} yuan a month from {startDate}',
    rejected: '"{item}" was not approved: {reason}',
    rejected_dependent: '"{item}" cannot go on: the hardship status was not confirmed',
    withdrawn: '"{item}" was withdrawn',
    back: '"{item}": your answer was received; the case is back to "{status}"',
    household_bound: 'A new account (mobile {phone}) was linked to your household. If it is not family, remove it under Me – Linked accounts',
    need_claimed: 'Your small wish "{description}" was claimed by {organisation}',
    need_delivered: 'Your small wish "{description}" was delivered. Please confirm and rate it',
  },
}

/** The text of a stored notification in the reader's language. */
export function notificationText(lang: Lang, code: string, params: NotificationParams): string {
  const template = NOTIFICATIONS[lang][code] ?? code
  const item = typeof params.item === 'string' && params.item in ITEMS ? ITEMS[params.item as ItemCode].name[lang] : ''
  const status = typeof params.status === 'string' && params.status in CASE_STATUS_NAMES ? CASE_STATUS_NAMES[params.status as CaseStatus][lang] : ''
  // Dates as every screen shows them (src/domain/time.ts), not as stored.
  const startDate = typeof params.startDate === 'string' ? formatDate(params.startDate, lang) : params.startDate
  return fill(template, { ...params, item, status, ...(params.startDate !== undefined ? { startDate } : {}) })
}

/** Every template of this file in one language, as written, by table and key (for the glossary check). */
export function textCatalog(lang: Lang): Record<string, string> {
  const tables: Record<string, Record<string, string>> = { NOTES: NOTES[lang], TODO: TODO[lang], NOTIFICATIONS: NOTIFICATIONS[lang] }
  return Object.fromEntries(Object.entries(tables).flatMap(([table, texts]) => Object.entries(texts).map(([key, text]) => [`${table}.${key}`, text])))
}

function fill(template: string, params: Record<string, string | number | null>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''))
}
