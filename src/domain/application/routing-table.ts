import type { DepartmentCode, ItemCode } from '../items'
import type { CaseStatus } from './case-status'

/**
 * 一证通办 routing as data: which department handles an item, and whether the item waits for
 * 民政's hardship decision (救助一件事: special assistance runs "in series" after the hardship
 * confirmation, policy brief §4). Every case goes to the town (乡镇/街道) of the household's
 * registration, whatever window or device it came from (异地受理).
 *
 * `afterHardship`: the item needs a confirmed hardship status (dibao, dibao_edge, tekun or
 * expense_hardship). If the household already has one, or the application asks for none, the
 * item starts at once; otherwise it waits for the first hardship item's decision.
 */
export interface Route {
  department: DepartmentCode
  afterHardship: boolean
}

/** The items whose approval confirms hardship. */
export const HARDSHIP_ITEMS: readonly ItemCode[] = ['dibao', 'dibao_edge', 'tekun', 'expense_hardship']

export const ROUTING_TABLE: Record<ItemCode, Route> = {
  dibao: { department: 'mingzheng', afterHardship: false },
  dibao_edge: { department: 'mingzheng', afterHardship: false },
  expense_hardship: { department: 'mingzheng', afterHardship: false },
  tekun: { department: 'mingzheng', afterHardship: false },
  temporary: { department: 'mingzheng', afterHardship: false },
  vagrant: { department: 'mingzheng', afterHardship: false },
  funeral: { department: 'mingzheng', afterHardship: false },
  orphan: { department: 'mingzheng', afterHardship: false },
  disaster: { department: 'yingji', afterHardship: false },
  medical: { department: 'yibao', afterHardship: true },
  education: { department: 'jiaoyu', afterHardship: true },
  housing: { department: 'zhujian', afterHardship: true },
  employment: { department: 'renshe', afterHardship: true },
  electricity: { department: 'dianli', afterHardship: true },
  disability_allowance: { department: 'canlian', afterHardship: false },
  child_rehab: { department: 'canlian', afterHardship: false },
  two_cancers: { department: 'fulian', afterHardship: false },
}

/**
 * Which region figure limits each step (calendar days from the day the case entered it): the
 * time limits are region data, like every other figure (src/domain/regions).
 */
export const STEP_DUE_FIGURE: Partial<Record<CaseStatus, 'acceptDays' | 'checkDays' | 'reviewDays' | 'moreInfoDays'>> = {
  submitted: 'acceptDays',
  accepted: 'acceptDays',
  checking: 'checkDays',
  reviewing: 'reviewDays',
  need_more_info: 'moreInfoDays',
}

export interface PlannedCase {
  item: ItemCode
  department: DepartmentCode
  /** 'submitted' starts at once; 'waiting' waits for the hardship decision. */
  initialStatus: 'submitted' | 'waiting'
}

/**
 * Turns the chosen items into cases. `alreadyConfirmed`: the household already holds a
 * hardship status (e.g. receives dibao), so nothing needs to wait.
 */
export function planCases(items: readonly ItemCode[], alreadyConfirmed: boolean): PlannedCase[] {
  const unique = [...new Set(items)]
  const asksHardship = unique.some(i => HARDSHIP_ITEMS.includes(i))
  return unique.map((item) => {
    const route = ROUTING_TABLE[item]
    const waits = route.afterHardship && !alreadyConfirmed && asksHardship
    return { item, department: route.department, initialStatus: waits ? 'waiting' : 'submitted' }
  })
}
